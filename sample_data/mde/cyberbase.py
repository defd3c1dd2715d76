"""The Cyber-base Emploi visit log: one row per visit, exported monthly by the Cyber-base tool
(`mde/{year}/cyberbase_visites_{YYYY-MM}.csv`, UTF-8 with BOM, `;`, dd/mm/yyyy).

2025 is built by construction from the report: users per site, public and sex (35 people used
both sites: they count once in the totals), follow-ups, visits per site, individual appointments,
workshop sessions and the distinct people attending them. Earlier years are free simulation.
Every user keeps the same attributes on all their visits. Everything is fictitious.
"""
from __future__ import annotations

import itertools

from sample_data.mde.common import REPORT_YEAR, YEARS, day_in, deal, rng, scaled, split

COLUMNS = ["id_passage", "date_passage", "site", "id_usager", "sexe", "public", "suivi", "service", "id_atelier", "atelier"]
SITES = ("Lambersart", "Marcq-en-Barœul")
# users of 2025 by (sites, public, sex): both sites, Lambersart only, Marcq only
USERS_2025 = {
    (SITES, "Adulte", "F"): 3, (SITES, "Jeune", "F"): 11, (SITES, "Jeune", "H"): 21,
    (SITES[:1], "Adulte", "F"): 109, (SITES[:1], "Adulte", "H"): 84, (SITES[:1], "Jeune", "F"): 136,
    (SITES[:1], "Jeune", "H"): 138,
    (SITES[1:], "Adulte", "F"): 12, (SITES[1:], "Adulte", "H"): 11, (SITES[1:], "Jeune", "F"): 127,
    (SITES[1:], "Jeune", "H"): 145,
}
FOLLOWED_2025 = {"Adulte": 75, "Jeune": 511}  # by the PLIE (adults), the Mission Locale (young)
VISITS_2025 = {"Lambersart": 1377, "Marcq-en-Barœul": 426}
APPOINTMENTS_2025 = {"Lambersart": 430, "Marcq-en-Barœul": 126}  # 556
WORKSHOPS_2025 = {"Lambersart": (80, 289, 420), "Marcq-en-Barœul": (23, 70, 100)}  # sessions, people, visits
WORKSHOP_TITLES = ("Atelier CV", "Atelier lettre de motivation", "Techniques de recherche d'emploi",
                   "Préparer un job dating", "Créer son espace France Travail", "Simulation d'entretien")
OTHER_SERVICES = ("Utilisation autonome", "Utilisation autonome", "Aide ponctuelle")


def visits(seed: int) -> list[dict]:
    rows: list[dict] = []
    users = (f"CB-{n:05d}" for n in itertools.count(1))
    for year in YEARS:
        r = rng("cyberbase", year, seed)
        if year == REPORT_YEAR:
            plan = USERS_2025
        else:
            plan = {k: scaled(v, year, r) for k, v in USERS_2025.items()}
        people = []  # (id, sites, public, sex, follow-up)
        for (sites, public, sexe), n in plan.items():
            people += [(next(users), sites, public, sexe) for _ in range(n)]
        r.shuffle(people)
        followed = {}
        for public, n in FOLLOWED_2025.items():
            group = [p for p in people if p[2] == public]
            k = n if year == REPORT_YEAR else round(len(group) * n / sum(v for (s, pub, x), v in USERS_2025.items() if pub == public))
            flags = deal({True: k, False: len(group) - k}, r)
            followed.update({p[0]: flag for p, flag in zip(group, flags)})
        attributes = {p[0]: p for p in people}
        in_workshops: set[str] = set()  # a person attends workshops at one site only: 359 distinct
        for site in SITES:
            site_users = [p[0] for p in people if site in p[1]]
            if year == REPORT_YEAR:
                total, appointments = VISITS_2025[site], APPOINTMENTS_2025[site]
                sessions, attendees, workshop_visits = WORKSHOPS_2025[site]
            else:
                ratio = len(site_users) / sum(v for (sites, _, _), v in USERS_2025.items() if site in sites)
                total = round(VISITS_2025[site] * ratio)
                appointments = round(APPOINTMENTS_2025[site] * ratio)
                sessions, attendees, workshop_visits = (max(1, round(x * ratio)) for x in WORKSHOPS_2025[site])
                attendees = min(attendees, len(site_users), workshop_visits)
            visits_of = _site_visits(site[0], site_users, total, appointments, sessions, attendees, workshop_visits,
                                     year, r, in_workshops)
            for day, uid, service, session in visits_of:
                _, _, public, sexe = attributes[uid]
                follow = ("PLIE" if public == "Adulte" else "Mission Locale") if followed[uid] else r.choice(("Aucun", ""))
                rows.append({"date_passage": day, "site": site, "id_usager": uid, "sexe": sexe, "public": public,
                             "suivi": follow, "service": service, "id_atelier": session[0] if session else "",
                             "atelier": session[1] if session else ""})
    rows.sort(key=lambda row: (row["date_passage"], row["site"], row["id_usager"], row["service"]))
    for n, row in enumerate(rows, start=1):
        row["id_passage"] = f"P{row['date_passage'].year}-{n:06d}"
    return rows


def _site_visits(site_code, users, total, appointments, sessions, attendees, workshop_visits, year, r, in_workshops):
    """(day, user, service, session) for every visit of a site: every user at least once."""
    out = []
    # workshop sessions: each person's k visits go to k distinct sessions, every session used
    session_days = sorted(day_in(year, r) for _ in range(sessions))
    session_ids = [(f"AT{year}-{site_code}{i:03d}", r.choice(WORKSHOP_TITLES), day)
                   for i, day in enumerate(session_days, start=1)]
    workshop_people = r.sample([u for u in users if u not in in_workshops], attendees)
    in_workshops.update(workshop_people)
    counts = split(workshop_visits, attendees, r) if attendees else []
    slot = 0
    for uid, k in zip(workshop_people, counts):
        for _ in range(min(k, sessions)):
            sid, title, day = session_ids[slot % sessions]
            out.append((day, uid, "Atelier", (sid, title)))
            slot += 1
    covered = set(workshop_people)
    uncovered = [u for u in users if u not in covered]
    r.shuffle(uncovered)
    # individual appointments: first to users not yet seen, then anyone
    for i in range(appointments):
        uid = uncovered[i] if i < len(uncovered) else r.choice(users)
        out.append((day_in(year, r), uid, "Rendez-vous individuel", None))
    rest = uncovered[appointments:]
    others = total - len(out)
    for i in range(others):
        uid = rest[i] if i < len(rest) else r.choice(users)
        out.append((day_in(year, r), uid, r.choice(OTHER_SERVICES), None))
    return out

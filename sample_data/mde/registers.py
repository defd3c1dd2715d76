"""The records of the MDE's hand-kept registers, one list of dicts per register (keys: the
contract's column names, values: dates, numbers, text), every year from 2019 to 2025.

2025 is built by construction so that the published figures come out exactly (the counts below
are the report's); earlier years are simulated freely at plausible magnitudes. Every record's
`_day` is the date that puts it in its month's workbook. Keys never repeat within a register.
Everything is fictitious.
"""
from __future__ import annotations

import datetime as dt
import itertools

from sample_data.mde.common import (
    HISTORY_SCALE, METROPOLIS_COMMUNES, QPV_MNO_COMMUNES, REPORT_YEAR, YEARS, company, day_in, deal, mno_commune,
    person_name, rng, scaled, split,
)

Y = REPORT_YEAR

# ------------------------------------------------------------------------------------------
# 2025, as published
# ------------------------------------------------------------------------------------------
EVENTS_2025 = [  # (day, name, type, place, exhibitors, participants, interviews)
    ((2, 27), "Décroche ton Job ou ta Formation « IAE »", "Décroche ton Job", "Lambersart", 10, 54, 105),
    ((3, 27), "20e Salon Les Clés de l'Emploi", "Salon", "Marquette-lez-Lille", 160, 2578, None),
    ((5, 20), "Rendez-vous des Possibles", "Rendez-vous des Possibles", "Quesnoy-sur-Deûle", 3, 15, None),
    ((5, 30), "Décroche ton Job ou ta Formation « Jobs d'été - Jobs étudiants - Alternance »", "Décroche ton Job",
     "Lambersart", 12, 55, 95),
    ((6, 4), "Job Dating spécial jeunes 16-25 ans", "Job Dating", "Pérenchies", 4, 89, None),
    ((6, 19), "Job Dating spécial métiers de la Fonction Publique", "Job Dating", "Lambersart", 4, 81, None),
    ((9, 18), "Job Dating spécial métiers de la Transition Écologique", "Job Dating", "Lambersart", 7, 40, None),
    ((10, 16), "Décroche ton Job ou ta Formation « Commerce et Logistique »", "Décroche ton Job", "Lambersart", 11, 52, 121),
    ((11, 20), "Job Dating multi-secteurs", "Job Dating", "Pérenchies", 29, 142, None),
    ((12, 4), "Job Dating Séniors", "Job Dating", "Lambersart", 11, 111, None),
]
EXTERNAL_2025 = [
    ((1, 16), "Salon du Lycéen et de l'Étudiant", "Lille Grand Palais"), ((1, 20), "Lille Tables et Toques", "Lille"),
    ((2, 6), "Jobfest", "Lomme"), ((2, 28), "Viva Fabrica", "Lille Grand Palais"),
    ((3, 6), "Forum Alternance de la Région", "Lille"), ((3, 21), "Salon de l'Apprentissage", "Lille Grand Palais"),
    ((4, 3), "Job dating Energie Emploi d'Avenir", "Lille"), ((4, 23), "Salon de l'Emploi et du Recrutement", "Wambrechies"),
    ((5, 14), "Salon Jeunes d'Avenir", "Villeneuve d'Ascq"), ((5, 14), "Job Day", "Lambersart"),
    ((5, 22), "Les rencontres de l'Emploi", "Marcq-en-Barœul"), ((6, 3), "Forum Métropolitain de l'Alternance", "Lille"),
    ((7, 3), "Forum Mobilité", "Lille"), ((7, 3), "Job Dating CFA BTP", "Roubaix"),
    ((9, 16), "Human Day", "Lille Grand Palais"), ((9, 23), "Forum Alternance", "Mons-en-Barœul"),
    ((9, 29), "Cérémonie « Les Entreprises s'Engagent »", "Marcq-en-Barœul"),
    ((9, 30), "Garden Party des Entreprises", "Verlinghem"), ((10, 7), "Adopt 1 Job", "Tourcoing"),
    ((10, 10), "Forum BTP durable", "Lille"), ((10, 16), "Matinale reconversion et VAE", "Marcq-en-Barœul"),
    ((11, 20), "Alternance Party", "Lille"), ((11, 25), "Job Dating événementiel et tourisme d'affaires", "Lille"),
    ((11, 28), "Salon Profession'L", "Tourcoing"),
]
PARTICIPATIONS = ("Tenue de stand", "Animation d'atelier", "Co-organisation", "Mobilisation de publics")
CREATION_2025 = {  # type -> participants per action
    "Atelier collectif": [9, 8, 7, 10, 6, 9, 8, 8],  # 8 workshops, 65 participants
    "Village de la Création": [57],
    "Concours de créateurs": [10],
    "Autre événement": [15, 12],
}
CREATION_TITLES = {
    "Atelier collectif": ("Mardi de la création : {}", ("étude de marché", "statuts juridiques", "financement",
                                                         "reprise d'entreprise", "micro-entreprise", "prévisionnel",
                                                         "communication", "aides à la création")),
    "Village de la Création": ("Village de la Création, Salon Les Clés de l'Emploi", ("",)),
    "Concours de créateurs": ("MNO Talents Créa", ("",)),
    "Autre événement": ("{}", ("Forum de la création", "Petit-déjeuner des créateurs", "Rencontre des repreneurs")),
}
HOLDERS_2025 = {"total": 48, "mno": 46, "F": 21}
ORIENTATIONS_2025 = 119
CREATIONS_2025 = 24
PARTNERS = ("BGE Hauts-de-France", "Initiative Lille Métropole Nord", "CCI Grand Lille", "Chambre de Métiers",
            "France Active", "ADIE", "Réseau Entreprendre", "Boutique de Gestion")
LEGAL_FORMS = ("Micro-entreprise", "SASU", "EURL", "SARL", "SAS")
ACTIVITIES = ("Coiffure à domicile", "Restauration rapide", "Nettoyage", "Conseil", "Bâtiment", "Commerce en ligne",
              "Services à la personne", "Photographie", "Transport", "Esthétique")
AWARENESS_2025 = 349
AWARENESS_TOPICS = {"Alternance": 45, "PEC": 15, "Clause d'insertion": 15, "Recrutement": 20, "Autre": 5}
WORK_STUDY_MONTHS = (9, 8, 7, 6, 6, 6, 7, 5, 14, 12, 10, 8)  # contracts start all year, most in the autumn
WORK_STUDY_2025 = {"Apprentissage": 102, "Professionnalisation": 7}
PEC_2025 = {"started_before": 8, "started": 7}
TEMP_2025 = {"people": 234, "contracts": 673}
AGENCIES = ("ACTUA", "ADECCO", "AGO", "ALLIANCE", "CRIT", "DOMINO", "MANPOWER", "PARTNAIRE", "RANDSTAD",
            "SUPPLAY", "SYNERGIE", "PROMAN")
JOBS = ("Préparateur de commandes", "Cariste", "Manutentionnaire", "Agent de production", "Agent d'entretien",
        "Aide-maçon", "Employé libre-service", "Chauffeur livreur")
RECRUITMENT_2025 = [((9, 8), "Smyths Toys", 31, 12, 0)]
RECRUITERS = ("Agenor", "Clinitex", "Domaliance", "GSF Pluton Nord", "Satelec", "Véolia", "Niryo")
CLAUSE_OPERATIONS_2025 = {True: 14, False: 68}  # sur_le_territoire -> operations running in 2025
# clause workers of 2025: residents on MNO operations only, on both kinds, on other operations only
# (98 residents, 8 of them on MNO operations), and non-residents (on MNO operations only); hours
CLAUSE_WORKERS_2025 = {"mno_only": 6, "both": 2, "other_only": 90, "non_resident": 29}
CLAUSE_RESIDENT_HOURS_MNO, CLAUSE_RESIDENT_HOURS_OTHER, CLAUSE_NON_RESIDENT_HOURS = 1215, 40062, 6701
CLAUSE_COMPANIES_2025 = 88
CONTRACTING = ("Ville de Lambersart", "Ville de Marcq-en-Barœul", "MEL", "Lille Métropole Habitat", "Vilogia",
               "Partenord Habitat", "Région Hauts-de-France", "Département du Nord", "Ville de La Madeleine")
WORKS = ("Réhabilitation de logements", "Construction d'un groupe scolaire", "Rénovation énergétique",
         "Aménagement d'espaces publics", "Construction d'une salle de sport", "Entretien des espaces verts",
         "Voirie et réseaux", "Extension de la médiathèque", "Nettoyage des locaux")
MOBILITY_2025 = {
    "Abonnement transport": {"aids": 742, "people": 469, "mno": 90, "qpv": 155},
    "Carte carburant": {"aids": 97, "people": 55, "mno": 38, "qpv": 9},
    "Billet de train": {"aids": 21, "people": 13, "mno": 8, "qpv": 2},
}
BUS_2025 = [((3, 27), "Salon Les Clés de l'Emploi", 25), ((5, 14), "Salon Jeunes d'Avenir", 22),
            ((11, 20), "Alternance Party", 21)]
SIAE_2025 = {"ACI": 65, "EI": 16, "AI": 17, "ETTI": 18}
SIAE_STRUCTURES = {"ACI": ("Atelier Chantier Les Jardins de la Deûle", "ACI Recyclerie du Nord", "ACI Bâti-Insertion"),
                   "EI": ("EI Propreté Services", "EI Restaurant Solidaire"),
                   "AI": ("AI Services Plus", "AI Coup de Main"),
                   "ETTI": ("ETTI Intérim Solidaire", "ETTI Tremplin")}


def _d(month_day: tuple[int, int], year: int = Y) -> dt.date:
    return dt.date(year, *month_day)


def _serials(prefix: str):
    return (f"{prefix}-{n:05d}" for n in itertools.count(1))


def _named(record: dict, sexe: str, r) -> dict:
    nom, prenom = person_name(sexe, r)
    return {**record, "nom": nom, "prenom": prenom}


# ------------------------------------------------------------------------------------------
# Employment events
# ------------------------------------------------------------------------------------------
def events(seed: int) -> dict[str, list[dict]]:
    organised, external = [], []
    for year in YEARS:
        r = rng("events", year, seed)
        if year == Y:
            rows = [(_d(md), name, kind, place, e, p, i) for md, name, kind, place, e, p, i in EVENTS_2025]
            visits = [(_d(md), name, place) for md, name, place in EXTERNAL_2025]
        else:
            rows = []
            for md, name, kind, place, e, p, i in EVENTS_2025[: scaled(10, year, r) or 1]:
                day = day_in(year, r, md[0])
                label = name.replace("20e", f"{20 - (Y - year)}e")
                factor = 0.5 if year == 2020 and kind != "Salon" else r.uniform(0.7, 1.2)
                rows.append((day, label, kind, place, max(1, round(e * factor)), max(5, round(p * factor)),
                             None if i is None else max(1, round(i * factor))))
            picks = r.sample(EXTERNAL_2025, min(len(EXTERNAL_2025), scaled(24, year, r)))
            visits = sorted({(day_in(year, r, md[0]), name, place) for md, name, place in picks})
        organised += [{"_day": d, "date_evenement": d, "evenement": n, "type_evenement": k, "lieu": pl,
                       "exposants": e, "participants": p, "entretiens": i} for d, n, k, pl, e, p, i in rows]
        external += [{"_day": d, "date_evenement": d, "evenement": n, "lieu": pl,
                      "participation": r.choice(PARTICIPATIONS)} for d, n, pl in visits]
    return {"mde__evenements": organised, "mde__evenements_externes": external}


# ------------------------------------------------------------------------------------------
# Business creation (MNO Créa)
# ------------------------------------------------------------------------------------------
def creation(seed: int) -> dict[str, list[dict]]:
    actions, holders, orientations, created = [], [], [], []
    ids = _serials("CR")
    previous: list[str] = []  # holders received the year before: some create their business now
    for year in YEARS:
        r = rng("creation", year, seed)
        for kind, sizes in CREATION_2025.items():
            count = len(sizes) if year == Y else scaled(len(sizes), year, r)
            template, topics = CREATION_TITLES[kind]
            for n in range(count):
                size = sizes[n] if year == Y else max(3, round(sizes[n % len(sizes)] * HISTORY_SCALE[year] * r.uniform(0.85, 1.15)))
                day = _d((3, 27), year) if kind == "Village de la Création" else day_in(year, r, 1 + (n * 12) // max(count, 1) % 12)
                topic = topics[n % len(topics)]
                actions.append({"_day": day, "date_action": day, "action": template.format(topic).strip(),
                                "type_action": kind, "participants": size})
        # project holders received: exact attributes in 2025
        total = HOLDERS_2025["total"] if year == Y else scaled(HOLDERS_2025["total"], year, r)
        women = HOLDERS_2025["F"] if year == Y else round(total * r.uniform(0.35, 0.5))
        mno = HOLDERS_2025["mno"] if year == Y else total - r.randint(0, 3)
        sexes, residents = deal({"F": women, "H": total - women}, r), deal({True: mno, False: total - mno}, r)
        people = []
        for n, (sexe, resident) in enumerate(zip(sexes, residents)):
            pid = next(ids)
            commune = mno_commune(r) if resident else r.choice(METROPOLIS_COMMUNES)
            first = day_in(year, r, n % 12 + 1)  # holders are received all year round
            visits = sorted({first} | ({day_in(year, r, max(first.month, r.randint(1, 12)))} if r.random() < 0.25 else set()))
            for day in visits:  # a second appointment is a second row of the same person
                holders.append(_named({"_day": day, "id_porteur": pid, "telephone": f"06 {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}",
                                       "date_accueil": day, "sexe": sexe, "code_commune": commune,
                                       "projet": r.choice(ACTIVITIES)}, sexe, r))
            people.append((pid, visits[0]))
        # orientations to partners (the year's holders), exact count in 2025
        n_orient = ORIENTATIONS_2025 if year == Y else scaled(ORIENTATIONS_2025, year, r)
        keys = set()
        while len(keys) < n_orient:
            pid, first = r.choice(people)
            day = first + dt.timedelta(days=r.randint(0, 40))
            if day.year != year:
                day = first
            keys.add((pid, day, r.choice(PARTNERS)))
        orientations += [{"_day": d, "id_porteur": p, "date_orientation": d, "partenaire": partner}
                         for p, d, partner in sorted(keys)]
        # businesses created: holders of this year or the previous one, each once
        n_created = CREATIONS_2025 if year == Y else scaled(CREATIONS_2025, year, r)
        pool = [p for p, _ in people] + previous
        for pid in r.sample(pool, min(n_created, len(pool))):
            day = day_in(year, r)
            created.append({"_day": day, "id_porteur": pid, "date_creation": day,
                            "forme_juridique": r.choice(LEGAL_FORMS), "activite": r.choice(ACTIVITIES)})
        previous = [p for p, _ in people]
    return {"mde__creation_actions": actions, "mde__creation_porteurs": holders,
            "mde__creation_orientations": orientations, "mde__creation_entreprises": created}


# ------------------------------------------------------------------------------------------
# Employer relations
# ------------------------------------------------------------------------------------------
def employers(seed: int) -> dict[str, list[dict]]:
    awareness, work_study, pec, temp, recruitment = [], [], [], [], []
    ids = _serials("EM")
    for year in YEARS:
        r = rng("employers", year, seed)
        n = AWARENESS_2025 if year == Y else scaled(AWARENESS_2025, year, r)
        keys = set()
        while len(keys) < n:
            keys.add((day_in(year, r), company(r), r.choices(list(AWARENESS_TOPICS), list(AWARENESS_TOPICS.values()))[0]))
        awareness += [{"_day": d, "date_contact": d, "entreprise": c, "interlocuteur": " ".join(person_name("F", r)),
                       "dispositif": t} for d, c, t in sorted(keys)]
        counts = WORK_STUDY_2025 if year == Y else {k: scaled(v, year, r) for k, v in WORK_STUDY_2025.items()}
        for kind in deal(counts, r):
            start = day_in(year, r, r.choices(range(1, 13), WORK_STUDY_MONTHS)[0])
            sexe = r.choice("FH")
            work_study.append(_named({"_day": start, "id_personne": next(ids), "entreprise": company(r),
                                      "type_contrat": kind, "date_debut": start,
                                      "date_fin": start + dt.timedelta(days=r.choice((365, 730)))}, sexe, r))
        # PEC: 2025 follows 8 started in 2024 (still running in 2025) and 7 started in 2025;
        # every other one is over by 20/12/2024
        last_day = dt.date(Y - 1, 12, 20)
        if year == Y:
            contracts = [(day_in(year, r, r.randint(1, 11)), r.choice((None, None, dt.date(Y, 12, 31))))
                         for _ in range(PEC_2025["started"])]
        else:
            contracts = []
            if year == Y - 1:
                contracts += [(day_in(year, r, m), r.choice((None, dt.date(Y, r.randint(1, 11), 15))))
                              for m in sorted(r.sample(range(2, 13), PEC_2025["started_before"]))]
            for _ in range(scaled(10, year, r) if year < Y - 1 else 3):
                start = day_in(year, r, r.randint(1, 6) if year == Y - 1 else None)
                contracts.append((start, max(start + dt.timedelta(days=20), min(start + dt.timedelta(days=r.randint(150, 330)), last_day))))
        for start, end in contracts:
            pec.append(_named({"_day": start, "id_personne": next(ids), "employeur": r.choice(CONTRACTING),
                               "date_debut": start, "date_fin": end}, r.choice("FH"), r))
        # temporary work: exact people and contracts in 2025
        people = TEMP_2025["people"] if year == Y else scaled(TEMP_2025["people"], year, r)
        contracts = TEMP_2025["contracts"] if year == Y else round(people * r.uniform(2.4, 3.0))
        per_person = split(contracts, people, r)
        for count in per_person:
            pid = next(ids)
            keys = set()
            while len(keys) < count:
                keys.add((r.choice(AGENCIES), day_in(year, r)))
            for agency, start in sorted(keys):
                temp.append({"_day": start, "id_personne": pid, "agence": agency, "date_debut": start,
                             "date_fin": start + dt.timedelta(days=r.randint(1, 60)), "poste": r.choice(JOBS)})
        ops = RECRUITMENT_2025 if year == Y else [((r.randint(2, 11), 10), who, r.randint(5, 20), r.randint(2, 10),
                                                   r.randint(0, 2)) for who in r.sample(RECRUITERS, r.randint(0, 2))]
        recruitment += [{"_day": _d(md, year), "entreprise": who, "date_debut": _d(md, year), "pmsmp": p, "cdd": c,
                         "cdi": i} for md, who, p, c, i in ops]
    return {"mde__sensibilisations": awareness, "mde__alternance": work_study, "mde__pec": pec,
            "mde__interim": temp, "mde__recrutements": recruitment}


# ------------------------------------------------------------------------------------------
# Insertion clauses
# ------------------------------------------------------------------------------------------
def _months_between(start: dt.date, end: dt.date | None, year: int) -> list[int]:
    first = 1 if start.year < year else start.month
    last = 12 if end is None or end.year > year else end.month
    return list(range(first, last + 1)) if start.year <= year and (end is None or end.year >= year) else []


def clauses(seed: int) -> dict[str, list[dict]]:
    r = rng("clauses", 0, seed)
    operations: list[dict] = []
    serial = itertools.count(1)

    def operation(mno: bool, start: dt.date, end: dt.date | None) -> dict:
        op = {"_day": start, "id_operation": f"OP-{next(serial):04d}", "operation": f"{r.choice(WORKS)}",
              "maitre_d_ouvrage": r.choice(CONTRACTING[:2] + CONTRACTING[8:]) if mno else r.choice(CONTRACTING[2:8]),
              "sur_le_territoire": "O" if mno else "N", "date_debut": start, "date_fin": end}
        operations.append(op)
        return op

    # operations running in 2025: exact counts; about a third started in 2025
    started_2025 = itertools.count()
    for mno, count in CLAUSE_OPERATIONS_2025.items():
        for i in range(count):
            if i % 3 == 0:  # started in 2025, in every month of it
                start = day_in(Y, r, next(started_2025) % 12 + 1)
                end = r.choice((None, dt.date(Y, 12, 31))) if start.month > 6 else r.choice((None, day_in(Y, r, r.randint(7, 12))))
            else:
                start = day_in(r.randint(Y - 3, Y - 1), r)
                end = r.choice((None, day_in(Y, r, r.randint(7, 12))))
            operation(mno, start, end)
    # earlier operations, all over by the end of 2024
    for year in YEARS[:-1]:
        months = 11 if year == Y - 1 else 12  # over by 15/12/2024
        for k, mno in enumerate([True] * 4 + [False] * 12):
            start = day_in(year, r, k * 5 % months + 1)
            end = min(start + dt.timedelta(days=r.randint(120, 700)), dt.date(Y - 1, 12, 15))
            operation(mno, start, end)

    hours, companies = [], []
    people = _serials("CL")
    for year in YEARS:
        ry = rng("clause-hours", year, seed)
        running = {True: [], False: []}
        for op in operations:
            months = _months_between(op["date_debut"], op["date_fin"], year)
            if months:
                running[op["sur_le_territoire"] == "O"].append((op, months))
        if year == Y:
            groups = dict(CLAUSE_WORKERS_2025)
            totals = {"resident_mno": CLAUSE_RESIDENT_HOURS_MNO, "resident_other": CLAUSE_RESIDENT_HOURS_OTHER,
                      "non_resident": CLAUSE_NON_RESIDENT_HOURS}
        else:
            groups = {"mno_only": scaled(6, year, ry), "both": 2, "other_only": scaled(90, year, ry),
                      "non_resident": scaled(29, year, ry)}
            totals = {"resident_mno": round(1215 * ry.uniform(0.6, 2.5)),
                      "resident_other": round(400 * groups["other_only"] * ry.uniform(0.8, 1.2)),
                      "non_resident": round(230 * groups["non_resident"] * ry.uniform(0.8, 1.2))}
        residents = {g: [(next(people), mno_commune(ry)) for _ in range(n)] for g, n in groups.items() if g != "non_resident"}
        outsiders = [(next(people), ry.choice(METROPOLIS_COMMUNES)) for _ in range(groups["non_resident"])]
        plan = [  # (workers, on MNO operations?, hours in hundredths)
            (residents["mno_only"] + residents["both"], True, totals["resident_mno"] * 100),
            (residents["both"] + residents["other_only"], False, totals["resident_other"] * 100),
            (outsiders, True, totals["non_resident"] * 100),
        ]
        for workers, mno, hundredths in plan:
            if not workers or not running[mno]:
                continue
            for (pid, commune), total in zip(workers, split(hundredths, len(workers), ry, minimum=2000)):
                # a mission in a month taken at random (all months alike), on an operation running then
                anchor = ry.randint(1, 12)
                op, months = ry.choice([(o, m) for o, m in running[mno] if anchor in m] or running[mno])
                others = [m for m in months if m != anchor]
                chosen = sorted({anchor if anchor in months else months[0]} | set(ry.sample(others, min(len(others), ry.randint(0, 5)))))
                sexe = ry.choice("FHH")
                for month, part in zip(chosen, split(total, len(chosen), ry, minimum=100)):
                    day = dt.date(year, month, 1)
                    hours.append(_named({"_day": day, "id_operation": op["id_operation"], "id_personne": pid,
                                         "code_commune": commune, "mois": day, "heures": part / 100}, sexe, ry))
        # companies supported: distinct SIRET, some on two operations
        n = CLAUSE_COMPANIES_2025 if year == Y else scaled(CLAUSE_COMPANIES_2025, year, ry)
        ops = running[True] + running[False]
        for k in range(n):
            siret = f"{ry.randint(3, 9)}{ry.randint(10**12, 10**13 - 1)}"
            name = company(ry)
            for op, months in ry.sample(ops, 2 if k % 5 == 0 and len(ops) > 1 else 1):
                day = day_in(year, ry, ry.choice(months))
                companies.append({"_day": day, "siret": siret, "entreprise": name, "id_operation": op["id_operation"],
                                  "date_accompagnement": day})
    return {"mde__clauses_operations": operations, "mde__clauses_heures": hours, "mde__clauses_entreprises": companies}


# ------------------------------------------------------------------------------------------
# Mobility aids and SIAE placements
# ------------------------------------------------------------------------------------------
def mobility(seed: int) -> dict[str, list[dict]]:
    aids, bus = [], []
    ids = _serials("MO")
    for year in YEARS:
        r = rng("mobility", year, seed)
        for kind, target in MOBILITY_2025.items():
            if year == Y:
                people, n_aids, mno, qpv = target["people"], target["aids"], target["mno"], target["qpv"]
            else:
                people = scaled(target["people"], year, r)
                n_aids = max(people, round(people * target["aids"] / target["people"] * r.uniform(0.9, 1.1)))
                mno, qpv = round(people * 0.2), round(people * 0.3)
            # residents of MNO (some in its QPVs) and of the rest of the metropolis
            qpv_mno = min(mno, qpv // 5)
            profiles = ([(True, True)] * qpv_mno + [(True, False)] * (mno - qpv_mno)
                        + [(False, True)] * (qpv - qpv_mno) + [(False, False)] * (people - mno - qpv + qpv_mno))
            r.shuffle(profiles)
            for (resident, in_qpv), count in zip(profiles, split(n_aids, people, r)):
                pid = next(ids)
                commune = (r.choice(QPV_MNO_COMMUNES) if in_qpv else mno_commune(r)) if resident else r.choice(METROPOLIS_COMMUNES)
                sexe = r.choice("FH")
                nom, prenom = person_name(sexe, r)
                months = sorted(r.sample(range(1, 13), min(count, 12)))
                days = [day_in(year, r, m) for m in months] + [day_in(year, r) for _ in range(count - len(months))]
                for day in sorted(set(days)) if len(set(days)) == count else _distinct_days(days, year, r):
                    aids.append({"_day": day, "id_personne": pid, "nom": nom, "prenom": prenom, "date_aide": day,
                                 "type_aide": kind, "code_commune": commune, "qpv": "O" if in_qpv else "N"})
        trips = BUS_2025 if year == Y else [((m, 15), dest, r.randint(12, 30)) for (m, _), dest, _ in
                                            r.sample(BUS_2025, r.randint(1, 3))]
        bus += [{"_day": _d(md, year), "date_deplacement": _d(md, year), "destination": dest, "participants": n}
                for md, dest, n in trips]
    return {"mde__mobilite": aids, "mde__mobilite_bus": bus}


def _distinct_days(days: list[dt.date], year: int, r) -> list[dt.date]:
    unique = set(days)
    while len(unique) < len(days):
        unique.add(day_in(year, r))
    return sorted(unique)


def siae(seed: int) -> dict[str, list[dict]]:
    rows = []
    ids = _serials("SI")
    for year in YEARS:
        r = rng("siae", year, seed)
        counts = SIAE_2025 if year == Y else {k: scaled(v, year, r) for k, v in SIAE_2025.items()}
        for kind in deal(counts, r):
            day = day_in(year, r)
            rows.append(_named({"_day": day, "id_personne": next(ids), "date_placement": day,
                                "structure": r.choice(SIAE_STRUCTURES[kind]), "type_structure": kind}, r.choice("FH"), r))
    return {"mde__siae": rows}


def all_registers(seed: int) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for build in (events, creation, employers, clauses, mobility, siae):
        out.update(build(seed))
    return out

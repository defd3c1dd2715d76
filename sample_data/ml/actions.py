"""Synthetic registers of the Mission Locale's own collective actions and partnerships: deterministic
sample data in the layouts of ``docs/ml-actions-extracts.md`` (contracts: ``schemas/ml_actions.py``).

What belongs here: the simulation of fictitious young people's attendance at collective actions,
individual appointments, scheme enrolments, departures abroad, civic-service missions, France
Travail orientations and prospection operations, calibrated so that the 2025 records reproduce the
published ``ml.*`` figures of this part (and 2024 gives the psychologist's +12 %), and the CSV
writing. What does not: the i-milo extracts (``sample_data/ml/__init__.py`` and its modules),
parsing, validation and the figures themselves (SQL models in ``dbt_like_sql/ml/``).

How the data are built (same bytes for the same seed, on any machine, any day):

1. Each year 2019-2025 gets targets: the published figures for 2025 (``TARGETS_2025``), scaled
   plausible magnitudes for earlier years, and 269 held psychologist appointments in 2024
   (301 / 269 = +11.9 %, printed +12 %).
2. Every distinct-people figure is built by construction: the exact set of young people is drawn
   from the year's pool, each is given at least one counted record (present at an action of the
   theme, a held appointment, an enrolment of the year...), then extra records that cannot change
   the figure are added: repeat attendance, no-shows and cancellations, absent or excused
   registrants, partners' staff at actions open to them, themes no figure counts.
3. Records spanning years that count in 2025 either start in 2025 or are carried over from 2024:
   scheme enrolments of earlier years end by 31/12/2024 unless 2025's targets carry them over;
   civic-service missions are laid out over all years at once (those started in a year that run
   into the next are exactly the next year's carried-over missions, about 42 in 47).
   Records are spread over the months so that no month looks empty or swollen to the volume
   plausibility check (config/plausibility.yaml).
4. Each record is written to the file of the month it is dated in (action date, appointment date,
   enrolment or mission start, departure, orientation, operation); a month without records gets a
   header-only file. One correction is re-exported the way real exports do it: an action of 2023
   moved to the next month appears in both months' files, the later one holding the new date.
"""
from __future__ import annotations

import csv
import datetime as dt
import pathlib
import random

from sample_data.formats import french_date

__all__ = ["write_ml_actions_extracts", "build_ml_actions_rows", "COLUMNS", "TARGETS_2025"]

FIRST_YEAR, REPORT_YEAR = 2019, 2025
PSYCHOLOGIST_APPOINTMENTS_2024 = 269  # 301 in 2025: +11.9 %, printed "+12 %"
ENCODING, SEPARATOR, LINE_END = "cp1252", ";", "\r\n"

COLUMNS: dict[str, list[str]] = {
    "actions_collectives": ["id_action", "date_action", "theme", "intitule", "partenaire"],
    "participations_actions": ["id_action", "date_action", "id_participant", "categorie_participant", "presence"],
    "entretiens_individuels": ["id_entretien", "id_jeune", "date_entretien", "type_entretien", "statut", "commentaire"],
    "inscriptions_dispositifs": [
        "id_inscription", "id_jeune", "date_naissance", "dispositif", "date_debut", "date_fin", "id_parrain",
        "en_regle_obligation_formation", "commentaire",
    ],
    "departs_internationaux": ["id_depart", "id_jeune", "programme", "projet", "partenaire", "pays", "date_depart", "date_retour"],
    "missions_service_civique": ["id_mission", "id_jeune", "structure_accueil", "agrement", "date_debut", "date_fin"],
    "orientations_ft": ["id_orientation", "id_jeune", "date_orientation", "connu_ml", "prise_en_charge", "date_prise_en_charge"],
    "prospection": ["id_operation", "date_operation", "type_contact", "id_contact", "structure", "besoins_recueillis"],
}
REGISTERS = tuple(COLUMNS)

# --------------------------------------------------------------------------------------------
# 2025 targets: the published figures of this part (rapport d'activité 2025)
# --------------------------------------------------------------------------------------------
TARGETS_2025 = {
    # collective actions: theme -> (actions, distinct young people present)
    "collective": {
        "Santé - Nutrition": (12, 138),
        "Santé - Activité physique": (20, 182),
        "Découverte des métiers": (18, 61),
        "Mobilité internationale - Atelier": (39, 70),
        "Mobilité internationale - Forum": (1, 111),
        "Atelier formation": (55, 240),
        "Culture": (28, 320),
        "Service civique - Formation civique": (5, 20),
        "Comité des usagers": (4, 34),
        "Travaux IBS": (6, 13),
        "Atelier recherche d'emploi": (40, 260),
        "Information collective": (24, 300),
    },
    "seeph": (3, 58, 18),  # actions, young people, partners' staff (76 attendees)
    "discriminations": (6, 4, 63),  # workshops, of which with PRISMA, young people
    "service_civique_awareness": (7, 56),  # information meetings (+ 1 engagement forum), young people
    "coaching": (80, 25, 16, 6),  # individual only, both, collective only; collective sessions
    # individual appointments: type -> (distinct young people, held appointments)
    "appointments": {
        "Déléguée sociale CPAM": (84, 97),
        "Bilan de santé": (48, 48),
        "Psychologue": (49, 301),
        "Mobilité internationale": (108, 121),
    },
    # schemes: (young people enrolled during the year, of whom carried over from the year before)
    "schemes": {
        "FSE+ Alternance": (80, 30),
        "FSE+ Numérique": (66, 20),
        "FSE+ Handicap": (68, 35),
        "Parrainage": (54, 20),
        "JSMJ milieu fermé": (18, 6),
        "JSMJ milieu ouvert": (9, 3),
    },
    "lycees_pro": {"Parcours Ambition Emploi": 52, "Tous Droits Ouverts": 38, "Avenir Pro": 29},  # 119 enrolments
    "lycees_pro_young": 107,  # 12 young people in two schemes
    "obligation_formation": (198, 70, 5),  # minors, of whom carried over, adults still enrolled (not counted)
    "parrains": 7,
    "departures": [  # (programme, project, partner, countries, young people)
        ("Erasmus+", "Let's go pro", "Let's go pro", ("Allemagne", "Irlande", "Malte", "Espagne", "Portugal"), 17),
        ("Échanges de jeunes", "Ryse", "Centre Gaïa", ("Portugal",), 5),
        ("Échanges de jeunes", None, "OFCI", ("Italie",), 1),
        ("Service Civique International", "SCI - Ambassadeurs", None, ("Bénin", "Côte d'Ivoire"), 3),
        ("Corps Européen de Solidarité", None, "ADICE", ("Grèce", "Espagne"), 3),
        ("Volontariat de Solidarité Internationale", None, "Impulso", ("Guatemala",), 1),
        ("Au pair", None, "Cultura Care", ("États-Unis",), 1),
    ],
    "civic_service": (42, 47, 20),  # carried over from 2024, started in 2025, of which under the ML's agreement (89 in mission)
    "orientations": (311, 93, 4),  # young people oriented, unknown to the ML, oriented twice
    "prospection": ({"France Travail": 8, "Association": 8, "Cap Emploi": 2, "Conseil Départemental": 1, "APEC": 1}, 73, 20),
}

SCHEME_DAYS = {  # (min, max) length of an enrolment
    "FSE+ Alternance": (120, 420), "FSE+ Numérique": (30, 150), "FSE+ Handicap": (120, 540),
    "Parrainage": (90, 300), "JSMJ milieu fermé": (60, 240), "JSMJ milieu ouvert": (90, 360),
    "Parcours Ambition Emploi": (60, 180), "Tous Droits Ouverts": (60, 240), "Avenir Pro": (30, 120),
    "Obligation de formation": (90, 420),
}
PARTNERS = {
    "SEEPH": "Cap Emploi", "Santé - Nutrition": "ARS Hauts-de-France", "Santé - Activité physique": "ARS Hauts-de-France",
    "Culture": None, "Discriminations": "PRISMA", "Travaux IBS": "Institut Bertrand Schwartz",
}
HOSTS = ("Mairie de Lambersart", "Mairie de Wambrechies", "Restos du Coeur La Madeleine", "Unis-Cité Lille",
         "Ligue de l'enseignement 59", "Banque Alimentaire du Nord", "Croix-Rouge Marcq-en-Barœul", "AFEV Lille")
NOTES = ("RDV reporté à la demande du jeune", "Orienté vers le CMP", "Dossier complet", "A relancer")


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
def _rng(seed: int, name: str) -> random.Random:
    return random.Random(f"{seed}:{name}")


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _weekday(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    day = _day(rng, first, last)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day if day >= first else first


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _d(day: dt.date | None) -> str:
    return french_date(day) if day else ""


def _young_pool(year: int) -> list[str]:
    """The i-milo ids of the young people the ML follows in a year: a sliding window of ids (a
    young person is followed for a few years, from 16 to 25)."""
    start = 4_100_000 + (year - FIRST_YEAR) * 900
    return [str(n) for n in range(start, start + 3_600)]


def _spread(rng: random.Random, people: list[str], n_slots: int) -> list[list[str]]:
    """Deal people over n_slots (each slot at least one person when there are enough)."""
    shuffled = list(people)
    rng.shuffle(shuffled)
    slots: list[list[str]] = [[] for _ in range(n_slots)]
    for i, person in enumerate(shuffled):
        slots[i % n_slots if i < n_slots else rng.randrange(n_slots)].append(person)
    return slots


class _Ids:
    def __init__(self) -> None:
        self.counters: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}-{self.counters[prefix]:06d}"


# --------------------------------------------------------------------------------------------
# The year's targets
# --------------------------------------------------------------------------------------------
def _scale(value: int, factor: float, rng: random.Random, floor: int = 1) -> int:
    return max(floor, round(value * factor * rng.uniform(0.9, 1.1)))


def _targets(year: int, rng: random.Random) -> dict:
    """2025: the published figures; earlier years: the same shape at a plausible scale."""
    if year == REPORT_YEAR:
        return TARGETS_2025
    factor = {2019: 0.55, 2020: 0.45, 2021: 0.6, 2022: 0.7, 2023: 0.8, 2024: 0.9}[year]
    t = TARGETS_2025
    collective = {}
    for theme, (n_actions, young) in t["collective"].items():
        if theme == "Travaux IBS":  # the IBS work began in May 2025
            continue
        n = _scale(n_actions, factor, rng)
        collective[theme] = (n, max(n, _scale(young, factor, rng)))
    appointments = {}
    for kind, (young, held) in t["appointments"].items():
        y = _scale(young, factor, rng)
        appointments[kind] = (y, max(y, _scale(held, factor, rng)))
    if year == 2024:
        appointments["Psychologue"] = (44, PSYCHOLOGIST_APPOINTMENTS_2024)
    schemes = {k: (_scale(n, factor, rng), _scale(c, factor, rng)) for k, (n, c) in t["schemes"].items()}
    lycees = {k: _scale(n, factor, rng) for k, n in t["lycees_pro"].items()} if year >= 2023 else {}
    minors = _scale(t["obligation_formation"][0], factor, rng) if year >= 2021 else 0  # obligation since 2020
    departures = [(p, proj, part, countries, _scale(n, factor, rng, floor=0)) for p, proj, part, countries, n in t["departures"]]
    if year in (2020, 2021):  # hardly anyone left during the pandemic
        departures = [(p, proj, part, c, n // 4) for p, proj, part, c, n in departures]
    oriented = _scale(t["orientations"][0], factor, rng)
    return {
        "collective": collective,
        "seeph": (rng.randint(2, 3), _scale(58, factor, rng), _scale(18, factor, rng)),
        "discriminations": (max(2, _scale(6, factor, rng)), 2, _scale(63, factor, rng)),
        "service_civique_awareness": (_scale(7, factor, rng), _scale(56, factor, rng)),
        "coaching": (_scale(80, factor, rng), _scale(25, factor, rng), _scale(16, factor, rng), rng.randint(3, 6)),
        "appointments": appointments,
        "schemes": schemes,
        "lycees_pro": lycees,
        "lycees_pro_young": sum(lycees.values()),
        "obligation_formation": (minors, 0, 0),
        "parrains": rng.randint(4, 7),
        "departures": departures,
        # (carried over from the year before, started in the year, of which under the ML's agreement);
        # the missions carried into 2025 start in 2024: at least that many start in 2024
        "civic_service": (_scale(42, factor, rng), max(_scale(47, factor, rng), 45 if year == 2024 else 0), _scale(20, factor, rng)),
        "orientations": (oriented, round(oriented * rng.uniform(0.25, 0.4)), 0),
        "prospection": (
            {"France Travail": rng.randint(4, 8), "Association": rng.randint(4, 8), "Cap Emploi": 1}, rng.randint(40, 65), rng.randint(10, 18)
        ) if year >= 2023 else None,
    }


# --------------------------------------------------------------------------------------------
# The simulation
# --------------------------------------------------------------------------------------------
class _Builder:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.ids = _Ids()
        self.rows: dict[str, list[tuple[dt.date, list[str]]]] = {r: [] for r in REGISTERS}
        self.civic: dict[int, tuple[int, int, int]] = {}
        self.scheme_targets: dict[int, tuple[dict[str, tuple[int, int]], int]] = {}

    # ---- collective actions ----------------------------------------------------------------
    def action(self, rng, day: dt.date, theme: str, title: str, partner: str | None,
               present: list[str], partners_staff: list[str] = (), absent: list[str] = ()) -> str:
        aid = self.ids.next("AC")
        self.rows["actions_collectives"].append((day, [aid, _d(day), theme, title, partner or ""]))
        attendees = [(p, "Jeune", "Présent") for p in present]
        attendees += [(p, "Partenaire", "Présent") for p in partners_staff]
        attendees += [(p, "Jeune", rng.choice(("Absent", "Excusé"))) for p in absent if p not in present]
        for person, category, presence in sorted(attendees):
            self.rows["participations_actions"].append((day, [aid, _d(day), person, category, presence]))
        return aid

    def theme(self, rng, year: int, theme: str, n_actions: int, young: list[str], pool: list[str],
              months: tuple[int, int] = (1, 12), partner: str | None = None, partnered: int | None = None,
              partners_staff: list[str] = ()) -> None:
        """n_actions actions of a theme in year, exactly `young` present at one or more of them."""
        span = list(range(months[0], months[1] + 1))
        offset = rng.randrange(len(span))  # actions spread evenly over the months
        days = sorted(_weekday(rng, dt.date(year, m, 2), dt.date(year, m, 27))
                      for m in (span[(offset + i) % len(span)] for i in range(n_actions)))
        groups = _spread(rng, young, n_actions) if young else [[] for _ in range(n_actions)]
        for i, (day, group) in enumerate(zip(days, groups)):
            repeats = [p for p in young if p not in group and rng.random() < 0.8 / max(n_actions, 1)]
            absent = rng.sample(pool, rng.randint(0, 3))
            with_partner = partner if partnered is None else (partner if i < partnered else None)
            staff = [s for s in partners_staff if rng.random() < 0.5] if partners_staff else []
            self.action(rng, day, theme, f"{theme} n°{i + 1}", with_partner, group + repeats, staff, absent)

    # ---- individual appointments --------------------------------------------------------------
    def appointments(self, rng, year: int, kind: str, young: list[str], held: int, pool: list[str]) -> None:
        """Exactly `held` held appointments of `kind`, each of `young` at least once; no-shows besides."""
        counts = {p: 1 for p in young}
        for _ in range(held - len(young)):
            counts[rng.choice(young)] += 1
        records = []
        for person, n in counts.items():
            records += [(person, "Réalisé")] * n
        records += [(rng.choice(pool), rng.choice(("Absent", "Annulé"))) for _ in range(max(1, held // 12))]
        first, last = dt.date(year, 1, 2), dt.date(year, 12, 22)
        dated = sorted((_weekday(rng, first, last), person, status) for person, status in records)
        for day, person, status in dated:
            note = rng.choice(NOTES) if rng.random() < 0.1 else ""
            self.rows["entretiens_individuels"].append(
                (day, [self.ids.next("EI"), person, _d(day), kind, status, note]))

    # ---- scheme enrolments -----------------------------------------------------------------------
    def enrolment(self, rng, person: str, birth: dt.date, scheme: str, start: dt.date, end: dt.date | None,
                  mentor: str = "", compliant: str = "") -> None:
        note = rng.choice(NOTES) if rng.random() < 0.05 else ""
        self.rows["inscriptions_dispositifs"].append((start, [
            self.ids.next("DI"), person, _d(birth), scheme, _d(start), _d(end), mentor, compliant, note]))

    def birth_for_age(self, rng, at: dt.date, lo: int, hi: int) -> dt.date:
        """A birth date making the person aged lo..hi (exactly, birthday included) on `at`."""
        return _day(rng, _years_before(at, hi + 1) + dt.timedelta(days=1), _years_before(at, lo))

    def lycee_scheme_year(self, rng, year: int, scheme: str, young: list[str]) -> None:
        """Vocational-school scheme enrolments starting in year, one per young person; earlier
        years' end by 31/12/2024, so that 2025 counts only what 2025's targets say."""
        lo, hi = SCHEME_DAYS[scheme]
        for person in young:
            start = _weekday(rng, dt.date(year, 1, 2), dt.date(year, 12, 30))
            end = start + dt.timedelta(days=rng.randint(lo, hi))
            if year < REPORT_YEAR:
                end = min(end, dt.date(REPORT_YEAR - 1, 12, 31))
            elif end > dt.date(REPORT_YEAR, 12, 31) and rng.random() < 0.5:
                end = None  # still running at the export
            self.enrolment(rng, person, self.birth_for_age(rng, start, 16, 19), scheme, start, end)

    def obligation_formation(self, rng, year: int, minors: list[str], carried: int, adults: list[str]) -> None:
        """Training obligation: `minors` under 18 on their enrolment's first day within year (a few
        turn 18 a few days later, in the same month), `adults` already 18 then (not counted)."""
        lo, hi = SCHEME_DAYS["Obligation de formation"]
        for i, person in enumerate(minors):
            if i < carried:
                start = _weekday(rng, dt.date(year - 1, 6, 1), dt.date(year - 1, 12, 30))
            else:
                start = _weekday(rng, dt.date(year, 1, 2), dt.date(year, 12, 30))
            reference = max(start, dt.date(year, 1, 1))
            if i % 40 == 7 and reference.day <= 25:  # turns 18 later in the reference month: still a minor that day
                birth = _years_before(reference, 18) + dt.timedelta(days=3)
            else:
                birth = self.birth_for_age(rng, reference, 16, 17)
            eighteen = _years_before(birth, -18)
            end = min(start + dt.timedelta(days=rng.randint(lo, hi)), eighteen)
            end = max(end, reference)
            if year < REPORT_YEAR:
                end = min(end, dt.date(REPORT_YEAR - 1, 12, 31))
            self.enrolment(rng, person, birth, "Obligation de formation", start, end, compliant="O")
        for person in adults:  # enrolled in the year before, 18 since before 1 January, not closed yet
            start = _weekday(rng, dt.date(year - 1, 2, 1), dt.date(year - 1, 6, 30))
            birth = self.birth_for_age(rng, dt.date(year, 1, 1), 18, 18)
            self.enrolment(rng, person, birth, "Obligation de formation", start, None if year == REPORT_YEAR else dt.date(year, 2, 28),
                           compliant=rng.choice("ON"))

    # ---- one year ------------------------------------------------------------------------------
    def year(self, year: int) -> None:
        rng = _rng(self.seed, f"year-{year}")
        t = _targets(year, rng)
        pool = _young_pool(year)
        partners = [f"CT-{n:05d}" for n in range(10_000 + (year - FIRST_YEAR) * 40, 10_040 + (year - FIRST_YEAR) * 40)]

        def draw(n: int) -> list[str]:
            return sorted(rng.sample(pool, n))

        # collective actions, theme by theme
        for theme, (n_actions, n_young) in t["collective"].items():
            months = {"Mobilité internationale - Forum": (3, 3), "Travaux IBS": (5, 12)}.get(theme, (1, 12))
            self.theme(rng, year, theme, n_actions, draw(n_young), pool, months, PARTNERS.get(theme))
        n_seeph, n_young, n_staff = t["seeph"]
        self.theme(rng, year, "SEEPH", n_seeph, draw(n_young), pool, (11, 11), "Cap Emploi")
        staff = partners[:n_staff]  # every partner comes to one SEEPH action at least
        seeph_days = [_weekday(rng, dt.date(year, 11, 14), dt.date(year, 11, 21)) for _ in staff]
        self.action(rng, max(seeph_days), "SEEPH", "SEEPH : rencontre des partenaires", "Cap Emploi", [], staff)
        n_workshops, n_partnered, n_young = t["discriminations"]
        self.theme(rng, year, "Discriminations", n_workshops, draw(n_young), pool, partner="PRISMA",
                   partnered=n_partnered, partners_staff=partners[20:24])
        n_meetings, n_young = t["service_civique_awareness"]
        aware = draw(n_young)
        forum_people = aware[: len(aware) // 4]
        self.theme(rng, year, "Service civique - Réunion d'information", n_meetings, aware[len(aware) // 4:], pool)
        self.action(rng, _weekday(rng, dt.date(year, 10, 1), dt.date(year, 10, 3)), "Service civique - Forum de l'engagement",
                    "Forum de l'engagement", None, forum_people, partners[30:33], rng.sample(pool, 2))
        only_individual, both, only_collective, sessions = t["coaching"]
        coached = draw(only_individual + both + only_collective)
        self.appointments(rng, year, "Coaching", coached[: only_individual + both], (only_individual + both) * 2, pool)
        self.theme(rng, year, "Coaching collectif", sessions, coached[only_individual:], pool)

        # individual appointments
        for kind, (n_young, held) in t["appointments"].items():
            self.appointments(rng, year, kind, draw(n_young), held, pool)

        # scheme enrolments
        self.scheme_targets[year] = (t["schemes"], t["parrains"])  # laid out over all years at once
        if t["lycees_pro"]:  # every young person in one scheme, a few in a second one
            lycee_young = draw(t["lycees_pro_young"])
            room = dict(t["lycees_pro"])
            members: dict[str, list[str]] = {scheme: [] for scheme in room}
            for person in lycee_young:
                scheme = rng.choice([s for s, left in room.items() if left > 0])
                members[scheme].append(person)
                room[scheme] -= 1
            for scheme, left in room.items():
                members[scheme] += rng.sample([p for p in lycee_young if p not in members[scheme]], left)
            for scheme, people in members.items():
                self.lycee_scheme_year(rng, year, scheme, people)
        minors, carried, n_adults = t["obligation_formation"]
        if minors:
            people = draw(minors + n_adults)
            self.obligation_formation(rng, year, people[:minors], carried, people[minors:])

        # departures abroad
        leaving = draw(sum(n for *_, n in t["departures"]))
        months = [1 + k % 12 for k in range(len(leaving))]  # departures all year round
        rng.shuffle(months)
        for programme, project, partner, countries, n in t["departures"]:
            for _ in range(n):
                person = leaving.pop()
                month = months.pop()
                start = _weekday(rng, dt.date(year, month, 2), dt.date(year, month, 27))
                weeks = {"Erasmus+": rng.choice((4, 13)), "Échanges de jeunes": 2, "Au pair": 52}.get(programme, rng.randint(26, 52))
                self.rows["departs_internationaux"].append((start, [
                    self.ids.next("DP"), person, programme, project or "", partner or "", rng.choice(countries),
                    _d(start), _d(start + dt.timedelta(weeks=weeks))]))

        self.civic[year] = t["civic_service"]  # laid out over all years at once: missions span two years

        # orientations from France Travail: young people oriented, unknown to the ML at the first one
        oriented, unknown, twice = t["orientations"]
        people = draw(oriented)
        orientations = [(p, i < unknown) for i, p in enumerate(people)]
        months = [1 + k % 12 for k in range(oriented)]  # orientations all year round
        rng.shuffle(months)
        for (person, is_unknown), month in zip(orientations, months):
            day = _weekday(rng, dt.date(year, month, 2), dt.date(year, month, 14 if month == 12 else 27))
            dates = [day] + ([day + dt.timedelta(days=rng.randint(10, 20))] if people.index(person) >= oriented - twice else [])
            for k, oriented_on in enumerate(dates):
                taken_on = min(oriented_on + dt.timedelta(days=rng.randint(1, 15)), dt.date(year, 12, 31))
                in_charge = year == REPORT_YEAR or rng.random() < 0.97
                self.rows["orientations_ft"].append((oriented_on, [
                    f"FT-{year}-{self.ids.next('OR')[3:]}", person, _d(oriented_on), "N" if is_unknown and k == 0 else "O",
                    "O" if in_charge else "N", _d(taken_on) if in_charge else ""]))

        # shared prospection: one operation a year since 2023, after a kick-off meeting in January 2023
        if year == 2023:
            day = dt.date(2023, 1, 17)
            operation = self.ids.next("PR")
            self.rows["prospection"] += [(day, [operation, _d(day), "Professionnel", f"CT-{20_000 + k}", structure, ""])
                                         for k, structure in ((1, "France Travail"), (2, "Association"))]
        if t["prospection"]:
            professionals, n_companies, needs = t["prospection"]
            day = dt.date(year, 4, 22) if year == REPORT_YEAR else _weekday(rng, dt.date(year, 3, 1), dt.date(year, 6, 30))
            operation = self.ids.next("PR")
            rows = []
            k = 0
            for structure, n in professionals.items():
                for _ in range(n):
                    k += 1
                    rows.append([operation, _d(day), "Professionnel", f"CT-{20_000 + year * 10 + k}", structure, ""])
            companies = sorted(rng.sample(range(10_000_000, 99_999_999), n_companies))
            company_needs = [0] * n_companies
            for _ in range(needs):
                company_needs[rng.randrange(n_companies)] += 1
            for siren, need in zip(companies, company_needs):
                rows.append([operation, _d(day), "Entreprise", f"{siren}00018", "", str(need)])
            self.rows["prospection"] += [(day, row) for row in rows]

    # ---- FSE+ projects, mentoring, justice ---------------------------------------------------------
    def schemes(self) -> None:
        """Enrolments of every year in the schemes of TARGETS_2025["schemes"]: n young people
        enrolled during each year, those carried over from the year before included. The
        enrolments started in year y that run into y+1 are exactly y+1's carried-over ones; the
        others end within y. Mentors are PA-00000, PA-00001...: as many as the year's target."""
        rng = _rng(self.seed, "schemes")
        for scheme in TARGETS_2025["schemes"]:
            lo, hi = SCHEME_DAYS[scheme]
            carried: list[str] = []
            for year in sorted(self.scheme_targets):
                targets, n_mentors = self.scheme_targets[year]
                n, _ = targets[scheme]
                starters_n = n - len(carried)
                following = self.scheme_targets.get(year + 1)
                next_carried = following[0][scheme][1] if following else round(starters_n * 0.4)
                running_over = min(next_carried, starters_n)
                starters = sorted(rng.sample([p for p in _young_pool(year) if p not in set(carried)], starters_n))
                rng.shuffle(starters)
                months = sorted((1 + k % 12 for k in range(starters_n)), reverse=True)  # the latest run over
                for i, (person, month) in enumerate(zip(starters, months)):
                    start = _weekday(rng, dt.date(year, month, 2), dt.date(year, month, 27))
                    if i < running_over:
                        end = max(dt.date(year + 1, 1, 5), start + dt.timedelta(days=rng.randint(lo, hi)))
                        end = min(end, dt.date(year + 1, 12, 30))  # never into the year after next
                        if year == REPORT_YEAR and rng.random() < 0.5:
                            end = None  # still running at the export
                    else:
                        end = min(start + dt.timedelta(days=rng.randint(lo, hi)), dt.date(year, 12, 30))
                    mentor = f"PA-{i % n_mentors:05d}" if scheme == "Parrainage" else ""
                    self.enrolment(rng, person, self.birth_for_age(rng, start, 17, 24), scheme, start, end, mentor)
                carried = starters[:running_over]

    # ---- civic service ---------------------------------------------------------------------------
    def civic_service(self) -> None:
        """Missions of every year: those started in year y that run into y+1 (started from June)
        are exactly the ones y+1 carries over; the others end within y. The young people starting
        a mission in y are not those carried into y (each counts once in the missions of y)."""
        rng = _rng(self.seed, "civic-service")
        carried: list[str] = []
        for year in sorted(self.civic):
            _, started, agreement_ml = self.civic[year]
            next_carried = self.civic[year + 1][0] if year + 1 in self.civic else round(started * 0.8)
            running_over = min(next_carried, started)
            starters = sorted(rng.sample([p for p in _young_pool(year) if p not in set(carried)], started))
            rng.shuffle(starters)
            under_ml = set(rng.sample(starters, agreement_ml))
            # missions start all year round; those running into the next year are the latest
            months = sorted((1 + k % 12 for k in range(started)), reverse=True)
            for i, (person, month) in enumerate(zip(starters, months)):
                start = _weekday(rng, dt.date(year, month, 2), dt.date(year, month, 27))
                if i < running_over:  # ends in the next year (at most twelve months)
                    end = max(dt.date(year + 1, 1, 15), start + dt.timedelta(days=30 * rng.randint(6, 10)))
                else:  # ends within the year, early if it started late
                    end = min(start + dt.timedelta(days=30 * rng.randint(6, 8)), dt.date(year, 12, 20))
                agreement = "ML" if person in under_ml else "Structure d'accueil"
                self.rows["missions_service_civique"].append((start, [
                    self.ids.next("SC"), person, rng.choice(HOSTS), agreement, _d(start), _d(end)]))
            carried = starters[:running_over]

    # ---- a correction, re-exported -------------------------------------------------------------
    def reexport_correction(self) -> None:
        """An action of 2023 (its first one dated in the first week of a month from February on)
        was first exported eight days earlier, in the previous month's file, with its attendance:
        that stale copy stays in the older file, and staging keeps the later export."""
        rows = self.rows["actions_collectives"]
        day, row = next((d, r) for d, r in rows if d.year == 2023 and d.month >= 2 and d.day <= 7)
        stale = day - dt.timedelta(days=8)
        rows.append((stale, [row[0], _d(stale), *row[2:]]))
        for _, r in list(self.rows["participations_actions"]):
            if r[0] == row[0]:
                self.rows["participations_actions"].append((stale, [r[0], _d(stale), *r[2:]]))


def build_ml_actions_rows(seed: int = 20251) -> dict[str, list[tuple[dt.date, list[str]]]]:
    """(file date, CSV row) per register, every simulated year."""
    builder = _Builder(seed)
    for year in range(FIRST_YEAR, REPORT_YEAR + 1):
        builder.year(year)
    builder.civic_service()
    builder.schemes()
    builder.reexport_correction()
    return builder.rows


def write_ml_actions_extracts(extracts_dir: pathlib.Path, first_year: int = FIRST_YEAR, last_year: int = REPORT_YEAR,
                              seed: int = 20251) -> list[pathlib.Path]:
    """Write every monthly register file under extracts_dir/ml/YYYY/ and return the paths written."""
    rows = build_ml_actions_rows(seed)
    by_month: dict[tuple[str, int, int], list[list[str]]] = {}
    for register, dated in rows.items():
        for day, row in dated:
            by_month.setdefault((register, day.year, day.month), []).append(row)
    paths = []
    for year in range(first_year, last_year + 1):
        folder = pathlib.Path(extracts_dir) / "ml" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for month in range(1, 13):
            for register in REGISTERS:
                path = folder / f"ml_{register}_{year}-{month:02d}.csv"
                file_rows = by_month.get((register, year, month), [])
                file_rows.sort(key=lambda r: r[0])
                with path.open("w", encoding=ENCODING, newline="") as handle:
                    writer = csv.writer(handle, delimiter=SEPARATOR, lineterminator=LINE_END)
                    writer.writerow(COLUMNS[register])
                    writer.writerows(file_rows)
                paths.append(path)
    return paths

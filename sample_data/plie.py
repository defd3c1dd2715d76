"""Synthetic PLIE tracking-tool extracts: deterministic sample data.

This module fabricates the monthly CSV extracts of the PLIE tracking tool exactly as described in
``docs/plie-extracts.md`` (the contract: file names, columns, vocabularies, encoding) so that the
pipelines can run end to end without real (personal) data. Everything in it is fictitious.

What belongs here: the simulation of fictitious participants and of their records, the calibration
that makes the 2025 indicators equal to the published activity report, and the CSV writing.
What does not: parsing, validation and indicator computation (``ingestion/``, ``schemas/`` and the
SQL models).

How the data are built (same bytes for the same seed, whatever the date or the machine):

1. The participants in parcours during the report year (2025) are built *by construction*: exact
   counts of every attribute (sex, senior, RSA, level, commune, QPV, prescriber, entry cohort,
   exit category) are dealt to each group -- entries of 2025, participants carried over from
   earlier years, positive exits -- and shuffled with the seeded RNG. The report's figures
   therefore come out exactly for any seed. Senior status never changes during a parcours
   (seniors are 50 at entry, the others are under 50 when they leave), so it does not depend on
   which reference date an indicator uses.
2. Participants who left before 2025 are simulated freely (plausible magnitudes only).
3. Steps, financed trainings and social-support actions are laid inside each participant's
   parcours (never before the entry, never after the exit): exact counts for the records that
   touch 2025, free simulation for the earlier ones (which end before 2025).
4. Realistic irregularities that leave the 2025 figures alone: some participants who left before
   2025 come back later under the same id (a re-entry: a second participants row, a second
   exit), and a few conventions of earlier years pay for two trainees (one row each, same
   id_convention).
5. Each record is written to the file of the month it is dated in (entry, step start, exit,
   convention start, action date); a month without records gets a header-only file. No file
   holds the same key twice (keys: docs/plie-extracts.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
import pathlib
import random
import unicodedata
from dataclasses import dataclass, field

from sample_data.formats import french_date

__all__ = ["write_plie_extracts", "build_plie_dataset", "COLUMNS", "SOURCES"]

# --------------------------------------------------------------------------------------------
# Simulation frame
# --------------------------------------------------------------------------------------------
SIMULATED_FIRST_YEAR, SIMULATED_LAST_YEAR = 2019, 2025  # no entry before 01/01/2019
REPORT_YEAR = 2025  # the year whose published figures the data reproduce exactly
Y_START, Y_END = dt.date(REPORT_YEAR, 1, 1), dt.date(REPORT_YEAR, 12, 31)
HISTORY_END = Y_START - dt.timedelta(days=1)  # free-simulated records end by this date
EXPORT_DATE = Y_END  # extracts exported after the last month: outcomes known up to then
DAYS_PER_MONTH = 30.4375

# --------------------------------------------------------------------------------------------
# File layout (docs/plie-extracts.md)
# --------------------------------------------------------------------------------------------
COLUMNS: dict[str, list[str]] = {
    "participants": [
        "id_participant", "nom", "prenom", "telephone", "email", "date_naissance", "sexe",
        "code_commune", "qpv", "niveau_formation", "rsa", "th", "public_prioritaire",
        "prescripteur", "date_entree", "operateur",
    ],
    "etapes": [
        "id_etape", "id_participant", "type_etape", "sous_type", "formation_qualifiante",
        "date_debut", "date_fin",
    ],
    "sorties": ["id_participant", "date_sortie", "motif_sortie"],
    "formations": [
        "id_convention", "organisme", "id_participant", "type_formation", "intitule",
        "date_debut", "date_fin", "resultat",
    ],
    "accompagnement_social": [
        "id_action", "id_participant", "date_action", "type_action", "intitule", "heures",
    ],
}
SOURCES = tuple(COLUMNS)
ENCODING, SEPARATOR, LINE_END = "cp1252", ";", "\r\n"

# --------------------------------------------------------------------------------------------
# 2025 targets (published activity report) -- the calibration
# --------------------------------------------------------------------------------------------
COMMUNES = ("59368", "59328", "59356", "59378", "59386", "59457", "59482", "59527", "59611", "59636")
QPV_COMMUNES = ("59328", "59378")  # the only communes with residents in a QPV


def _flag(k: int, n: int) -> dict[bool, int]:
    return {True: k, False: n - k}


def _profile(n: int, *, hommes: int, seniors: int, rsa: int, cap: int,
             communes: dict[str, int]) -> dict[str, dict]:
    """Exact counts of each attribute value in a group of n participants."""
    assert sum(communes.values()) == n, communes
    return {
        "sexe": {"H": hommes, "F": n - hommes},
        "senior": _flag(seniors, n),
        "rsa": _flag(rsa, n),
        "cap": _flag(cap, n),
        "commune": dict(communes),
    }


IN_PARCOURS = _profile(
    463, hommes=196, seniors=102, rsa=367, cap=268,
    communes={"59368": 76, "59328": 160, "59356": 2, "59378": 83, "59386": 28, "59457": 27,
              "59482": 24, "59527": 46, "59611": 2, "59636": 15},
)
IN_PARCOURS_QPV = {"59328": 33, "59378": 14}
ENTRIES = _profile(
    186, hommes=94, seniors=42, rsa=142, cap=99,
    communes={"59368": 30, "59328": 67, "59356": 1, "59378": 30, "59386": 12, "59457": 12,
              "59482": 12, "59527": 11, "59611": 1, "59636": 10},
)
ENTRIES_QPV = {"59328": 11, "59378": 7}
ENTRIES_PRESCRIBERS = {
    "Département": 106, "France Travail": 22,
    "CCAS": 15, "MDE": 20, "Candidature spontanée": 11, "Forum": 6, "Autre": 6,
}
POSITIVE_EXITS = _profile(
    65, hommes=30, seniors=13, rsa=43, cap=29,
    communes={"59368": 12, "59328": 18, "59356": 0, "59378": 12, "59386": 7, "59457": 4,
              "59482": 0, "59527": 10, "59611": 0, "59636": 2},
)
EXITS = {"positive": 65, "neutral": 23, "other": 43}  # 131 exits in 2025
EXITS_OF_ENTRANTS = {"positive": 8, "neutral": 4, "other": 8}  # of those, entered in 2025 too
MEAN_PARCOURS_MONTHS = 17.7  # of the 2025 exits
# Participants carried over into 2025, by entry year: (in parcours in 2025, of whom exit in 2025).
# 41 entered in 2022 or before, 236 in 2023-2024; with the 186 entries: 40 % / 51 % / 9 %.
CARRIED_OVER = {2019: (1, 0), 2020: (3, 1), 2021: (10, 4), 2022: (27, 8), 2023: (96, 40),
                2024: (140, 58)}

# Steps active in 2025, by (type, qualifying): started before 2025 / started in 2025.
STEPS_STRADDLING = {("Emploi", False): 82, ("Formation", True): 4, ("Formation", False): 6,
                    ("Emploi d'insertion", False): 30, ("Prestation", False): 9}
STEPS_STARTED = {("Emploi", False): 217, ("Formation", True): 22, ("Formation", False): 44,
                 ("Emploi d'insertion", False): 120, ("Prestation", False): 244}
STEPS_PARTICIPANTS = 348
STRADDLING_OWNERS = 120  # distinct participants holding the steps started before 2025

# Financed trainings starting in 2025: one entry per trainee, (type, outcome of each of the
# trainee's successive conventions). "En cours" = still running on 31/12. 19 conventions,
# 17 trainees; only the latest convention's outcome counts.
PRO, PERMIS = "Professionnalisante", "Permis de conduire"
TRAININGS_OF_YEAR = (
    [(PRO, ("Validée",))] * 5 + [(PRO, ("Non validée", "Validée")), (PRO, ("En cours",)),
                                 (PRO, ("Non validée",))]
    + [(PERMIS, ("Validée",))] * 2 + [(PERMIS, ("En cours",))] * 5
    + [(PERMIS, ("Non validée", "En cours")), (PERMIS, ("Non validée",))]
)
TRAINING_BODIES = {  # 10 bodies, all used by the 2025 conventions
    PRO: ("AFPA Roubaix", "GRETA Lille Métropole", "CNAM Hauts-de-France",
          "CCI Formation Grand Lille", "ID Formation", "Proformat Nord"),
    PERMIS: ("Auto-école solidaire MNO", "ECF Marcq-en-Barœul", "Lambersart Conduite",
             "Mobilité Insertion Nord"),
}

# Social support in 2025: 47 participants, 253 hours, 3 collective actions.
SOCIAL_PARTICIPANTS = 47
SOCIAL_HOURS = 253
SOCIAL_COLLECTIVE = (("Atelier confiance en soi", 3.0, 8), ("Atelier gestion du budget", 2.5, 6),
                     ("Atelier mobilité", 3.0, 7))  # (title, hours, attendees)

# --------------------------------------------------------------------------------------------
# Free simulation of earlier years (plausible magnitudes)
# --------------------------------------------------------------------------------------------
ENTRIES_PER_YEAR = {2019: 160, 2020: 135, 2021: 155, 2022: 165, 2023: 172, 2024: 178}
ENTRY_MONTH_WEIGHTS = (10, 11, 11, 10, 9, 10, 8, 3, 12, 12, 10, 8)
PRESCRIBER_WEIGHTS = {"Département": 55, "France Travail": 13, "CCAS": 8, "MDE": 10,
                      "Candidature spontanée": 6, "Forum": 4, "Autre": 4}
EXIT_KIND_WEIGHTS = {"positive": 48, "neutral": 16, "other": 36}
MOTIFS = {
    "positive": {"Emploi durable CDI": 18, "Emploi durable CDD 6 mois et plus": 17,
                 "Intérim 6 mois et plus": 8, "Contrat en alternance": 5,
                 "Création d'entreprise": 4, "Formation qualifiante": 13},
    "neutral": {"Déménagement": 9, "Santé": 10, "Retraite": 3, "Décès": 1},
    "other": {"Réorientation": 15, "Abandon": 14, "Emploi de moins de 6 mois": 9, "Autre": 5},
}
RE_ENTRIES = 15  # participants who left before 2025 and came back later under the same id
RE_ENTRY_GAP_DAYS, RE_ENTRY_MAX_DAYS = 90, 730  # time between the exit and the re-entry
SHARED_CONVENTION_SHARE = 0.15  # earlier years: conventions paying for two trainees
HISTORY_STEP_RATE = 2.3  # steps started per year in parcours (participants with steps)
HISTORY_NO_STEP_SHARE = 0.12
STEP_TYPE_WEIGHTS = {("Emploi", False): 31, ("Formation", True): 3.5, ("Formation", False): 6.5,
                     ("Emploi d'insertion", False): 19, ("Prestation", False): 33}
SUBTYPES = {
    "Emploi": {"CDI": 2, "CDD": 5, "Intérim": 4},
    "Emploi d'insertion": {"PEC": 2, "ACI": 4, "EI": 2, "ETTI": 2, "AI": 1},
    "Prestation": {"PMSMP": 1},
}
STEP_DAYS = {"CDI": (365, 900), "CDD": (30, 365), "Intérim": (7, 180), "PEC": (180, 365),
             "ACI": (120, 540), "EI": (120, 365), "ETTI": (30, 240), "AI": (30, 300),
             "PMSMP": (5, 30), "Remise à niveau": (30, 120), "Formation qualifiante": (90, 330)}
OPEN_ENDED = ("CDI",)  # end left empty while the participant is still in parcours
TRAINING_DAYS = {PRO: (45, 240), PERMIS: (60, 270)}
TRAINING_TITLES = {
    PRO: ("Agent de propreté et d'hygiène", "Préparateur de commandes - CACES R489",
          "Assistant de vie aux familles", "Agent de restauration", "Employé commercial",
          "Titre professionnel Cariste", "Agent de sécurité - SSIAP 1"),
    PERMIS: ("Permis B", "Permis B boîte automatique"),
}
INDIVIDUAL_ACTIONS = ("Entretien social", "Aide aux démarches administratives", "Point budget",
                      "Accès aux droits santé")
COLLECTIVE_ACTIONS = ("Atelier confiance en soi", "Atelier gestion du budget", "Atelier mobilité",
                      "Atelier numérique", "Atelier estime de soi")

OPERATORS = {"59328": "CCAS Lambersart", "59368": "CCAS La Madeleine",
             "59378": "CCAS Marcq-en-Barœul", "59527": "CCAS Saint-André-lez-Lille"}
DEFAULT_OPERATOR = "MDE MNO"
MALE_NAMES = ("Ahmed", "Alexandre", "Antoine", "Bruno", "Christophe", "Cédric", "David", "Didier",
              "Dylan", "Éric", "Fabrice", "François", "Grégory", "Hervé", "Jérôme", "Julien",
              "Karim", "Kévin", "Laurent", "Loïc", "Mehdi", "Mickaël", "Nicolas", "Olivier",
              "Pascal", "Patrick", "Philippe", "Rachid", "Sébastien", "Stéphane", "Thierry",
              "Thomas", "Yannick", "Youssef")
FEMALE_NAMES = ("Amandine", "Aurélie", "Béatrice", "Céline", "Chloé", "Christelle", "Coralie",
                "Delphine", "Émilie", "Fatima", "Françoise", "Hélène", "Isabelle", "Jessica",
                "Karima", "Laetitia", "Léa", "Malika", "Marie", "Mélanie", "Nadia", "Nathalie",
                "Noémie", "Pauline", "Sandrine", "Sabrina", "Sophie", "Stéphanie", "Sylvie",
                "Valérie", "Virginie", "Zoé")
SURNAMES = ("Bauduin", "Benali", "Bernard", "Bocquet", "Boulanger", "Bouzid", "Carlier",
            "Caron", "Da Silva", "Decroix", "Defrance", "Dehaene", "Delannoy", "Delattre",
            "Delecroix", "Deleplanque", "Dubois", "Duhamel", "Dupont", "Durand", "Fournier",
            "Garcia", "Hennebelle", "Hamdi", "Lallemand", "Leblanc", "Lecomte", "Lefebvre",
            "Leclercq", "Lemaire", "Martin", "Mercier", "Moreau", "Nowak", "Petit", "Pruvost",
            "Robert", "Roussel", "Saïdi", "Vandamme", "Vanhoutte", "Verbeke", "Wallart",
            "Wojcik", "Ziani", "Çelik", "Lemaître", "Dufour", "Fontaine", "Masson")


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------
@dataclass
class Person:
    serial: int  # creation order: a stable sort key before ids exist
    entry: dt.date = Y_START
    exit: dt.date | None = None
    exit_kind: str | None = None  # "positive" / "neutral" / "other"
    motif: str = ""
    sexe: str = "F"
    commune: str = COMMUNES[0]
    qpv: bool = False
    cap: bool = False
    rsa: bool = False
    senior: bool = False
    prescripteur: str = "Autre"
    pid: str = ""
    nom: str = ""
    prenom: str = ""
    telephone: str = ""
    email: str = ""
    birth: dt.date = dt.date(1980, 1, 1)
    niveau: int = 3
    th: bool = False
    public: str = "Autre"
    operateur: str = DEFAULT_OPERATOR


@dataclass
class Step:
    person: Person
    type_etape: str
    sous_type: str
    qualifying: bool
    start: dt.date
    end: dt.date | None
    sid: str = ""


@dataclass
class Convention:
    person: Person
    type_formation: str
    organisme: str
    intitule: str
    start: dt.date
    end: dt.date
    resultat: str
    cid: str = ""
    group: int | None = None  # conventions of one group share their id (one row per trainee)


@dataclass
class SocialAction:
    date: dt.date
    type_action: str
    intitule: str
    attendees: list[tuple[Person, int]]  # (participant, hours in half-hours)
    aid: str = ""


@dataclass
class PlieDataset:
    people: list[Person]
    steps: list[Step]
    conventions: list[Convention]
    social: list[SocialAction] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------
def _rng(seed: int, stage: str) -> random.Random:
    """One independent stream per stage, so that changing one stage leaves the others alone."""
    return random.Random(f"plie-{seed}-{stage}")


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _random_day(rng: random.Random, lo: dt.date, hi: dt.date, weekday: bool = True) -> dt.date:
    """A day in [lo, hi], a working day when the interval allows it."""
    span = (hi - lo).days
    assert span >= 0, (lo, hi)
    for _ in range(20):
        day = lo + _days(rng.randint(0, span))
        if not weekday or day.weekday() < 5:
            return day
    return lo + _days(rng.randint(0, span))


def _weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _deal(rng: random.Random, people: list[Person], attr: str, counts: dict) -> None:
    """Give each value of counts to exactly that many people, in random order."""
    values = [value for value, count in counts.items() for _ in range(count)]
    if len(values) != len(people):
        raise ValueError(f"{attr}: {len(values)} values for {len(people)} people")
    rng.shuffle(values)
    for person, value in zip(people, values):
        setattr(person, attr, value)


def _deal_profile(rng: random.Random, people: list[Person], profile: dict[str, dict]) -> None:
    for attr, counts in profile.items():
        _deal(rng, people, attr, counts)


def _size(profile: dict[str, dict]) -> int:
    return sum(profile["sexe"].values())


def _minus(profile: dict[str, dict], other: dict[str, dict]) -> dict[str, dict]:
    left = {attr: {v: c - other[attr].get(v, 0) for v, c in counts.items()}
            for attr, counts in profile.items()}
    if any(c < 0 for counts in left.values() for c in counts.values()):
        raise ValueError(f"infeasible calibration: {left}")
    return left


def _counted(people: list[Person], profile: dict[str, dict]) -> dict[str, dict]:
    """The profile (same attributes) of the given people."""
    counts = {attr: {} for attr in profile}
    for person in people:
        for attr in profile:
            value = getattr(person, attr)
            counts[attr][value] = counts[attr].get(value, 0) + 1
    return counts


def _deal_qpv(rng: random.Random, people: list[Person], qpv_by_commune: dict[str, int]) -> None:
    for commune, count in qpv_by_commune.items():
        residents = [p for p in people if p.commune == commune]
        for person in rng.sample(residents, count):
            person.qpv = True


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _poisson(rng: random.Random, lam: float) -> int:
    threshold, k, product = math.exp(-lam), 0, rng.random()
    while product > threshold:
        k += 1
        product *= rng.random()
    return k


def _entry_date(rng: random.Random, year: int, latest: dt.date | None = None) -> dt.date:
    while True:
        month = rng.choices(range(1, 13), weights=ENTRY_MONTH_WEIGHTS)[0]
        first = dt.date(year, month, 1)
        last = (first + _days(31)).replace(day=1) - _days(1)
        day = _random_day(rng, first, last)
        if latest is None or day <= latest:
            return day


def _window(person: Person, year: int) -> tuple[dt.date, dt.date] | None:
    """The part of year during which the person is in parcours, if any."""
    lo = max(person.entry, dt.date(year, 1, 1))
    hi = min(person.exit or dt.date(year, 12, 31), dt.date(year, 12, 31))
    return (lo, hi) if lo <= hi else None


def _parcours_days(people: list[Person]) -> int:
    return sum((p.exit - p.entry).days for p in people)


# --------------------------------------------------------------------------------------------
# Participants and exits
# --------------------------------------------------------------------------------------------
def _report_year_population(rng: random.Random, new) -> list[Person]:
    """The 463 participants in parcours in 2025, calibrated on the report."""
    positive = [new() for _ in range(EXITS["positive"])]
    _deal_profile(rng, positive, POSITIVE_EXITS)
    for person in positive:
        person.exit_kind = "positive"
    split = EXITS_OF_ENTRANTS["positive"]
    positive_entrants, positive_carried = positive[:split], positive[split:]

    entrants = positive_entrants + [new() for _ in range(_size(ENTRIES) - split)]
    _deal_profile(rng, entrants[split:], _minus(ENTRIES, _counted(positive_entrants, ENTRIES)))
    carried_target = _minus(IN_PARCOURS, ENTRIES)
    n_carried = sum(n for n, _ in CARRIED_OVER.values())
    carried = positive_carried + [new() for _ in range(n_carried - len(positive_carried))]
    _deal_profile(rng, carried[len(positive_carried):],
                  _minus(carried_target, _counted(positive_carried, carried_target)))
    _deal_qpv(rng, entrants, ENTRIES_QPV)
    _deal_qpv(rng, carried, {c: IN_PARCOURS_QPV[c] - ENTRIES_QPV[c] for c in IN_PARCOURS_QPV})
    _deal(rng, entrants, "prescripteur", ENTRIES_PRESCRIBERS)
    for person in carried:
        person.prescripteur = _weighted(rng, PRESCRIBER_WEIGHTS)

    # exit category of the non-positive ones
    rest_entrants = entrants[split:]
    kinds = {k: n for k, n in EXITS_OF_ENTRANTS.items() if k != "positive"}
    _deal(rng, rest_entrants, "exit_kind", {**kinds, None: len(rest_entrants) - sum(kinds.values())})
    rest_carried = carried[len(positive_carried):]
    kinds = {k: EXITS[k] - EXITS_OF_ENTRANTS[k] for k in EXITS if k != "positive"}
    _deal(rng, rest_carried, "exit_kind", {**kinds, None: len(rest_carried) - sum(kinds.values())})

    bounds = _entrants_dates(rng, entrants) + _carried_dates(rng, carried)
    _calibrate_parcours_length(rng, bounds)
    _deal_motifs(rng, [p for p in entrants + carried if p.exit_kind])
    return entrants + carried


def _entrants_dates(rng: random.Random, entrants: list[Person]):
    """Entry dates in 2025; those who also leave in 2025 entered by September."""
    dates = sorted(_entry_date(rng, REPORT_YEAR) for _ in entrants)
    leavers = [p for p in entrants if p.exit_kind]
    early = [i for i, day in enumerate(dates) if day <= dt.date(REPORT_YEAR, 9, 30)]
    chosen = rng.sample(early, len(leavers))
    chosen_set = set(chosen)
    others = [i for i in range(len(dates)) if i not in chosen_set]
    for person, i in zip(leavers, chosen):
        person.entry = dates[i]
    for person, i in zip([p for p in entrants if not p.exit_kind], others):
        person.entry = dates[i]
    bounds = []
    for person in leavers:
        lo = person.entry + _days(60)
        person.exit = _random_day(rng, lo, Y_END)
        bounds.append((person, lo, Y_END))
    return bounds


def _carried_dates(rng: random.Random, carried: list[Person]):
    """Entry year per CARRIED_OVER; leavers exit at some point in 2025 (30 days at least)."""
    leavers = [p for p in carried if p.exit_kind]
    stayers = [p for p in carried if not p.exit_kind]
    for group, counts in ((leavers, {year: k for year, (_, k) in CARRIED_OVER.items()}),
                          (stayers, {year: n - k for year, (n, k) in CARRIED_OVER.items()})):
        years = [year for year, count in counts.items() for _ in range(count)]
        rng.shuffle(years)
        for person, year in zip(group, years, strict=True):
            person.entry = _entry_date(rng, year)
    bounds = []
    for person in leavers:
        lo = max(Y_START, person.entry + _days(30))
        person.exit = _random_day(rng, lo, Y_END)
        bounds.append((person, lo, Y_END))
    return bounds


def _calibrate_parcours_length(rng: random.Random, bounds) -> None:
    """Move 2025 exit dates by whole weeks until the mean parcours length is the target."""
    leavers = [person for person, _, _ in bounds]
    target = MEAN_PARCOURS_MONTHS * DAYS_PER_MONTH * len(leavers)
    order = list(bounds)
    rng.shuffle(order)
    for _ in range(20):
        for person, lo, hi in order:
            gap = target - _parcours_days(leavers)
            if abs(gap) < 7:
                break
            shift = int(max(-63, min(63, gap)) / 7) * 7
            person.exit = min(hi, max(lo, person.exit + _days(shift)))
    mean = _parcours_days(leavers) / len(leavers) / DAYS_PER_MONTH
    assert round(mean, 1) == MEAN_PARCOURS_MONTHS and abs(mean - MEAN_PARCOURS_MONTHS) < 0.04, mean


def _deal_motifs(rng: random.Random, leavers: list[Person]) -> None:
    for kind, counts in MOTIFS.items():
        group = [p for p in leavers if p.exit_kind == kind]
        _deal(rng, group, "motif", counts)
    _fix_retirements(leavers)


def _fix_retirements(leavers: list[Person]) -> None:
    """Retirement goes to seniors: swap motifs within the neutral exits, else use 'Santé'."""
    neutral = [p for p in leavers if p.exit_kind == "neutral"]
    free_seniors = [p for p in neutral if p.senior and p.motif != "Retraite"]
    for person in neutral:
        if person.motif == "Retraite" and not person.senior:
            if free_seniors:
                other = free_seniors.pop(0)
                person.motif, other.motif = other.motif, "Retraite"
            else:
                person.motif = "Santé"


def _history_population(rng: random.Random, new) -> list[Person]:
    """Participants who entered 2019-2024 and left before 2025 (free simulation)."""
    people = []
    commune_weights = IN_PARCOURS["commune"]
    for year, total in ENTRIES_PER_YEAR.items():
        for _ in range(total - CARRIED_OVER[year][0]):
            person = new()
            person.sexe = "H" if rng.random() < 0.45 else "F"
            person.commune = _weighted(rng, commune_weights)
            person.qpv = person.commune in QPV_COMMUNES and rng.random() < 0.2
            person.cap = rng.random() < 0.57
            person.rsa = rng.random() < 0.78
            person.senior = rng.random() < 0.22
            person.prescripteur = _weighted(rng, PRESCRIBER_WEIGHTS)
            person.entry = _entry_date(rng, year, latest=HISTORY_END - _days(30))
            person.exit = _leaving_date(rng, person.entry)
            person.exit_kind = _weighted(rng, EXIT_KIND_WEIGHTS)
            person.motif = _weighted(rng, MOTIFS[person.exit_kind])
            if person.motif == "Retraite" and not person.senior:
                person.motif = "Santé"
            people.append(person)
    return people


def _leaving_date(rng: random.Random, entry: dt.date) -> dt.date:
    """Exit after a parcours of a few months to a few years, before 2025."""
    for _ in range(50):
        months = rng.triangular(1, 40, 4)
        day = entry + _days(round(months * DAYS_PER_MONTH))
        if day.weekday() >= 5:
            day -= _days(day.weekday() - 4)
        if entry < day <= HISTORY_END:
            return day
    return _random_day(rng, entry + _days(14), HISTORY_END)


def _person_details(rng: random.Random, people: list[Person]) -> None:
    """Identity and secondary attributes, consistent with the calibrated ones."""
    for person in people:
        person.prenom = rng.choice(MALE_NAMES if person.sexe == "H" else FEMALE_NAMES)
        person.nom = rng.choice(SURNAMES).upper()
        person.telephone = "06 " + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))
        person.email = (f"{_ascii(person.prenom)}.{_ascii(person.nom)}"
                        f"{rng.randint(1, 99)}@example.com").lower()
        person.birth = _birth_date(rng, person)
        person.niveau = (_weighted(rng, {1: 1, 2: 2, 3: 6}) if person.cap
                         else _weighted(rng, {4: 10, 5: 5, 6: 2, 7: 1, 8: 0.5}))
        person.th = rng.random() < 0.07
        if person.rsa:
            person.public = "RSA"
        elif person.senior:
            person.public = "Senior"
        else:
            person.public = _weighted(rng, {"DELD": 40, "DETLD": 35, "Autre": 25})
        ccas = OPERATORS.get(person.commune)
        person.operateur = ccas if ccas and rng.random() < 0.4 else DEFAULT_OPERATOR


def _birth_date(rng: random.Random, person: Person) -> dt.date:
    """Seniors are 50 (+2 months) at entry; the others under 50 (-3 months) when they leave."""
    entry_m = _month_index(person.entry)
    end_m = _month_index(person.exit or Y_END)
    if person.senior:
        birth_m = entry_m - rng.randint(602, 62 * 12)
    else:
        lo, hi = end_m - 597, entry_m - 20 * 12
        birth_m = round(rng.triangular(lo, hi, min(hi, max(lo, entry_m - 35 * 12))))
    year, month = divmod(birth_m, 12)
    return dt.date(year, month + 1, rng.randint(1, 28))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().replace(" ", "")


def _population(seed: int) -> list[Person]:
    rng = _rng(seed, "population")
    serial = itertools.count()

    def new() -> Person:
        return Person(next(serial))

    people = _report_year_population(rng, new) + _history_population(rng, new)
    people.sort(key=lambda p: (p.entry, p.serial))
    for number, person in enumerate(people, 1):
        person.pid = f"PL-{number:06d}"
    _person_details(_rng(seed, "details"), people)
    _link_re_entries(_rng(seed, "re-entries"), people)
    return people


def _link_re_entries(rng: random.Random, people: list[Person]) -> None:
    """Make RE_ENTRIES pairs of one person: a participant who left before 2025 comes back as a
    later participant, who keeps the first one's id and gives it their identity.

    Only parcours that touch no year of the other are paired, so every figure of 2025 (people in
    parcours, entries, exits) is what the calibration dealt."""
    earlier = [p for p in people if p.exit and p.exit <= HISTORY_END]
    later = [p for p in people if not (p.exit and p.exit <= HISTORY_END)]
    rng.shuffle(later)
    linked = set()
    pairs = 0
    for person in later:
        if pairs == RE_ENTRIES:
            break
        candidates = [
            p for p in earlier
            if p.serial not in linked
            and p.exit + _days(RE_ENTRY_GAP_DAYS) <= person.entry <= p.exit + _days(RE_ENTRY_MAX_DAYS)
            and p.entry >= _add_years(person.birth, 18)
        ]
        if not candidates:
            continue
        first = rng.choice(candidates)
        linked.add(first.serial)
        person.pid = first.pid
        for attr in ("nom", "prenom", "telephone", "email", "birth", "sexe", "th"):
            setattr(first, attr, getattr(person, attr))
        pairs += 1
    assert pairs == RE_ENTRIES, pairs


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --------------------------------------------------------------------------------------------
# Steps
# --------------------------------------------------------------------------------------------
def _step(rng: random.Random, person: Person, kind: tuple[str, bool]) -> tuple[Step, int]:
    """A step without dates, and its planned duration in days."""
    type_etape, qualifying = kind
    if type_etape == "Formation":
        sous_type = "Formation qualifiante" if qualifying else "Remise à niveau"
    else:
        sous_type = _weighted(rng, SUBTYPES[type_etape])
    step = Step(person, type_etape, sous_type, qualifying, Y_START, None)
    return step, rng.randint(*STEP_DAYS[sous_type])


def _close(step: Step, duration: int) -> None:
    """End date: planned end, cut at the exit; open-ended steps stay open while in parcours."""
    end = step.start + _days(duration)
    if step.person.exit:
        step.end = min(end, step.person.exit)
    else:
        step.end = None if step.sous_type in OPEN_ENDED else end


def _history_steps(rng: random.Random, people: list[Person]) -> list[Step]:
    """Steps started and ended before 2025 (free simulation)."""
    steps = []
    for person in people:
        if person.entry > HISTORY_END or rng.random() < HISTORY_NO_STEP_SHARE:
            continue
        hi = min(person.exit or HISTORY_END, HISTORY_END)
        years = ((hi - person.entry).days + 1) / 365.25
        for _ in range(_poisson(rng, HISTORY_STEP_RATE * years)):
            step, duration = _step(rng, person, _weighted(rng, STEP_TYPE_WEIGHTS))
            step.start = _random_day(rng, person.entry, hi)
            end = step.start + _days(duration)
            if person.exit and person.exit <= HISTORY_END:
                end = min(end, person.exit)
            if end > HISTORY_END:
                end = _random_day(rng, step.start, HISTORY_END, weekday=False)
            step.end = end
            steps.append(step)
    return steps


def _slots(rng: random.Random, counts: dict[tuple[str, bool], int]) -> list[tuple[str, bool]]:
    kinds = [kind for kind, n in counts.items() for _ in range(n)]
    rng.shuffle(kinds)
    return kinds


def _report_year_steps(rng: random.Random, people: list[Person]) -> list[Step]:
    """The 778 steps active in 2025, held by 348 participants, calibrated on the report."""
    in_parcours = [p for p in people if _window(p, REPORT_YEAR)]
    holders = sorted(rng.sample(in_parcours, STEPS_PARTICIPANTS), key=lambda p: p.pid)
    carried = [p for p in holders if p.entry < Y_START]
    assert len(carried) >= STRADDLING_OWNERS
    owners = rng.sample(carried, STRADDLING_OWNERS)
    n_straddling = sum(STEPS_STRADDLING.values())
    straddling_owners = owners + [rng.choice(owners) for _ in range(n_straddling - len(owners))]
    owner_ids = {p.pid for p in owners}
    without_step = [p for p in holders if p.pid not in owner_ids]
    weights = [(hi - lo).days + 1 for lo, hi in (_window(p, REPORT_YEAR) for p in holders)]
    n_extra = sum(STEPS_STARTED.values()) - len(without_step)
    started_owners = without_step + rng.choices(holders, weights=weights, k=n_extra)

    steps = []
    for person, kind in zip(straddling_owners, _slots(rng, STEPS_STRADDLING)):
        step, duration = _step(rng, person, kind)
        # started in 2024 or before and planned to run into 2025
        step.start = _random_day(rng, max(person.entry, Y_START - _days(duration)), HISTORY_END)
        _close(step, duration)
        steps.append(step)
    for person, kind in zip(started_owners, _slots(rng, STEPS_STARTED)):
        step, duration = _step(rng, person, kind)
        lo, hi = _window(person, REPORT_YEAR)
        step.start = _random_day(rng, lo, hi)
        _close(step, duration)
        steps.append(step)
    return steps


def _steps(seed: int, people: list[Person]) -> list[Step]:
    steps = _history_steps(_rng(seed, "history-steps"), people)
    steps += _report_year_steps(_rng(seed, "steps"), people)
    steps.sort(key=lambda s: (s.start, s.person.pid, s.type_etape, s.sous_type,
                              s.end or dt.date.max))
    for number, step in enumerate(steps, 1):
        step.sid = f"ET-{number:06d}"
    return steps


# --------------------------------------------------------------------------------------------
# Financed trainings
# --------------------------------------------------------------------------------------------
def _convention_dates(rng: random.Random, year: int, type_formation: str,
                      outcomes: tuple[str, ...]) -> list[tuple[dt.date, dt.date]]:
    """Start and end of a trainee's successive conventions; 'En cours' runs past 31/12."""
    lo_days, hi_days = TRAINING_DAYS[type_formation]
    jan, dec = dt.date(year, 1, 6), dt.date(year, 12, 31)
    dates = []
    earliest = jan
    for i, outcome in enumerate(outcomes):
        last = i == len(outcomes) - 1
        if not last:  # an earlier convention: short, in the first half of the year
            start = _random_day(rng, earliest, dt.date(year, 3, 31))
            end = start + _days(rng.randint(30, 90))
            earliest = end + _days(rng.randint(14, 45))
        elif outcome == "En cours":
            duration = rng.randint(lo_days, hi_days)
            start = _random_day(rng, max(earliest, dec - _days(duration - 1)), dt.date(year, 12, 15))
            end = max(start + _days(duration), dec + _days(7))
        else:
            latest = dec - _days(lo_days)
            start = _random_day(rng, earliest, max(earliest, latest))
            end = start + _days(rng.randint(lo_days, max(lo_days, min(hi_days, (dec - start).days))))
        dates.append((start, end))
    return dates


def _trainings_year(rng: random.Random, year: int, people: list[Person],
                    specs: list[tuple[str, tuple[str, ...]]], bodies: dict[str, list[str]],
                    shared_share: float = 0.0) -> list[Convention]:
    """Conventions starting in year: one trainee per spec, in parcours throughout; with
    probability shared_share, a single convention also pays for a second trainee."""
    conventions, used = [], set()
    for type_formation, outcomes in specs:
        for _ in range(100):  # early in 2019 few people are in parcours yet: draw again
            dates = _convention_dates(rng, year, type_formation, outcomes)
            first, last = dates[0][0], dates[-1][1]
            eligible = [p for p in people if p.pid not in used and p.entry <= first
                        and (p.exit is None or p.exit >= last)]
            if eligible:
                break
        trainee = rng.choice(eligible)
        used.add(trainee.pid)
        title = rng.choice(TRAINING_TITLES[type_formation])
        for (start, end), outcome in zip(dates, outcomes):
            if end > EXPORT_DATE:
                resultat = "En cours"
            elif outcome == "En cours":  # ran past 31/12 but finished since
                resultat = "Validée" if rng.random() < 0.7 else "Non validée"
            else:
                resultat = outcome
            conventions.append(Convention(trainee, type_formation, bodies[type_formation].pop(),
                                          title, start, end, resultat))
        if shared_share and len(outcomes) == 1 and rng.random() < shared_share:
            (start, end), = dates
            others = [p for p in eligible if p.pid not in used]
            if others:
                second = rng.choice(others)
                used.add(second.pid)
                first = conventions[-1]
                first.group = len(conventions)
                resultat = first.resultat if first.resultat == "En cours" else (
                    "Validée" if rng.random() < 0.7 else "Non validée")
                conventions.append(Convention(second, type_formation, first.organisme, title,
                                              start, end, resultat, group=first.group))
    return conventions


def _bodies_for(rng: random.Random, specs) -> dict[str, list[str]]:
    """One training body per convention, every body of the list used at least once."""
    bodies = {}
    for type_formation, names in TRAINING_BODIES.items():
        n = sum(len(outcomes) for t, outcomes in specs if t == type_formation)
        chosen = list(names[:n]) + rng.choices(names, k=max(0, n - len(names)))
        rng.shuffle(chosen)
        bodies[type_formation] = chosen
    return bodies


def _history_training_specs(rng: random.Random) -> list[tuple[str, tuple[str, ...]]]:
    specs = []
    for _ in range(rng.randint(12, 20)):
        type_formation = PRO if rng.random() < 0.5 else PERMIS
        n = 2 if rng.random() < 0.1 else 1
        outcomes = tuple("En cours" if rng.random() < 0.2 and i == n - 1
                         else ("Validée" if rng.random() < 0.7 else "Non validée")
                         for i in range(n))
        specs.append((type_formation, outcomes))
    return specs


def _trainings(seed: int, people: list[Person]) -> list[Convention]:
    rng = _rng(seed, "trainings")
    conventions = []
    for year in range(SIMULATED_FIRST_YEAR, SIMULATED_LAST_YEAR + 1):
        specs = list(TRAININGS_OF_YEAR) if year == REPORT_YEAR else _history_training_specs(rng)
        rng.shuffle(specs)
        shared = 0.0 if year == REPORT_YEAR else SHARED_CONVENTION_SHARE
        conventions += [(year, c) for c in _trainings_year(rng, year, people, specs,
                                                           _bodies_for(rng, specs), shared)]
    conventions.sort(key=lambda yc: (yc[1].start, yc[1].person.pid, yc[1].end))
    ids: dict[object, str] = {}  # the trainees of one convention share its id
    for year, convention in conventions:
        key = (year, convention.group) if convention.group is not None else id(convention)
        convention.cid = ids.setdefault(key, f"CV-{len(ids) + 1:06d}")
    return [c for _, c in conventions]


# --------------------------------------------------------------------------------------------
# Social support
# --------------------------------------------------------------------------------------------
def _social_year(rng: random.Random, year: int, people: list[Person], n_participants: int,
                 total_hours: float, collective: list[tuple[str, float, int]]
                 ) -> list[SocialAction]:
    """Actions of year: exactly n_participants people, total_hours, the collective actions."""
    windows = {p.serial: _window(p, year) for p in people}  # per parcours: ids repeat on re-entry
    eligible = [p for p in people if windows[p.serial] and
                (windows[p.serial][1] - windows[p.serial][0]).days >= 14]
    chosen = sorted(rng.sample(eligible, n_participants), key=lambda p: p.pid)
    actions = []
    halves_left = round(total_hours * 2)
    for title, hours, size in collective:
        for _ in range(200):
            day = _random_day(rng, dt.date(year, 1, 6), dt.date(year, 12, 19))
            present = [p for p in chosen if windows[p.serial][0] <= day <= windows[p.serial][1]]
            if len(present) >= size:
                break
        else:
            raise RuntimeError(f"no day with {size} attendees for {title} in {year}")
        attendees = sorted(rng.sample(present, size), key=lambda p: p.pid)
        actions.append(SocialAction(day, "Collectif", title,
                                    [(p, round(hours * 2)) for p in attendees]))
        halves_left -= round(hours * 2) * size
    individual = [(p, rng.choice((2, 3))) for p in chosen]  # everyone meets the social worker
    halves_left -= sum(h for _, h in individual)
    assert halves_left >= 0, (year, halves_left)
    while halves_left > 0:
        halves = min(rng.choice((2, 2, 3, 4)), halves_left)
        individual.append((rng.choice(chosen), halves))
        halves_left -= halves
    for person, halves in individual:
        lo, hi = windows[person.serial]
        actions.append(SocialAction(_random_day(rng, lo, hi), "Individuel",
                                    _weighted(rng, {t: w for t, w in
                                                    zip(INDIVIDUAL_ACTIONS, (6, 2, 2, 1))}),
                                    [(person, halves)]))
    return actions


def _social(seed: int, people: list[Person]) -> list[SocialAction]:
    rng = _rng(seed, "social")
    actions = []
    for year in range(SIMULATED_FIRST_YEAR, SIMULATED_LAST_YEAR + 1):
        if year == REPORT_YEAR:
            actions += _social_year(rng, year, people, SOCIAL_PARTICIPANTS, SOCIAL_HOURS,
                                    list(SOCIAL_COLLECTIVE))
            continue
        in_year = [p for p in people if _window(p, year)]
        n = min(rng.randint(36, 50), len(in_year) // 3)
        collective = [(title, rng.choice((2.0, 2.5, 3.0)), rng.randint(5, 8))
                      for title in rng.sample(COLLECTIVE_ACTIONS, rng.randint(2, 4))]
        hours = rng.randint(round(n * 5.2), round(n * 5.8))
        actions += _social_year(rng, year, people, n, hours, collective)
    actions.sort(key=lambda a: (a.date, a.type_action, a.intitule, a.attendees[0][0].pid))
    for number, action in enumerate(actions, 1):
        action.aid = f"AS-{number:06d}"
    return actions


# --------------------------------------------------------------------------------------------
# Dataset and CSV writing
# --------------------------------------------------------------------------------------------
def build_plie_dataset(seed: int = 20250) -> PlieDataset:
    """Every simulated record, 2019-2025, in memory."""
    people = _population(seed)
    return PlieDataset(people, _steps(seed, people), _trainings(seed, people),
                       _social(seed, people))


def _d(day: dt.date | None) -> str:
    return french_date(day) if day else ""


def _on(flag: bool) -> str:
    return "O" if flag else "N"


def _hours(halves: int) -> str:
    return f"{halves / 2:.1f}".replace(".", ",")


def _rows(data: PlieDataset) -> dict[str, list[tuple[dt.date, list[str]]]]:
    """(partition date, CSV row) per source, in file order."""
    rows: dict[str, list[tuple[dt.date, list[str]]]] = {source: [] for source in SOURCES}
    for p in data.people:  # already in (entry, id) order
        rows["participants"].append((p.entry, [
            p.pid, p.nom, p.prenom, p.telephone, p.email, _d(p.birth), p.sexe, p.commune,
            _on(p.qpv), str(p.niveau), _on(p.rsa), _on(p.th), p.public, p.prescripteur,
            _d(p.entry), p.operateur]))
    for p in sorted((p for p in data.people if p.exit), key=lambda p: (p.exit, p.pid)):
        rows["sorties"].append((p.exit, [p.pid, _d(p.exit), p.motif]))
    for s in data.steps:
        rows["etapes"].append((s.start, [s.sid, s.person.pid, s.type_etape, s.sous_type,
                                         _on(s.qualifying), _d(s.start), _d(s.end)]))
    for c in data.conventions:
        rows["formations"].append((c.start, [c.cid, c.organisme, c.person.pid, c.type_formation,
                                             c.intitule, _d(c.start), _d(c.end), c.resultat]))
    for a in data.social:
        for person, halves in sorted(a.attendees, key=lambda x: x[0].pid):
            rows["accompagnement_social"].append((a.date, [
                a.aid, person.pid, _d(a.date), a.type_action, a.intitule, _hours(halves)]))
    return rows


def write_plie_extracts(extracts_dir: pathlib.Path, first_year: int = 2019, last_year: int = 2025,
                        seed: int = 20250) -> list[pathlib.Path]:
    """Write every monthly PLIE extract under extracts_dir/plie/YYYY/ and return the paths written."""
    if not SIMULATED_FIRST_YEAR <= first_year <= last_year <= SIMULATED_LAST_YEAR:
        raise ValueError(f"years must lie within {SIMULATED_FIRST_YEAR}-{SIMULATED_LAST_YEAR}")
    rows = _rows(build_plie_dataset(seed))
    by_month: dict[tuple[str, int, int], list[list[str]]] = {}
    for source, dated in rows.items():
        for day, row in dated:
            by_month.setdefault((source, day.year, day.month), []).append(row)
    paths = []
    for year in range(first_year, last_year + 1):
        folder = pathlib.Path(extracts_dir) / "plie" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for month in range(1, 13):
            for source in SOURCES:
                path = folder / f"plie_{source}_{year}-{month:02d}.csv"
                with path.open("w", encoding=ENCODING, newline="") as handle:
                    writer = csv.writer(handle, delimiter=SEPARATOR, lineterminator=LINE_END)
                    writer.writerow(COLUMNS[source])
                    writer.writerows(by_month.get((source, year, month), []))
                paths.append(path)
    return paths

"""Synthetic i-milo extracts of the Mission Locale: deterministic sample data, 2019-2025.

Fabricates the monthly CSV extracts described in ``docs/ml-extracts.md`` (dossiers, events,
proposals, situations, programmes, allowances; `;`, Windows-1252, dd/mm/yyyy, decimal commas) so
that the pipeline runs end to end without real personal data. Everything in it is fictitious.

Belongs here: the simulation of young people and their records, and the calibration that makes the
2025 figures equal to the published report (and the 2024 figures give its published evolutions).
Not here: parsing, validation, definitions (``schemas/ml.py``, ``dbt_like_sql/ml/``).

How the records are built, year by year (same bytes for the same seed):
1. Each year has a plan (`PLAN_2025`, scaled for earlier years, with the 2024 figures behind the
   published evolutions in `PLAN_2024`). The people of a year are drawn as sets with exact sizes:
   young people with an interview (the new registrations of the year and people registered in the
   three years before), people with contacts only, people in CEJ (entered the year before and still
   in it, or entered this year), and, among them, those with professional situations.
2. Records are laid by construction inside the windows the definitions use: a CEJ young person's
   CEJ contacts and professional measures fall between their CEJ entry and exit; the other
   situations belong to young people not in CEJ that year. Counts that span two years (a situation
   or a CEJ running into the next year) are carried from one year's plan into the next.
3. Attributes the 2025 shares read (sex, education level, age at the start of the first employment
   situation, QPV of CEJ entrants) are dealt in exact numbers; ages come from exact birth dates,
   some of them with a birthday later in the month than the situation's start (a month-based age
   would count them in the wrong band). Some reach a higher level after the start of their first
   job (the level at the start is what counts). Amounts are integer cents, written with a decimal comma.
"""
from __future__ import annotations

import csv
import datetime as dt
import pathlib
import random
from collections import defaultdict

from sample_data.formats import french_date

__all__ = ["write_imilo_extracts", "COLUMNS", "PLAN_2025", "PLAN_2024"]

FIRST_YEAR, LAST_YEAR, REPORT_YEAR = 2019, 2025, 2025
ENCODING, SEPARATOR, LINE_END = "cp1252", ";", "\r\n"

COLUMNS: dict[str, list[str]] = {
    "dossiers": ["id_jeune", "nom", "prenom", "telephone", "email", "date_naissance", "sexe", "code_commune", "qpv",
                 "niveau_formation", "inscrit_france_travail", "rqth", "date_premier_accueil"],
    "evenements": ["id_evenement", "id_jeune", "date_evenement", "type_evenement", "mode", "id_session",
                   "id_conseiller", "commentaire"],
    "propositions": ["id_proposition", "id_jeune", "date_proposition", "theme", "libelle"],
    "situations": ["id_situation", "id_jeune", "categorie", "type_contrat", "type_formation", "date_debut", "date_fin",
                   "code_rome", "secteur"],
    "dispositifs": ["id_accompagnement", "id_jeune", "dispositif", "date_entree", "date_sortie", "motif_sortie"],
    "aides": ["id_aide", "id_jeune", "type_aide", "date_decision", "decision", "objet", "montant"],
    "niveaux": ["id_jeune", "date_niveau", "niveau_formation", "diplome"],
}
ID_COLUMN = {source: columns.index("id_jeune") for source, columns in COLUMNS.items()}
DIPLOMAS = {2: "Certificat de formation générale", 3: "CAP / BEP", 4: "Baccalauréat", 5: "BTS / DUT",
            6: "Licence", 7: "Master", 8: "Doctorat"}

# --------------------------------------------------------------------------------------------
# Plans: what each year's records add up to
# --------------------------------------------------------------------------------------------
PLAN_2025 = {
    "inscriptions": 815, "jeunes_entretien": 1863, "contact_only": 260,
    "contacts": 43992, "entretiens": 16564, "propositions": 34000, "propositions_emploi": 13940,
    # CEJ: entrants (of whom registered in the year), contacts within the CEJ period, workshops
    "cej_entrees": 648, "cej_entrants_inscrits": 450, "cej_carry_out": 330, "cej_qpv": 54,
    "cej_contacts": 21751, "cej_entretiens": 9000, "cej_ateliers": 596, "autres_ateliers": 150,
    # CEJ young people with professional measures, by kind of their measures, and the measures
    "mesures_jeunes_emploi": 330, "mesures_jeunes_formation": 180, "mesures_jeunes_alternance": 53,
    "mesures_emploi": 1251, "mesures_formation": 250, "mesures_pmsmp": 140,
    # situations active in the year (spanning ones included) and those carried into the next year
    "emploi_situations": 2082, "emploi_jeunes": 752, "emploi_span_out": 320, "cdi": 147, "cdi_span_out": 30,
    "emploi_transport": 500, "emploi_hommes": 414, "emploi_infra_bac": 331, "emploi_18_21": 368,
    "formation_situations": 615, "formation_jeunes": 501, "formation_span_out": 100, "formation_retours": 184,
    "formation_qualif": 406, "formation_sap": 105, "formation_infra_bac": 321,
    "alternance_signes": 104, "alternance_commerce": 48, "alternance_span_out": 80,
    "pmsmp": 198, "pacea_entrees": 245, "th_entrees": 35, "th_span_out": 30,
    # allowances: (cents, young people)
    "aide_cej": (202618900, 917), "aide_pacea": (6065900, 118), "aide_faj": (3145100, 110),
    "faj_dossiers": 117, "faj_accordes": 113, "aide_fonds_ml": (517331, 6), "fonds_ml_formations": 4,
    "aide_repas": (994100, 84), "aide_mobilite": (212015, 66),
}
# 2024: the figures behind the published evolutions (+9 % registrations, +7 % young people in
# interviews, +32 % contacts, +6 % employment situations, +47 % CDI) and what runs into 2025.
PLAN_2024 = {
    "inscriptions": 748, "jeunes_entretien": 1741, "contacts": 33327, "entretiens": 13900,
    "cej_contacts": 16500, "cej_entretiens": 7000, "cej_carry_out": 322,
    "emploi_situations": 1964, "emploi_span_out": 300, "cdi": 100, "cdi_span_out": 30,
    "formation_span_out": 95, "alternance_span_out": 79, "th_entrees": 44, "th_span_out": 40,
}
SCALE = {2019: 0.80, 2020: 0.72, 2021: 0.82, 2022: 0.86, 2023: 0.90, 2024: 0.93, 2025: 1.0}
CEJ_FIRST_YEAR = 2022  # before, the same intensive programme was the Garantie Jeunes
# How far the first year's dates are pulled towards its start (`_first_year_as_running`): 0 not at all, 1: t -> t^2 / T.
ACTIVITY_PULL, RECEPTION_PULL = 1.0, 0.3


def _intensive(year: int) -> tuple[str, str]:
    """The intensive programme of a year and its allowance: the CEJ from 2022, the Garantie Jeunes before."""
    return ("CEJ", "Allocation CEJ") if year >= CEJ_FIRST_YEAR else ("Garantie Jeunes", "Allocation Garantie Jeunes")
REPORT_ONLY = ("emploi_hommes", "emploi_infra_bac", "emploi_18_21", "formation_infra_bac", "cej_qpv")


def _plan(year: int) -> dict:
    if year == REPORT_YEAR:
        return dict(PLAN_2025)
    factor = SCALE[year]
    plan = {}
    for key, value in PLAN_2025.items():
        if key in REPORT_ONLY:
            continue
        if isinstance(value, tuple):
            plan[key] = (round(value[0] * factor), round(value[1] * factor))
        else:
            plan[key] = round(value * factor)
    if year == 2024:
        plan.update(PLAN_2024)
    return plan


# --------------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------------
COMMUNES = {"59368": 14, "59328": 22, "59356": 2, "59378": 24, "59386": 6, "59457": 6, "59482": 5, "59527": 11,
            "59611": 2, "59636": 8}
QPV_COMMUNES = ("59328", "59378")
ROME = {
    "N": ("N1103", "N1105", "N4101", "N4105", "N1101"),
    "D": ("D1106", "D1507", "D1505", "D1214", "D1211"),
    "K": ("K1302", "K1304", "K2204", "K1303", "K2202"),
    "G": ("G1603", "G1602", "G1605", "G1703"),
    "F": ("F1703", "F1602", "F1610"),
    "H": ("H3302", "H2909", "H3303"),
    "M": ("M1602", "M1607", "M1606"),
    "I": ("I1604", "I1203"),
    "J": ("J1301", "J1501"),
}
SECTORS = {"N": "Transports et entreposage", "D": "Commerce", "K": "Santé humaine et action sociale",
           "G": "Hébergement et restauration", "F": "Construction", "H": "Industrie manufacturière",
           "M": "Activités de services administratifs et de soutien", "I": "Industrie manufacturière",
           "J": "Santé humaine et action sociale"}
OTHER_JOB_DOMAINS = {"D": 20, "G": 18, "K": 16, "F": 10, "H": 12, "M": 12, "I": 6, "J": 6}
WORK_STUDY_DOMAINS = {"G": 25, "K": 20, "M": 25, "F": 15, "I": 15}
TRAINING_DOMAINS = {"N": 15, "D": 15, "G": 15, "F": 12, "H": 12, "M": 20, "I": 8, "J": 8}
JOB_CONTRACTS = {"CDD": 40, "Intérim": 45, "Contrat aidé": 8, "Indépendant": 2}
JOB_DAYS = {"CDI": (60, 400), "CDD": (14, 180), "Intérim": (2, 60), "Contrat aidé": (180, 365), "Indépendant": (90, 365)}
OTHER_THEMES = {"Formation": 22, "Projet professionnel": 12, "Santé": 5, "Logement": 5, "Mobilité": 6,
                "Accès aux droits": 6, "Citoyenneté": 2, "Loisirs, sport, culture": 2}
NOMS = ("MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "PETIT", "DURAND", "LEROY", "MOREAU", "SIMON",
        "LAURENT", "LEFEBVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER", "MOREL",
        "DUPONT", "LAMBERT", "BONNET", "FRANCOIS", "MARTINEZ", "BENALI", "DIALLO", "NGUYEN", "HADDAD", "CARPENTIER")
PRENOMS = {"H": ("Lucas", "Mathis", "Enzo", "Nathan", "Yanis", "Hugo", "Théo", "Rayan", "Kylian", "Adam", "Noah",
                 "Mehdi", "Jules", "Bilal", "Maxime"),
           "F": ("Léa", "Chloé", "Manon", "Inès", "Camille", "Sarah", "Emma", "Lina", "Jade", "Océane", "Yasmine",
                 "Clara", "Anaïs", "Maëlys", "Louise")}
STAFF = [f"CONS-{n:03d}" for n in range(1, 27)]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
def _day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _spread(rng: random.Random, total: int, owners: list, minimum: int = 1, weights: list | None = None) -> dict:
    """`total` items dealt to `owners`, each at least `minimum`, the rest at random (weighted)."""
    if total < minimum * len(owners):
        raise ValueError(f"cannot deal {total} items to {len(owners)} owners with {minimum} each")
    counts = {o: minimum for o in owners}
    extra = total - minimum * len(owners)
    if extra and owners:
        for o in rng.choices(owners, weights=weights, k=extra):
            counts[o] += 1
    return counts


def _some(rng: random.Random, pool: list, k: int) -> list:
    """k of pool at random, or all of it when the pool is smaller (the first years have little history;
    the calibrated years never hit the bound: their figures are checked against the report)."""
    return rng.sample(pool, max(0, min(k, len(pool))))


def _mark(rng: random.Random, items: list, k: int) -> set:
    if k > len(items) or k < 0:
        raise ValueError(f"cannot mark {k} of {len(items)}")
    return set(rng.sample(items, k))


def _age(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _cents(rng: random.Random, total: int, n: int, spread: float = 0.35) -> list[int]:
    """n amounts in cents (odd cents, as real payments) adding up to exactly `total`."""
    if n == 0:
        return []
    mean = total / n
    amounts = [max(1, round(mean * (1 + rng.uniform(-spread, spread)))) for _ in range(n)]
    share, remainder = divmod(total - sum(amounts), n)
    amounts = [a + share + (i < remainder) for i, a in enumerate(amounts)]
    assert sum(amounts) == total and min(amounts) > 0
    return amounts


# --------------------------------------------------------------------------------------------
# The simulation
# --------------------------------------------------------------------------------------------
class _Simulation:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.accueil: list[dt.date] = []
        self.cohort: dict[int, list[int]] = defaultdict(list)
        self.attrs: dict[int, dict] = defaultdict(dict)
        self.level_at_reception: dict[int, int] = {}  # dealt attributes (sexe, infra_bac, qpv, age)
        self.rows: dict[str, list[tuple[dt.date, list]]] = {s: [] for s in COLUMNS}
        self.counters: dict[str, int] = defaultdict(int)
        # carried into the next year: situations (kind -> list of (owner, dict)), CEJ/TH windows
        self.carry: dict[str, list] = defaultdict(list)

    def _id(self, prefix: str) -> str:
        self.counters[prefix] += 1
        return f"{prefix}{self.counters[prefix]:07d}"

    # -- people ---------------------------------------------------------------------------
    def register(self, year: int, n: int) -> list[int]:
        rng = self.rng
        days = sorted(_day(rng, dt.date(year, 1, 2), dt.date(year, 12, 22)) for _ in range(n))
        people = []
        for day in days:
            j = len(self.accueil)
            self.accueil.append(day)
            self.cohort[year].append(j)
            people.append(j)
        return people

    def active_from(self, j: int, year: int) -> dt.date:
        return max(self.accueil[j], dt.date(year, 1, 1))

    # -- one year ---------------------------------------------------------------------------
    def year(self, year: int) -> None:
        rng, plan = self.rng, _plan(year)
        y0, y1 = dt.date(year, 1, 1), dt.date(year, 12, 31)
        carry, self.carry = self.carry, defaultdict(list)
        new = self.register(year, plan["inscriptions"])
        earlier = sorted(j for y in (year - 1, year - 2, year - 3) for j in self.cohort.get(y, []))

        # CEJ: carried-in windows (entered last year), then this year's entrants
        cej_in = [(j, entry, exit_) for j, entry, exit_ in carry["cej"]]
        span_owners = {kind: {j for j, _ in carry[kind]} for kind in ("emploi", "formation", "alternance")}
        mandatory = {j for j, _, _ in cej_in} | set().union(*span_owners.values()) | {j for j, _, _ in carry["th"]}
        pool = [j for j in earlier if j not in mandatory]
        n_earlier = min(plan["jeunes_entretien"] - len(new), len(pool) + len(mandatory))  # 2019: no history
        chosen_earlier = sorted(mandatory) + rng.sample(pool, n_earlier - len(mandatory))
        interviewed = new + chosen_earlier
        if len(interviewed) < plan["jeunes_entretien"]:  # the first years have less history: scale down
            ratio = len(interviewed) / plan["jeunes_entretien"]
            plan = {k: v if k == "inscriptions" else
                    (round(v[0] * ratio), round(v[1] * ratio)) if isinstance(v, tuple) else round(v * ratio)
                    for k, v in plan.items()}
        rest = [j for j in earlier if j not in set(chosen_earlier)]
        contact_only = rng.sample(rest, min(plan["contact_only"], len(rest)))

        carried_cej = {j for j, _, _ in cej_in}
        entrants_new = rng.sample([j for j in new if self.accueil[j] <= dt.date(year, 12, 1)], plan["cej_entrants_inscrits"])
        candidates = [j for j in chosen_earlier if j not in carried_cej and j not in mandatory]
        entrants_old = rng.sample(candidates, min(len(candidates), plan["cej_entrees"] - len(entrants_new)))  # 2019: no history
        windows: dict[int, tuple[dt.date, dt.date]] = {j: (max(entry, y0), min(exit_ or y1, y1)) for j, entry, exit_ in cej_in}
        entries = []
        for j in entrants_new:
            entry = self.accueil[j] + dt.timedelta(days=rng.randint(1, min(60, (y1 - self.accueil[j]).days)))
            entries.append((j, entry))
        for j in entrants_old:
            entries.append((j, _day(rng, y0, dt.date(year, 12, 15))))
        entries.sort(key=lambda e: (e[1], e[0]))
        carry_out = plan["cej_carry_out"] if year < LAST_YEAR else None
        for rank, (j, entry) in enumerate(entries):
            runs_on = carry_out is not None and rank >= len(entries) - carry_out
            if year == LAST_YEAR:
                exit_ = entry + dt.timedelta(days=rng.randint(150, 365))
                exit_ = None if exit_ > y1 else exit_
            elif runs_on:
                exit_ = max(entry + dt.timedelta(days=rng.randint(150, 365)), dt.date(year + 1, 1, 2) + dt.timedelta(days=rng.randint(0, 120)))
                self.carry["cej"].append((j, entry, exit_))
            else:
                exit_ = entry + dt.timedelta(days=rng.randint(min(60, (y1 - entry).days), max(0, min(365, (y1 - entry).days))))
            windows[j] = (entry, min(exit_ or y1, y1))
            self.programme(j, _intensive(year)[0], entry, exit_)
        cej = sorted(windows)
        if year == REPORT_YEAR:
            entrant_ids = [j for j, _ in entries]
            qpv = _mark(rng, entrant_ids, plan["cej_qpv"])
            for j in entrant_ids:
                self.attrs[j]["qpv"] = j in qpv

        # CEJ young people with professional measures, by kind (disjoint)
        cej_set = set(cej)
        others = [j for j in interviewed if j not in cej_set]  # not in CEJ this year
        m_alt = _some(rng, [j for j in cej if j not in span_owners["alternance"]], plan["mesures_jeunes_alternance"])
        m_form = _some(rng, [j for j in cej if j not in span_owners["emploi"] and j not in set(m_alt)], plan["mesures_jeunes_formation"])
        taken = set(m_alt) | set(m_form)
        m_emp = _some(rng, [j for j in cej if j not in span_owners["formation"] and j not in taken], plan["mesures_jeunes_emploi"])

        # employment: carried-in situations, CEJ measures, then other young people's situations
        emploi_in = carry["emploi"]
        base = span_owners["emploi"] | set(m_emp)
        extra = plan["emploi_jeunes"] - len(base)
        fresh = _some(rng, [j for j in others if j not in base and j not in span_owners["formation"]], extra)
        n_new = plan["emploi_situations"] - len(emploi_in)
        n_other = n_new - plan["mesures_emploi"]
        starts = [(j, self.window_day(j, windows, year)) for j, n in _spread(rng, plan["mesures_emploi"], m_emp).items() for _ in range(n)]
        starts += [(j, _day(rng, self.active_from(j, year), y1)) for j, n in _spread(rng, n_other, fresh).items() for _ in range(n)]
        n_cdi_in = sum(1 for _, s in emploi_in if s["type_contrat"] == "CDI")
        n_n_in = sum(1 for _, s in emploi_in if s["code_rome"][0] == "N")
        index = list(range(len(starts)))
        span = _mark(rng, index, plan["emploi_span_out"])
        cdi = _mark(rng, sorted(span), plan["cdi_span_out"]) | _mark(rng, [i for i in index if i not in span], plan["cdi"] - n_cdi_in - plan["cdi_span_out"])
        transport = _mark(rng, index, plan["emploi_transport"] - n_n_in)
        for i, (j, start) in enumerate(starts):
            contract = "CDI" if i in cdi else _weighted(rng, JOB_CONTRACTS)
            domain = "N" if i in transport else _weighted(rng, OTHER_JOB_DOMAINS)
            self.situation(j, "Emploi", start, JOB_DAYS[contract], i in span, year, type_contrat=contract, domain=domain)
        if year == REPORT_YEAR:
            self.deal_report_year_jobs(plan, sorted(base | set(fresh)), emploi_in, starts)

        # training
        formation_in = carry["formation"]
        base_f = span_owners["formation"] | set(m_form)
        emploi_people = base | set(fresh)
        extra_f = plan["formation_jeunes"] - len(base_f)
        fresh_f = _some(rng, [j for j in others if j not in base_f and j not in emploi_people], extra_f)
        n_new_f = plan["formation_situations"] - len(formation_in)
        starts_f = [(j, self.window_day(j, windows, year)) for j, n in _spread(rng, plan["mesures_formation"], m_form).items() for _ in range(n)]
        starts_f += [(j, _day(rng, self.active_from(j, year), y1)) for j, n in _spread(rng, n_new_f - plan["mesures_formation"], fresh_f).items() for _ in range(n)]
        index = list(range(len(starts_f)))
        kinds_in = [s["type_formation"] for _, s in formation_in]
        retours = _mark(rng, index, plan["formation_retours"] - kinds_in.count("Retour en formation initiale"))
        qualif_in = sum(k in ("Qualifiante", "Pré-qualifiante") for k in kinds_in)
        qualif = _mark(rng, [i for i in index if i not in retours], plan["formation_qualif"] - qualif_in)
        sap = _mark(rng, index, plan["formation_sap"] - sum(1 for _, s in formation_in if s["code_rome"][0] == "K"))
        span_f = _mark(rng, index, plan["formation_span_out"])
        for i, (j, start) in enumerate(starts_f):
            if i in retours:
                kind = "Retour en formation initiale"
            elif i in qualif:
                kind = rng.choice(("Qualifiante", "Qualifiante", "Pré-qualifiante"))
            else:
                kind = rng.choice(("Remise à niveau", "Remobilisation"))
            domain = "K" if i in sap else _weighted(rng, TRAINING_DOMAINS)
            self.situation(j, "Formation", start, (30, 300), i in span_f, year, type_formation=kind, domain=domain)
        if year == REPORT_YEAR:
            people = sorted(base_f | set(fresh_f))
            infra = _mark(rng, people, plan["formation_infra_bac"])
            for j in people:
                self.attrs[j]["infra_bac"] = j in infra

        # work-study: contracts signed this year, by people without a running one
        signers_other = _some(rng, [j for j in others if j not in span_owners["alternance"]], plan["alternance_signes"] - len(m_alt))
        signers = [(j, self.window_day(j, windows, year)) for j in m_alt] + [(j, _day(rng, self.active_from(j, year), y1)) for j in signers_other]
        index = list(range(len(signers)))
        commerce = _mark(rng, index, plan["alternance_commerce"])
        span_a = _mark(rng, index, plan["alternance_span_out"])
        for i, (j, start) in enumerate(signers):
            contract = rng.choice(("Apprentissage", "Apprentissage", "Apprentissage", "Professionnalisation"))
            domain = "D" if i in commerce else _weighted(rng, WORK_STUDY_DOMAINS)
            self.situation(j, "Alternance", start, (120, 300), i in span_a, year, type_contrat=contract, domain=domain)

        # immersions (PMSMP): CEJ measures, then others
        m_all = m_emp + m_form + m_alt
        for _ in range(plan["mesures_pmsmp"]):
            j = rng.choice(m_all)
            self.situation(j, "Immersion professionnelle", self.window_day(j, windows, year), (5, 20), False, year,
                           type_contrat="PMSMP", domain=_weighted(rng, OTHER_JOB_DOMAINS), allow_next_year=True)
        for _ in range(plan["pmsmp"] - plan["mesures_pmsmp"]):
            j = rng.choice(others)
            self.situation(j, "Immersion professionnelle", _day(rng, self.active_from(j, year), y1), (5, 20), False, year,
                           type_contrat="PMSMP", domain=_weighted(rng, OTHER_JOB_DOMAINS), allow_next_year=True)
        # a few non-professional situations, for realism (not measures: people not in CEJ)
        for j in rng.sample(others, len(others) // 6):
            category = rng.choice(("Demandeur d'emploi", "Service civique", "Inactivité"))
            self.situation(j, category, _day(rng, self.active_from(j, year), y1), (30, 240), False, year, domain=None)

        # PACEA and reinforced follow-up of disabled young people
        pacea = rng.sample(interviewed, plan["pacea_entrees"])
        pacea_windows = {}
        for j in pacea:
            entry = _day(rng, self.active_from(j, year), y1)
            exit_ = entry + dt.timedelta(days=rng.randint(90, 540))
            exit_ = None if exit_ > dt.date(LAST_YEAR, 12, 31) else exit_
            pacea_windows[j] = (entry, min(exit_ or y1, y1))
            self.programme(j, "PACEA", entry, exit_)
        th_people = rng.sample([j for j in interviewed if j not in {k for k, _, _ in carry["th"]}], plan["th_entrees"])
        th_entries = sorted((_day(rng, self.active_from(j, year), dt.date(year, 11, 30)), j) for j in th_people)
        for rank, (entry, j) in enumerate(th_entries):
            if rank >= len(th_entries) - plan["th_span_out"]:
                exit_ = None if year == LAST_YEAR else dt.date(year + 1, 1, 1) + dt.timedelta(days=rng.randint(0, 200))
                if year < LAST_YEAR:
                    self.carry["th"].append((j, entry, exit_))
            else:
                exit_ = _day(rng, entry, y1)
            self.programme(j, "Suivi renforcé TH", entry, exit_)

        self.events(year, plan, new, interviewed, contact_only, cej, windows, entrants_new)
        self.proposals(year, plan, interviewed + contact_only)
        self.allowances(year, plan, cej, windows, pacea_windows, interviewed)

    def window_day(self, j: int, windows: dict, year: int) -> dt.date:
        lo, hi = windows[j]
        return _day(self.rng, max(lo, dt.date(year, 1, 1)), hi)

    def programme(self, j: int, name: str, entry: dt.date, exit_: dt.date | None) -> None:
        motif = "" if exit_ is None else self.rng.choice(("Fin de parcours", "Emploi durable", "Formation", "Abandon", "Déménagement"))
        self.rows["dispositifs"].append((entry, [self._id("ACC"), j, name, entry, exit_, motif]))

    def situation(self, j: int, category: str, start: dt.date, days: tuple[int, int], span: bool, year: int, *,
                  type_contrat: str = "", type_formation: str = "", domain: str | None, allow_next_year: bool = False) -> None:
        rng = self.rng
        y1 = dt.date(year, 12, 31)
        length = dt.timedelta(days=rng.randint(*days))
        if span:
            if year == LAST_YEAR:
                end = None
            else:
                end = max(start + length, dt.date(year + 1, 1, 1) + dt.timedelta(days=rng.randint(0, 150)))
        else:
            end = start + length if allow_next_year else min(start + length, y1)
            end = None if end > dt.date(LAST_YEAR, 12, 31) else end
        code = rng.choice(ROME[domain]) if domain else ""
        record = {"type_contrat": type_contrat, "type_formation": type_formation, "code_rome": code}
        row = [self._id("SIT"), j, category, type_contrat, type_formation, start, end, code, SECTORS.get(domain, "") if category in ("Emploi", "Alternance") else ""]
        self.rows["situations"].append((start, row))
        kind = {"Emploi": "emploi", "Formation": "formation", "Alternance": "alternance"}.get(category)
        if span and kind and year < LAST_YEAR:
            self.carry[kind].append((j, record))

    def deal_report_year_jobs(self, plan: dict, people: list[int], emploi_in: list, starts: list) -> None:
        """Sex, education level and age band at the start of the first employment situation of the
        report year, in exact numbers, among the young people in employment."""
        rng = self.rng
        first: dict[int, dt.date] = {}
        for j, _ in emploi_in:  # started last year: the earliest start wins
            first[j] = dt.date(REPORT_YEAR - 1, 12, 31)
        for j, start in starts:
            first[j] = min(first.get(j, start), start)
        spanning = {j for j, _ in emploi_in}
        # carried-in starts: read their exact dates from the rows written last year
        for _, row in self.rows["situations"]:
            if row[1] in spanning and row[2] == "Emploi" and row[5].year == REPORT_YEAR - 1 and (row[6] is None or row[6].year >= REPORT_YEAR):
                first[row[1]] = min(first[row[1]], row[5])
        men = _mark(rng, people, plan["emploi_hommes"])
        infra = _mark(rng, people, plan["emploi_infra_bac"])
        band = _mark(rng, people, plan["emploi_18_21"])
        for j in people:
            self.attrs[j].update(sexe="H" if j in men else "F", infra_bac=j in infra,
                                 age_at=(first[j], j in band))

    def events(self, year: int, plan: dict, new: list, interviewed: list, contact_only: list, cej: list,
               windows: dict, entrants_new: list) -> None:
        rng = self.rng
        y0, y1 = dt.date(year, 1, 1), dt.date(year, 12, 31)
        cej_set = set(cej)
        events: list[tuple] = []  # (date, j, type, mode, session)
        # CEJ workshops: sessions attended by young people in CEJ on the day
        by_day_cache: dict[dt.date, list[int]] = {}
        cej_attendance = 0
        for _ in range(plan["cej_ateliers"]):
            day = _day(rng, y0, y1)
            eligible = by_day_cache.get(day)
            if eligible is None:
                eligible = [j for j in cej if windows[j][0] <= day <= windows[j][1]]
                by_day_cache[day] = eligible
            if not eligible:
                day = windows[cej[0]][0]
                eligible = [j for j in cej if windows[j][0] <= day <= windows[j][1]]
            session = self._id("AT")
            for j in rng.sample(eligible, min(len(eligible), rng.randint(2, 9))):
                events.append((day, j, "Atelier collectif", "Présentiel", session))
                cej_attendance += 1
        non_cej = [j for j in interviewed if j not in cej_set] + contact_only
        other_attendance = 0
        for _ in range(plan["autres_ateliers"]):
            day = _day(rng, y0, y1)
            eligible = [j for j in non_cej if self.accueil[j] <= day]
            session = self._id("AT")
            for j in rng.sample(eligible, min(len(eligible), rng.randint(2, 8))):
                events.append((day, j, "Atelier collectif", "Présentiel", session))
                other_attendance += 1
        # CEJ interviews and other contacts, inside each CEJ period
        weights = [(windows[j][1] - windows[j][0]).days + 1 for j in cej]
        for j, n in _spread(rng, plan["cej_entretiens"], cej, 1, weights).items():
            for _ in range(n):
                events.append((self.window_day(j, windows, year), j, "Entretien individuel", self.mode(), None))
        for j, n in _spread(rng, plan["cej_contacts"] - plan["cej_entretiens"] - cej_attendance, cej, 0, weights).items():
            for _ in range(n):
                events.append((self.window_day(j, windows, year), j, self.contact_type(), "À distance", None))
        # first reception of this year's registrants (CEJ entrants too: before their CEJ entry)
        newcomers = set(new)
        for j in new:
            events.append((self.accueil[j], j, "Entretien individuel", "Présentiel", None))
        non_cej_interviewed = [j for j in interviewed if j not in cej_set]
        owed = plan["entretiens"] - plan["cej_entretiens"] - len(new)
        needed = [j for j in non_cej_interviewed if j not in newcomers]
        counts = _spread(rng, owed - len(needed), non_cej_interviewed, 0)
        for j in needed:
            counts[j] += 1
        for j, n in counts.items():
            for _ in range(n):
                events.append((_day(rng, self.active_from(j, year), y1), j, "Entretien individuel", self.mode(), None))
        non_cej_events = plan["contacts"] - plan["cej_contacts"]
        remaining = non_cej_events - (plan["entretiens"] - plan["cej_entretiens"]) - other_attendance
        counts = _spread(rng, remaining - len(contact_only), non_cej_interviewed + contact_only, 0)
        for j in contact_only:
            counts[j] += 1
        for j, n in counts.items():
            for _ in range(n):
                events.append((_day(rng, self.active_from(j, year), y1), j, self.contact_type(), "À distance", None))
        events.sort(key=lambda e: (e[0], e[1]))
        for day, j, kind, mode, session in events:
            comment = "Point de situation" if kind == "Entretien individuel" and rng.random() < 0.1 else ""
            self.rows["evenements"].append((day, [self._id("EV"), j, day, kind, mode, session or "", rng.choice(STAFF), comment]))

    def mode(self) -> str:
        return "Présentiel" if self.rng.random() < 0.85 else "À distance"

    def contact_type(self) -> str:
        return _weighted(self.rng, {"Appel téléphonique": 40, "SMS": 35, "E-mail": 22, "Courrier": 3})

    def proposals(self, year: int, plan: dict, people: list[int]) -> None:
        rng = self.rng
        y1 = dt.date(year, 12, 31)
        emploi = _mark(rng, list(range(plan["propositions"])), plan["propositions_emploi"])
        made = []
        for i in range(plan["propositions"]):
            j = rng.choice(people)
            theme = "Emploi" if i in emploi else _weighted(rng, OTHER_THEMES)
            made.append((_day(rng, self.active_from(j, year), y1), j, theme))
        made.sort(key=lambda p: (p[0], p[1]))
        for day, j, theme in made:
            self.rows["propositions"].append((day, [self._id("PR"), j, day, theme, ""]))

    def allowances(self, year: int, plan: dict, cej: list, windows: dict, pacea_windows: dict, people: list[int]) -> None:
        rng = self.rng
        y0, y1 = dt.date(year, 1, 1), dt.date(year, 12, 31)
        aids: list[tuple] = []  # (date, j, type, decision, purpose, cents)

        # CEJ allowance: one payment per month of the CEJ period, dated the month's end (or the exit)
        cents, n_people = plan["aide_cej"]
        payments = []
        for j in sorted(rng.sample(cej, min(n_people, len(cej)))):
            lo, hi = windows[j]
            month = dt.date(lo.year, lo.month, 1)
            while month <= hi:
                following = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
                payments.append((min(following - dt.timedelta(days=1), hi), j))
                month = following
        for (day, j), amount in zip(payments, _cents(rng, cents, len(payments), 0.3)):
            aids.append((day, j, _intensive(year)[1], "Accordée", "Subsistance", amount))

        def occasional(kind: str, key: str, owners_from: list[int], per_person: tuple[int, int], purpose: str, window=None):
            cents, n_people = plan[key]
            owners = rng.sample(owners_from, n_people)
            grants = [(j, k) for j in owners for k in range(rng.randint(*per_person))]
            for (j, _), amount in zip(grants, _cents(rng, cents, len(grants))):
                lo, hi = window[j] if window else (self.active_from(j, year), y1)
                aids.append((_day(rng, lo, hi), j, kind, "Accordée", purpose, amount))

        occasional("Allocation PACEA", "aide_pacea", sorted(pacea_windows), (1, 3), "Subsistance", pacea_windows)
        occasional("Repas", "aide_repas", people, (1, 4), "Repas")
        occasional("Mobilité MDE", "aide_mobilite", people, (1, 1), "Transport")
        # FAJ files: granted ones (some people twice), then refused ones
        cents, n_people = plan["aide_faj"]
        owners = rng.sample(people, n_people)
        granted = owners + rng.sample(owners, plan["faj_accordes"] - n_people)
        for j, amount in zip(granted, _cents(rng, cents, len(granted))):
            aids.append((_day(rng, self.active_from(j, year), y1), j, "FAJ", "Accordée", rng.choice(("Subsistance", "Transport", "Logement", "Formation")), amount))
        for j in rng.sample(people, plan["faj_dossiers"] - plan["faj_accordes"]):
            aids.append((_day(rng, self.active_from(j, year), y1), j, "FAJ", "Refusée", "Subsistance", None))
        # Mission Locale fund: trainings first
        cents, n_people = plan["aide_fonds_ml"]
        owners = rng.sample(people, n_people)
        purposes = ["Formation"] * plan["fonds_ml_formations"] + ["Permis de conduire", "Équipement"] * n_people
        for j, amount, purpose in zip(owners, _cents(rng, cents, n_people, 0.5), purposes):
            aids.append((_day(rng, self.active_from(j, year), y1), j, "Fonds ML", "Accordée", purpose, amount))
        aids.sort(key=lambda a: (a[0], a[1], a[2]))
        for day, j, kind, decision, purpose, amount in aids:
            assert y0 <= day <= y1
            self.rows["aides"].append((day, [self._id("AID"), j, kind, day, decision, purpose, amount]))

    # -- dossiers, once every year is simulated -------------------------------------------
    def dossiers(self) -> None:
        rng = self.rng
        edge_young, edge_old = 0, 0
        for j, accueil in enumerate(self.accueil):
            attrs = self.attrs.get(j, {})
            sexe = attrs.get("sexe") or rng.choice("HF")
            if "infra_bac" in attrs:
                niveau = rng.choice((1, 2, 3, 3, 3)) if attrs["infra_bac"] else rng.choice((4, 4, 4, 5, 6))
            else:
                niveau = rng.choice((2, 3, 3, 3, 3, 4, 4, 4, 5, 6))
            qpv = attrs.get("qpv", rng.random() < 0.08)
            commune = rng.choice(QPV_COMMUNES) if qpv else _weighted(rng, COMMUNES)
            if "age_at" in attrs:
                start, in_band = attrs["age_at"]
                birth, edge = self.birth_for(start, in_band, accueil, edge_young < 10, edge_old < 10)
                edge_young += edge == "young"
                edge_old += edge == "old"
            else:
                birth = _years_before(accueil, rng.randint(16, 24)) - dt.timedelta(days=rng.randint(0, 360))
            nom, prenom = rng.choice(NOMS), rng.choice(PRENOMS[sexe])
            email = f"{prenom.lower()}.{nom.lower()}{j % 97}@example.org".translate(str.maketrans("éèëïôâ", "eeeioa"))
            row = [j, nom, prenom, f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                   email, birth, sexe, commune, "O" if qpv else "N", niveau, rng.choice("ON"),
                   "O" if rng.random() < 0.05 else "N", accueil]
            self.rows["dossiers"].append((accueil, row))
            self.level_at_reception[j] = niveau

    def level_changes(self) -> None:
        """Levels reached after the first reception (the dossier keeps the level at first reception).
        Some young people in employment in the report year, below the bac at the start of their first
        job, pass it afterwards: still below the bac for that year's figures (level at the start)."""
        rng = self.rng
        end = dt.date(LAST_YEAR, 12, 31)
        passed_after = [j for j, a in sorted(self.attrs.items()) if a.get("infra_bac") and "age_at" in a]
        for j in rng.sample(passed_after, min(15, len(passed_after))):
            start = self.attrs[j]["age_at"][0]
            if start < end:
                day = _day(rng, start + dt.timedelta(days=1), end)
                self.rows["niveaux"].append((day, [j, day, 4, DIPLOMAS[4]]))
        others = [j for j in range(len(self.accueil)) if "infra_bac" not in self.attrs.get(j, {})]
        for j in rng.sample(others, len(others) // 25):
            lo = self.accueil[j] + dt.timedelta(days=60)
            if lo < end:
                day = _day(rng, lo, min(end, self.accueil[j] + dt.timedelta(days=1000)))
                level = min(8, self.level_at_reception[j] + 1)
                self.rows["niveaux"].append((day, [j, day, level, DIPLOMAS[level]]))
        self.rows["niveaux"].sort(key=lambda r: (r[0], r[1][0]))

    def birth_for(self, start: dt.date, in_band: bool, accueil: dt.date, young_edge: bool, old_edge: bool):
        """A birth date giving an exact age at `start` inside [18, 21] or outside it, 16-25 at the
        first reception. Edge cases first: a 21-year-old whose 22nd birthday is later in the same
        month, a 17-year-old whose 18th is later in the month (a month-based age gets both wrong)."""
        rng = self.rng
        gap = (start - accueil).days / 365.25
        last_day = (dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1) - dt.timedelta(days=1)).day
        if in_band and old_edge and start.day < last_day and gap < 3:
            birth = dt.date(start.year - 22, start.month, rng.randint(start.day + 1, last_day)) if not (start.month == 2 and last_day == 29) else None
            if birth and _age(birth, start) == 21 and 16 <= _age(birth, accueil) <= 25:
                return birth, "old"
        if not in_band and young_edge and start.day < last_day and gap < 0.9:
            day = rng.randint(start.day + 1, min(last_day, 28))  if start.day < 28 else None
            if day:
                birth = dt.date(start.year - 18, start.month, day)
                if _age(birth, start) == 17 and _age(birth, accueil) >= 16:
                    return birth, "young"
        if in_band:
            low = max(18, 16 + int(gap) + 1)
            age = rng.randint(low, 21) if low <= 21 else 21
        else:
            age = rng.randint(22, 25)
        birth = _years_before(start, age) - dt.timedelta(days=rng.randint(0, 360))
        assert _age(birth, start) == age
        return birth, None


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
def build_imilo_dataset(seed: int = 20251) -> dict[str, list[tuple[dt.date, list]]]:
    simulation = _Simulation(seed)
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        simulation.year(year)
    simulation.dossiers()
    simulation.level_changes()
    return _first_year_as_running(simulation.rows)


def _first_year_as_running(rows: dict[str, list[tuple[dt.date, list]]]) -> dict[str, list[tuple[dt.date, list]]]:
    """The first year read as a Mission Locale already running, not one opening on 1 January.

    The simulation registers every young person of the first year during that year, so its
    activity ramps up from nothing (January's proposals a tenth of December's), which the volume
    rules rightly flag. The first year's dates are pulled earlier: a record's date by the warp
    `_pulled(t, ACTIVITY_PULL)` (1: t -> t^2 / T, t days since 1 January, T the year's last day,
    which makes a linear ramp flat), first receptions by the gentler `RECEPTION_PULL` (they lean to
    the first months, the caseload found when the extracts start, without emptying December), and
    no record of a young person moves before their first reception. For each young person the
    change of date is non-decreasing, so every order between their dates holds (entry before exit,
    reception before everything, the first year before the next). Birth dates move with the first
    reception, so ages at it are unchanged. The intensive programme's monthly allowance is laid
    again over the moved programme period (`_monthly_allowances_moved`).
    Applied after the simulation, it leaves the random draws, hence every later year, as they were.
    """
    reception = {row[0]: _pulled(day, RECEPTION_PULL) for day, row in rows["dossiers"]}

    def moved(value, j):
        if isinstance(value, dt.date) and value.year == FIRST_YEAR:
            return max(_pulled(value, ACTIVITY_PULL), reception[j])
        return value

    birth = COLUMNS["dossiers"].index("date_naissance")
    payments = _monthly_allowances_moved(rows, moved)
    out = {}
    for source, dated in rows.items():
        out[source] = []
        for day, row in dated:
            j = row[ID_COLUMN[source]]
            if source == "aides" and row[0] in payments:
                out[source].append((payments[row[0]], [*row[:3], payments[row[0]], *row[4:]]))
                continue
            new = [moved(v, j) for v in row]
            if source == "dossiers" and day.year == FIRST_YEAR:
                new[birth] = row[birth] - (day - reception[j])
            out[source].append((moved(day, j), new))
    return out


def _monthly_allowances_moved(rows: dict[str, list[tuple[dt.date, list]]], moved) -> dict[str, dt.date]:
    """The first year's payments of the intensive programme's allowance (one a month, dated the month's
    end or the exit), their number and amounts kept, dated again over the programme period once
    moved: the last months of it (two in a month where the moved period has fewer months than payments)."""
    programme, allowance = _intensive(FIRST_YEAR)
    windows = {row[1]: (row[3], row[4]) for _, row in rows["dispositifs"] if row[2] == programme and row[3].year == FIRST_YEAR}
    paid: dict[int, list[str]] = defaultdict(list)
    for day, row in rows["aides"]:
        if row[2] == allowance and day.year == FIRST_YEAR and row[1] in windows:
            paid[row[1]].append(row[0])
    dates = {}
    for j, ids in paid.items():
        entry, exit_ = windows[j]
        lo = moved(entry, j)
        hi = moved(exit_, j) if exit_ is not None and exit_.year == FIRST_YEAR else dt.date(FIRST_YEAR, 12, 31)
        months = hi.month - lo.month + 1
        firsts = range(months - len(ids), months) if len(ids) <= months else [k * months // len(ids) for k in range(len(ids))]
        for aid, k in zip(ids, firsts):
            month = lo.month + k
            end = dt.date(FIRST_YEAR + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
            dates[aid] = min(end, hi)
    return dates


def _pulled(day: dt.date, strength: float) -> dt.date:
    """A date of the first year pulled towards 1 January: t -> t ((1 - s) + s t / T), which keeps 1 January,
    31 December and the order of dates."""
    if day.year != FIRST_YEAR:
        return day
    y0 = dt.date(FIRST_YEAR, 1, 1)
    t, span = (day - y0).days, (dt.date(FIRST_YEAR, 12, 31) - y0).days
    return y0 + dt.timedelta(days=round(t * ((1 - strength) + strength * t / span)))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return french_date(value)
    return str(value)


def _amount(cents: int | None) -> str:
    return "" if cents is None else f"{cents // 100},{cents % 100:02d}"


def write_imilo_extracts(extracts_dir: pathlib.Path, seed: int = 20251) -> list[pathlib.Path]:
    """Write every monthly i-milo extract under extracts_dir/ml/YYYY/ and return the paths written."""
    rows = build_imilo_dataset(seed)
    by_month: dict[tuple[str, int, int], list[list[str]]] = defaultdict(list)
    for source, dated in rows.items():
        for day, row in dated:
            row = list(row)
            row[ID_COLUMN[source]] = f"IM{row[ID_COLUMN[source]]:07d}"
            if source == "aides":
                row[-1] = _amount(row[-1])
            by_month[(source, day.year, day.month)].append([_cell(v) for v in row])
    paths = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        folder = pathlib.Path(extracts_dir) / "ml" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for month in range(1, 13):
            for source in COLUMNS:
                path = folder / f"imilo_{source}_{year}-{month:02d}.csv"
                with path.open("w", encoding=ENCODING, newline="") as handle:
                    writer = csv.writer(handle, delimiter=SEPARATOR, lineterminator=LINE_END)
                    writer.writerow(COLUMNS[source])
                    writer.writerows(by_month.get((source, year, month), []))
                paths.append(path)
    return paths

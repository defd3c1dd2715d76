"""Contracts of the Maison de l'Emploi's extracts: the registers its staff keep in a monthly
workbook, the Cyber-base visit log and the web and social-network statistics (docs/mde-extracts.md).

The trackers: one workbook per month, `mde/{year}/mde_suivi_{partition}.xlsx`, one sheet per
register, each register one contract (`sheet` in its metadata; `ingestion.workbook` finds the
sheet and its header, skips title, blank and totals rows). Column names are the sheet's header
labels as `ingestion.workbook.normalise` writes them (`Date événement` -> `date_evenement`).
A record is in the workbook of the month it is dated in; a later copy of a month's workbook
replaces it. The Cyber-base log and the statistics are monthly CSV exports of their tools.

Each contract declares its key: two rows with the same key in one month's file are duplicates
(quarantined); the same key in two months is a re-export and staging keeps the later one.
Person ids (Cyber-base users, project holders, clause workers, aid recipients, people placed)
are pseudonymised; names, phone numbers and free text typed by staff never leave ingestion.
Clause hours stay text in the raw table and are cast to an exact decimal in staging.
"""
from __future__ import annotations

import pandera.pandas as pa
from pandera import Check

from schemas.common import DROP, ID, LABEL, PSEUDONYMISE, SCRUB, end_not_before_start
from schemas.territory import COMMUNE_CODE

YES_NO = ["O", "N"]
SEXES = ["H", "F"]
EVENT_TYPES = ["Salon", "Job Dating", "Décroche ton Job", "Rendez-vous des Possibles", "Autre"]
CREATION_ACTION_TYPES = ["Atelier collectif", "Village de la Création", "Concours de créateurs", "Autre événement"]
AWARENESS_TOPICS = ["Alternance", "PEC", "Clause d'insertion", "Recrutement", "Autre"]
WORK_STUDY_TYPES = ["Apprentissage", "Professionnalisation"]
MOBILITY_AIDS = ["Abonnement transport", "Carte carburant", "Billet de train"]
SIAE_TYPES = ["ACI", "EI", "AI", "ETTI"]
CYBERBASE_SERVICES = ["Rendez-vous individuel", "Atelier", "Utilisation autonome", "Aide ponctuelle"]
CYBERBASE_PUBLICS = ["Adulte", "Jeune"]
CYBERBASE_FOLLOW_UPS = ["PLIE", "Mission Locale", "Aucun"]
DECIMAL_HOURS = Check.str_matches(r"^\d+([.,]\d{1,2})?$")  # text, cast exactly in staging

WORKBOOK = "mde/{year}/mde_suivi_{partition}.xlsx"


def _register(name: str, sheet: str, description: str, key: list[str], columns: dict, checks=None) -> pa.DataFrameSchema:
    """A register of the workbook; its first date column places a record in its month's workbook."""
    date_column = next(c for c, column in columns.items() if "datetime" in str(column.dtype))
    return pa.DataFrameSchema(
        name=name,
        description=f"{description} Sheet «{sheet}» of the monthly MDE workbook.",
        metadata={"source": "mde", "file": WORKBOOK, "sheet": sheet, "partitioning": "month", "key": key,
                  "date_column": date_column},
        coerce=True,
        columns=columns,
        checks=checks or [],
    )


def _date(description: str = "", nullable: bool = False) -> pa.Column:
    return pa.Column("datetime64[ns]", nullable=nullable, description=description or None)


def _count(description: str, nullable: bool = False) -> pa.Column:
    return pa.Column("Int64", Check.ge(0), nullable=nullable, description=description)


def _person(description: str) -> pa.Column:
    return pa.Column(str, description=f"{description} (pseudonymised at ingestion)", metadata=PSEUDONYMISE)


def _dropped(description: str) -> pa.Column:
    return pa.Column(str, nullable=True, description=f"{description} (dropped at ingestion)", metadata=DROP)


mde__evenements = _register(
    "mde__evenements", "Événements",
    "Employment events the MDE organised, one row each, with exhibitors, participants and, when "
    "counted, the interviews held.",
    ["date_evenement", "evenement"],
    {
        "date_evenement": _date("day of the event"),
        "evenement": pa.Column(str, description="the event's name", metadata=SCRUB),
        "type_evenement": pa.Column(str, Check.isin(EVENT_TYPES), description="Salon: the association's yearly job fair"),
        "lieu": pa.Column(str, nullable=True, description="commune or venue", metadata=SCRUB),
        "exposants": _count("exhibitors (companies, training bodies)"),
        "participants": _count("visitors"),
        "entretiens": _count("interviews held, empty when not counted", nullable=True),
    },
)

mde__evenements_externes = _register(
    "mde__evenements_externes", "Événements externes",
    "Employment events organised by others that the MDE took part in (stand, workshop, "
    "co-organisation, bringing its public), one row each.",
    ["date_evenement", "evenement"],
    {
        "date_evenement": _date("day of the event"),
        "evenement": pa.Column(str, description="the event's name", metadata=SCRUB),
        "lieu": pa.Column(str, nullable=True, metadata=SCRUB),
        "participation": pa.Column(str, nullable=True, description="what the MDE did there", metadata=DROP),
    },
)

mde__creation_actions = _register(
    "mde__creation_actions", "Création - actions",
    "Business-creation collective actions (collective workshops, the creation village of the job "
    "fair, the creators' contest, other events), one row each with its number of participants. The "
    "report names the programme and its events by the labels of config/report/report.yaml.",
    ["date_action", "action"],
    {
        "date_action": _date(),
        "action": pa.Column(str, description="the action's title", metadata=SCRUB),
        "type_action": pa.Column(str, Check.isin(CREATION_ACTION_TYPES)),
        "participants": _count("people attending"),
    },
)

mde__creation_porteurs = _register(
    "mde__creation_porteurs", "Création - porteurs",
    "Business-creation project holders received (individual appointment), one row per reception.",
    ["id_porteur", "date_accueil"],
    {
        "id_porteur": _person("project holder id"),
        "nom": _dropped("surname"),
        "prenom": _dropped("first name"),
        "telephone": _dropped("phone"),
        "date_accueil": _date("day received"),
        "sexe": pa.Column(str, Check.isin(SEXES)),
        "code_commune": pa.Column(str, COMMUNE_CODE, description="INSEE code of the commune of residence"),
        "projet": _dropped("the project, as typed by staff"),
    },
)

mde__creation_orientations = _register(
    "mde__creation_orientations", "Création - orientations",
    "Orientations of project holders to specialised partners, one row each.",
    ["id_porteur", "date_orientation", "partenaire"],
    {
        "id_porteur": _person("project holder id"),
        "date_orientation": _date(),
        "partenaire": pa.Column(str, description="partner the holder was sent to", metadata=LABEL),
    },
)

mde__creation_entreprises = _register(
    "mde__creation_entreprises", "Création - entreprises",
    "Businesses created by the entrepreneurs the MDE supported, one row each.",
    ["id_porteur", "date_creation"],
    {
        "id_porteur": _person("entrepreneur id"),
        "date_creation": _date("registration date of the business"),
        "forme_juridique": pa.Column(str, nullable=True, metadata=LABEL),
        "activite": pa.Column(str, nullable=True, metadata=DROP),
    },
)

mde__sensibilisations = _register(
    "mde__sensibilisations", "Sensibilisations",
    "Employer awareness contacts (work-study, PEC, insertion clauses, recruitment...), one row per "
    "employer, day and topic.",
    ["date_contact", "entreprise", "dispositif"],
    {
        "date_contact": _date(),
        "entreprise": pa.Column(str, description="employer", metadata=LABEL),
        "interlocuteur": _dropped("the employer's contact person"),
        "dispositif": pa.Column(str, Check.isin(AWARENESS_TOPICS)),
    },
)

mde__alternance = _register(
    "mde__alternance", "Alternance",
    "Work-study contracts (apprenticeship or professionalisation) the MDE helped sign, one row each.",
    ["id_personne", "date_debut"],
    {
        "id_personne": _person("person id"),
        "nom": _dropped("surname"),
        "prenom": _dropped("first name"),
        "entreprise": pa.Column(str, description="employer", metadata=LABEL),
        "type_contrat": pa.Column(str, Check.isin(WORK_STUDY_TYPES)),
        "date_debut": _date("contract start"),
        "date_fin": _date("contract end", nullable=True),
    },
    [end_not_before_start("date_debut", "date_fin")],
)

mde__pec = _register(
    "mde__pec", "PEC",
    "Parcours Emploi Compétences (subsidised contracts) the MDE follows, one row each; the end "
    "stays empty while it runs.",
    ["id_personne", "date_debut"],
    {
        "id_personne": _person("person id"),
        "nom": _dropped("surname"),
        "prenom": _dropped("first name"),
        "employeur": pa.Column(str, metadata=LABEL),
        "date_debut": _date("contract start"),
        "date_fin": _date("contract end", nullable=True),
    },
    [end_not_before_start("date_debut", "date_fin")],
)

mde__interim = _register(
    "mde__interim", "Intérim",
    "Temporary-work contracts signed by people the association follows, one row per contract "
    "(a person may sign several).",
    ["id_personne", "agence", "date_debut"],
    {
        "id_personne": _person("person id"),
        "agence": pa.Column(str, description="temporary-work agency", metadata=LABEL),
        "date_debut": _date("contract start"),
        "date_fin": _date("contract end", nullable=True),
        "poste": pa.Column(str, nullable=True, metadata=DROP),
    },
    [end_not_before_start("date_debut", "date_fin")],
)

mde__recrutements = _register(
    "mde__recrutements", "Recrutements",
    "Recruitment operations the MDE ran for an employer, with the immersions (PMSMP) done and "
    "the contracts signed, one row per operation.",
    ["entreprise", "date_debut"],
    {
        "entreprise": pa.Column(str, description="employer", metadata=LABEL),
        "date_debut": _date("start of the operation"),
        "pmsmp": _count("immersions (PMSMP) done"),
        "cdd": _count("fixed-term contracts signed"),
        "cdi": _count("permanent contracts signed", nullable=True),
    },
)

mde__clauses_operations = _register(
    "mde__clauses_operations", "Clauses - opérations",
    "Public-contract operations with an insertion clause the MDE follows, inside the territory "
    "(its own) or outside (managed by another MDE of the metropolis), one row each.",
    ["id_operation"],
    {
        "id_operation": pa.Column(str, description="operation id", metadata=ID),
        "operation": pa.Column(str, description="the operation's name", metadata=LABEL),
        "maitre_d_ouvrage": pa.Column(str, nullable=True, description="contracting authority", metadata=LABEL),
        "sur_le_territoire": pa.Column(str, Check.isin(YES_NO), description="O: an operation on the territory served"),
        "date_debut": _date("start of the works"),
        "date_fin": _date("end of the works, empty while running", nullable=True),
    },
    [end_not_before_start("date_debut", "date_fin")],
)

mde__clauses_heures = _register(
    "mde__clauses_heures", "Clauses - heures",
    "Insertion hours worked per person, operation and month, with the person's commune of "
    "residence.",
    ["id_operation", "id_personne", "mois"],
    {
        "id_operation": pa.Column(str, description="operation id (Clauses - opérations)", metadata=ID),
        "id_personne": _person("person id"),
        "nom": _dropped("surname"),
        "prenom": _dropped("first name"),
        "code_commune": pa.Column(str, COMMUNE_CODE, description="INSEE code of the commune of residence"),
        "mois": _date("the month worked (any day of it)"),
        "heures": pa.Column(str, DECIMAL_HOURS, description="hours, decimal comma or point, at most 2 decimals (exact)"),
    },
)

mde__clauses_entreprises = _register(
    "mde__clauses_entreprises", "Clauses - entreprises",
    "Companies the MDE supported in meeting an insertion clause (recruitment, results), one row "
    "per company, operation and day.",
    ["siret", "id_operation", "date_accompagnement"],
    {
        "siret": pa.Column(str, Check.str_matches(r"^\d{14}$"), description="the company's SIRET"),
        "entreprise": pa.Column(str, metadata=LABEL),
        "id_operation": pa.Column(str, description="operation id (Clauses - opérations)", metadata=ID),
        "date_accompagnement": _date(),
    },
)

mde__mobilite = _register(
    "mde__mobilite", "Mobilité",
    "Individual mobility aids (monthly public-transport pass reloads, fuel cards, train tickets), one "
    "row per aid, with the recipient's commune of residence and QPV.",
    ["id_personne", "type_aide", "date_aide"],
    {
        "id_personne": _person("person id"),
        "nom": _dropped("surname"),
        "prenom": _dropped("first name"),
        "date_aide": _date(),
        "type_aide": pa.Column(str, Check.isin(MOBILITY_AIDS)),
        "code_commune": pa.Column(str, COMMUNE_CODE, description="INSEE code of the commune of residence"),
        "qpv": pa.Column(str, Check.isin(YES_NO), description="lives in a QPV"),
    },
)

mde__mobilite_bus = _register(
    "mde__mobilite_bus", "Bus",
    "Group bus trips (to a job fair, a company), one row each with the number of people carried.",
    ["date_deplacement", "destination"],
    {
        "date_deplacement": _date(),
        "destination": pa.Column(str, metadata=LABEL),
        "participants": _count("people carried"),
    },
)

mde__siae = _register(
    "mde__siae", "SIAE",
    "Placements in insertion structures (SIAE), one row per person and placement, with the "
    "structure's type: ACI, EI, AI or ETTI.",
    ["id_personne", "date_placement"],
    {
        "id_personne": _person("person id"),
        "nom": _dropped("surname"),
        "prenom": _dropped("first name"),
        "date_placement": _date(),
        "structure": pa.Column(str, metadata=LABEL),
        "type_structure": pa.Column(str, Check.isin(SIAE_TYPES)),
    },
)

mde__cyberbase_visites = pa.DataFrameSchema(
    name="mde__cyberbase_visites",
    description=(
        "Cyber-base Emploi visit log, one row per visit: site, user, service (individual "
        "appointment, workshop, autonomous use, one-off help), the user's public (adult, young), "
        "sex and follow-up (PLIE, Mission Locale), and the workshop session when there is one."
    ),
    metadata={"source": "mde", "file": "mde/{year}/cyberbase_visites_{partition}.csv", "partitioning": "month",
              "key": ["id_passage"], "date_column": "date_passage"},
    coerce=True,
    columns={
        "id_passage": pa.Column(str, description="visit id in the Cyber-base tool", metadata=ID),
        "date_passage": _date(),
        "site": pa.Column(str, description="the Cyber-base site (config/mde.yaml names them)",
                          metadata={**LABEL, "vocabulary": "sites"}),
        "id_usager": _person("user id, the same at every site"),
        "sexe": pa.Column(str, Check.isin(SEXES)),
        "public": pa.Column(str, Check.isin(CYBERBASE_PUBLICS), description="Jeune: 16-25, Adulte: older"),
        "suivi": pa.Column(str, Check.isin(CYBERBASE_FOLLOW_UPS), nullable=True, description="follow-up by the PLIE or the Mission Locale"),
        "service": pa.Column(str, Check.isin(CYBERBASE_SERVICES)),
        "id_atelier": pa.Column(str, nullable=True, description="workshop session id, on Atelier visits", metadata=ID),
        "atelier": pa.Column(str, nullable=True, description="workshop title", metadata=SCRUB),
    },
)

communication__site = pa.DataFrameSchema(
    name="communication__site",
    description="Website audience, one row per day: visits and pages viewed (web-analytics export).",
    metadata={"source": "communication", "file": "communication/{year}/communication_site_{partition}.csv",
              "partitioning": "month", "key": ["jour"], "date_column": "jour"},
    coerce=True,
    columns={
        "jour": _date(),
        "visites": _count("visits"),
        "pages_vues": _count("pages viewed"),
    },
)

communication__reseaux = pa.DataFrameSchema(
    name="communication__reseaux",
    description=(
        "Social-network statistics, one row per network and month: followers at the month's end, "
        "followers gained in the month, views and impressions (each network reports some of them)."
    ),
    metadata={"source": "communication", "file": "communication/{year}/communication_reseaux_{partition}.csv",
              "partitioning": "month", "key": ["mois", "reseau"], "date_column": "mois"},
    coerce=True,
    columns={
        "mois": _date("the month (its first day)"),
        "reseau": pa.Column(str, description="the network (config/mde.yaml orders them)",
                            metadata={**LABEL, "vocabulary": "social_networks"}),
        "abonnes": _count("followers at the end of the month"),
        "nouveaux_abonnes": pa.Column("Int64", description="followers gained in the month (net, may be negative)"),
        "vues": _count("views", nullable=True),
        "impressions": _count("impressions", nullable=True),
    },
)

REGISTERS = [
    mde__evenements, mde__evenements_externes, mde__creation_actions, mde__creation_porteurs,
    mde__creation_orientations, mde__creation_entreprises, mde__sensibilisations, mde__alternance,
    mde__pec, mde__interim, mde__recrutements, mde__clauses_operations, mde__clauses_heures,
    mde__clauses_entreprises, mde__mobilite, mde__mobilite_bus, mde__siae,
]
MDE_CONTRACTS = [*REGISTERS, mde__cyberbase_visites]
COMMUNICATION_CONTRACTS = [communication__site, communication__reseaux]
CONTRACTS = [*MDE_CONTRACTS, *COMMUNICATION_CONTRACTS]

"""Contracts of the Mission Locale's own registers of collective actions and partnerships
(docs/ml-actions-extracts.md): collective actions and their attendance, individual follow-up
appointments (health, international mobility, coaching), enrolments in the ML's schemes (vocational
school reform, training obligation, mentoring, justice, FSE+ projects), international departures,
civic-service missions, orientations received from France Travail and shared prospection.

The i-milo record-level extracts (dossiers, events, situations, programmes, allowances) are not
here: `schemas/ml.py`. One file per register and month, `ml/{year}/ml_<register>_{partition}.csv`,
holding the records dated in that month; a later export of a month replaces it.

Sensitive data (GDPR art. 9 and 10): that a young person attends a health action, is followed by
the psychologist, is justice-referred or in the disability scheme is itself sensitive. Every person
id is pseudonymised at ingestion, names and staff notes are dropped, and the SQL models only ever
output counts. The exact birth date (training obligation: minors) stays in the raw table.
"""
from __future__ import annotations

import pandera.pandas as pa
from pandera import Check

from schemas.common import DROP, ID, LABEL, PSEUDONYMISE, SCRUB, end_not_before_start

YES_NO = ["O", "N"]

# Collective-action themes, each the population of one or more figures (docs/ml-actions-extracts.md);
# the others are recorded too and counted by none of this domain's figures.
THEMES = [
    "SEEPH",
    "Santé - Nutrition",
    "Santé - Activité physique",
    "Découverte des métiers",
    "Coaching collectif",
    "Mobilité internationale - Atelier",
    "Mobilité internationale - Forum",
    "Atelier formation",
    "Culture",
    "Service civique - Réunion d'information",
    "Service civique - Forum de l'engagement",
    "Service civique - Formation civique",
    "Comité des usagers",
    "Travaux IBS",
    "Discriminations",
    "Atelier recherche d'emploi",
    "Information collective",
]
ATTENDEE_CATEGORIES = ["Jeune", "Partenaire"]
PRESENCE = ["Présent", "Absent", "Excusé"]
APPOINTMENT_TYPES = ["Déléguée sociale CPAM", "Bilan de santé", "Psychologue", "Mobilité internationale", "Coaching"]
APPOINTMENT_STATUSES = ["Réalisé", "Absent", "Annulé"]
SCHEMES = [
    "Parcours Ambition Emploi",
    "Tous Droits Ouverts",
    "Avenir Pro",
    "Obligation de formation",
    "Parrainage",
    "JSMJ milieu fermé",
    "JSMJ milieu ouvert",
    "FSE+ Alternance",
    "FSE+ Numérique",
    "FSE+ Handicap",
]
PROGRAMMES = [
    "Erasmus+",
    "Échanges de jeunes",
    "Service Civique International",
    "Corps Européen de Solidarité",
    "Volontariat de Solidarité Internationale",
    "Au pair",
]
CIVIC_SERVICE_AGREEMENTS = ["ML", "Structure d'accueil"]
CONTACT_TYPES = ["Professionnel", "Entreprise"]
PROSPECTION_STRUCTURES = ["France Travail", "Association", "Cap Emploi", "Conseil Départemental", "APEC", "Autre"]

_YOUNG_ID = "i-milo id of the young person (pseudonymised at ingestion)"


def _file(register: str) -> str:
    return f"ml/{{year}}/ml_{register}_{{partition}}.csv"


def _meta(register: str, key: list[str], date_column: str) -> dict:
    return {"source": "ml", "file": _file(register), "partitioning": "month", "key": key, "date_column": date_column}


ml__actions_collectives = pa.DataFrameSchema(
    name="ml__actions_collectives",
    description=(
        "Collective actions organised by the Mission Locale (workshops, forums, information meetings, "
        "health and cultural actions, users' committee...), one row each, in the file of the month of "
        "the action: theme, date and partner organisation when co-organised."
    ),
    metadata=_meta("actions_collectives", ["id_action"], "date_action"),
    coerce=True,
    columns={
        "id_action": pa.Column(str, description="action id", metadata=ID),
        "date_action": pa.Column("datetime64[ns]"),
        "theme": pa.Column(str, Check.isin(THEMES), description="the action's theme (see THEMES)"),
        "intitule": pa.Column(str, nullable=True, description="title as published to the young people", metadata=SCRUB),
        "partenaire": pa.Column(str, nullable=True, description="partner organisation co-organising it; empty: the ML alone", metadata=LABEL),
    },
)

ml__participations_actions = pa.DataFrameSchema(
    name="ml__participations_actions",
    description=(
        "Attendance at collective actions, one row per registered attendee and action (young people, "
        "and partners' staff where the action is open to them), in the file of the month of the action."
    ),
    metadata=_meta("participations_actions", ["id_action", "id_participant"], "date_action"),
    coerce=True,
    columns={
        "id_action": pa.Column(str, description="the action (ml__actions_collectives)", metadata=ID),
        "date_action": pa.Column("datetime64[ns]", description="the action's date (the file's month)"),
        "id_participant": pa.Column(
            str, description="i-milo id of a young person, or contact id of a partner (pseudonymised)", metadata=PSEUDONYMISE
        ),
        "categorie_participant": pa.Column(str, Check.isin(ATTENDEE_CATEGORIES)),
        "presence": pa.Column(str, Check.isin(PRESENCE), description="attendance as recorded after the action"),
    },
)

ml__entretiens_individuels = pa.DataFrameSchema(
    name="ml__entretiens_individuels",
    description=(
        "Individual appointments with the ML's specialised staff and partners (CPAM social delegate, "
        "health check, psychologist, international-mobility adviser, certified coach), one row each, "
        "in the file of the month of the appointment, with its outcome (held, no-show, cancelled)."
    ),
    metadata=_meta("entretiens_individuels", ["id_entretien"], "date_entretien"),
    coerce=True,
    columns={
        "id_entretien": pa.Column(str, description="appointment id", metadata=ID),
        "id_jeune": pa.Column(str, description=_YOUNG_ID, metadata=PSEUDONYMISE),
        "date_entretien": pa.Column("datetime64[ns]"),
        "type_entretien": pa.Column(str, Check.isin(APPOINTMENT_TYPES)),
        "statut": pa.Column(str, Check.isin(APPOINTMENT_STATUSES)),
        "commentaire": pa.Column(str, nullable=True, description="staff note (free text: dropped at ingestion)", metadata=DROP),
    },
)

ml__inscriptions_dispositifs = pa.DataFrameSchema(
    name="ml__inscriptions_dispositifs",
    description=(
        "Enrolments of young people in the ML's schemes (vocational-school reform schemes, training "
        "obligation of minors, mentoring, justice-referred youth, FSE+ projects), one row each, in the "
        "file of the month the enrolment starts; the end stays empty while it runs."
    ),
    metadata={**_meta("inscriptions_dispositifs", ["id_inscription"], "date_debut"),
              "age": {"birth": "date_naissance", "at": "date_debut"}},  # ages: config/plausibility.yaml
    coerce=True,
    columns={
        "id_inscription": pa.Column(str, description="enrolment id", metadata=ID),
        "id_jeune": pa.Column(str, description=_YOUNG_ID, metadata=PSEUDONYMISE),
        "date_naissance": pa.Column(
            "datetime64[ns]",
            nullable=True,
            description="exact birth date (raw table only: staging derives the minor flag from it; empty: unknown)",
            metadata={"personal": "raw"},
        ),
        "dispositif": pa.Column(str, Check.isin(SCHEMES), description="the scheme (see SCHEMES)"),
        "date_debut": pa.Column("datetime64[ns]"),
        "date_fin": pa.Column("datetime64[ns]", nullable=True, description="empty while running"),
        "id_parrain": pa.Column(
            str, nullable=True, description="mentor's contact id on Parrainage enrolments (pseudonymised)", metadata=PSEUDONYMISE
        ),
        "en_regle_obligation_formation": pa.Column(
            str, Check.isin(YES_NO), nullable=True,
            description="on Obligation de formation enrolments: the minor complies (schooling, training, job, civic service or ML support), as last assessed",
        ),
        "commentaire": pa.Column(str, nullable=True, description="staff note (free text: dropped at ingestion)", metadata=DROP),
    },
    checks=[end_not_before_start("date_debut", "date_fin")],
)

ml__departs_internationaux = pa.DataFrameSchema(
    name="ml__departs_internationaux",
    description=(
        "Departures abroad of young people supported by the ML, one row each, in the file of the "
        "month of departure: programme (Erasmus+, youth exchange, international civic service, "
        "European Solidarity Corps, VSI, au pair), project, sending partner, country and dates."
    ),
    metadata=_meta("departs_internationaux", ["id_depart"], "date_depart"),
    coerce=True,
    columns={
        "id_depart": pa.Column(str, description="departure id", metadata=ID),
        "id_jeune": pa.Column(str, description=_YOUNG_ID, metadata=PSEUDONYMISE),
        "programme": pa.Column(str, Check.isin(PROGRAMMES)),
        "projet": pa.Column(str, nullable=True, description="project, e.g. Let's go pro, Ryse", metadata=LABEL),
        "partenaire": pa.Column(str, nullable=True, description="sending or hosting organisation", metadata=LABEL),
        "pays": pa.Column(str, description="destination country", metadata=LABEL),
        "date_depart": pa.Column("datetime64[ns]"),
        "date_retour": pa.Column("datetime64[ns]", nullable=True, description="planned or actual return"),
    },
    checks=[end_not_before_start("date_depart", "date_retour")],
)

ml__missions_service_civique = pa.DataFrameSchema(
    name="ml__missions_service_civique",
    description=(
        "Civic-service missions of young people of the territory, one row each, in the file of the "
        "month the mission starts: host organisation, under the ML's own agreement or the host's, dates."
    ),
    metadata=_meta("missions_service_civique", ["id_mission"], "date_debut"),
    coerce=True,
    columns={
        "id_mission": pa.Column(str, description="mission (contract) id", metadata=ID),
        "id_jeune": pa.Column(str, description=_YOUNG_ID, metadata=PSEUDONYMISE),
        "structure_accueil": pa.Column(str, description="host organisation", metadata=LABEL),
        "agrement": pa.Column(str, Check.isin(CIVIC_SERVICE_AGREEMENTS), description="ML: under the Mission Locale's agreement"),
        "date_debut": pa.Column("datetime64[ns]"),
        "date_fin": pa.Column("datetime64[ns]", nullable=True, description="planned end, or actual end if ended early"),
    },
    checks=[end_not_before_start("date_debut", "date_fin")],
)

ml__orientations_ft = pa.DataFrameSchema(
    name="ml__orientations_ft",
    description=(
        "Orientations of young people from France Travail to the ML (partnership agreement), one row "
        "each, in the file of the month of the orientation: whether the young person was already known "
        "to the ML, and whether the ML took the orientation in charge."
    ),
    metadata=_meta("orientations_ft", ["id_orientation"], "date_orientation"),
    coerce=True,
    columns={
        "id_orientation": pa.Column(str, description="orientation id (France Travail's)", metadata=ID),
        "id_jeune": pa.Column(str, description="the young person's id (pseudonymised at ingestion)", metadata=PSEUDONYMISE),
        "date_orientation": pa.Column("datetime64[ns]"),
        "connu_ml": pa.Column(str, Check.isin(YES_NO), description="had an ML dossier at the orientation date"),
        "prise_en_charge": pa.Column(str, Check.isin(YES_NO), description="taken in charge by the ML (first appointment held)"),
        "date_prise_en_charge": pa.Column("datetime64[ns]", nullable=True),
    },
    checks=[end_not_before_start("date_orientation", "date_prise_en_charge")],
)

ml__prospection = pa.DataFrameSchema(
    name="ml__prospection",
    description=(
        "Shared prospection operations with France Travail and partners (task force entreprises), one "
        "row per professional mobilised and per company prospected, in the file of the month of the "
        "operation; companies carry the number of recruitment needs collected."
    ),
    metadata=_meta("prospection", ["id_operation", "type_contact", "id_contact"], "date_operation"),
    coerce=True,
    columns={
        "id_operation": pa.Column(str, description="prospection operation id", metadata=ID),
        "date_operation": pa.Column("datetime64[ns]"),
        "type_contact": pa.Column(str, Check.isin(CONTACT_TYPES)),
        "id_contact": pa.Column(
            str, description="professional's contact id, or company SIRET (pseudonymised: a professional is a person)",
            metadata=PSEUDONYMISE,
        ),
        "structure": pa.Column(str, Check.isin(PROSPECTION_STRUCTURES), nullable=True, description="a professional's employer"),
        "besoins_recueillis": pa.Column("Int64", Check.ge(0), nullable=True, description="recruitment needs collected from a company"),
    },
)

CONTRACTS = [
    ml__actions_collectives,
    ml__participations_actions,
    ml__entretiens_individuels,
    ml__inscriptions_dispositifs,
    ml__departs_internationaux,
    ml__missions_service_civique,
    ml__orientations_ft,
    ml__prospection,
]

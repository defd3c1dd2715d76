"""Contracts of the PLIE tracking-tool extracts: participants, parcours steps, exits, financed
trainings and social-support actions (docs/plie-extracts.md).

One file per source and month, `plie/{year}/plie_<source>_{partition}.csv`, each holding the
records dated in that month; a later export of a month replaces it. Each contract declares its
key (schema metadata `key`): the columns that identify one record. The same key in two monthly
files is a re-export, and the staging models keep the later one. `date_column` names the date
that places a record in its monthly file.

`id_participant` is pseudonymised in every file, so the five sources still join. Direct
identifiers, contact details and the disability flag (health data) never leave ingestion. The
exact birth date is personal data kept in the raw table only (`personal: "raw"`): only
`stg_plie__ages` reads it, to derive the age flags the definitions need.

A participant may leave and come back under the same id: each entry is a row of the participants
extract, and a parcours is identified by participant and entry date. Rules that need two files
(an exit with no parcours open at its date) cannot be checked per file:
`dbt_like_sql/plie/qa_plie__rejected_exits.sql` lists what the SQL models set aside.
"""
from __future__ import annotations

import pandera.pandas as pa
from pandera import Check

from schemas.common import DROP, ID, LABEL, PSEUDONYMISE, end_not_before_start
from schemas.territory import COMMUNE_CODE

YES_NO = ["O", "N"]
SEXES = ["H", "F"]
PRIORITY_PUBLICS = ["RSA", "DELD", "DETLD", "Senior", "Autre"]
PRESCRIBERS = ["Département", "France Travail", "CCAS", "MDE", "Candidature spontanée", "Forum", "Autre"]
STEP_TYPES = ["Emploi", "Formation", "Emploi d'insertion", "Prestation"]
TRAINING_TYPES = ["Professionnalisante", "Permis de conduire"]
TRAINING_RESULTS = ["Validée", "Non validée", "En cours"]
SOCIAL_ACTION_TYPES = ["Individuel", "Collectif"]

# Exit motifs by category: the single source of the classification. The contract checks the
# vocabulary; `ref_plie__motifs_sortie` (assets/plie) gives the SQL models each motif's category.
EXIT_MOTIFS = {
    "positive": [
        "Emploi durable CDI",
        "Emploi durable CDD 6 mois et plus",
        "Intérim 6 mois et plus",
        "Contrat en alternance",
        "Création d'entreprise",
        "Formation qualifiante",
    ],
    "neutre": ["Déménagement", "Santé", "Retraite", "Décès"],
    "autre": ["Réorientation", "Abandon", "Emploi de moins de 6 mois", "Autre"],
}

_PARTICIPANT_ID = "tracking-tool participant id (pseudonymised at ingestion)"


def _file(source: str) -> str:
    return f"plie/{{year}}/plie_{source}_{{partition}}.csv"


plie__participants = pa.DataFrameSchema(
    name="plie__participants",
    description=(
        "PLIE entries, one row per participant and entry into the PLIE (a participant who left and "
        "came back has one row per entry, same id_participant), in the file of the month of the "
        "entry (date_entree): profile at entry, residence, prescriber and referent structure."
    ),
    metadata={
        "source": "plie", "file": _file("participants"), "partitioning": "month",
        "key": ["id_participant", "date_entree"], "date_column": "date_entree",
        "age": {"birth": "date_naissance", "at": "date_entree"},  # the ages PLIE participants can have: config/plausibility.yaml
    },
    coerce=True,
    columns={
        "id_participant": pa.Column(str, description=_PARTICIPANT_ID, metadata=PSEUDONYMISE),
        "nom": pa.Column(str, nullable=True, description="surname (dropped at ingestion)", metadata=DROP),
        "prenom": pa.Column(str, nullable=True, description="first name (dropped at ingestion)", metadata=DROP),
        "telephone": pa.Column(str, nullable=True, description="phone (dropped at ingestion)", metadata=DROP),
        "email": pa.Column(str, nullable=True, description="email (dropped at ingestion)", metadata=DROP),
        "date_naissance": pa.Column(
            "datetime64[ns]",
            nullable=True,
            description="exact birth date (personal data: raw table only; stg_plie__ages derives age flags from it)",
            metadata={"personal": "raw"},
        ),
        "sexe": pa.Column(str, Check.isin(SEXES)),
        "code_commune": pa.Column(str, COMMUNE_CODE,
                                  description="INSEE code of the commune of residence, one of the communes served (the "
                                              "configured territory's, matched at ingestion: rule commune_in_territory)",
                                  metadata={"vocabulary": "communes"}),
        "qpv": pa.Column(str, Check.isin(YES_NO), description="lives in a QPV"),
        "niveau_formation": pa.Column(
            "Int64", Check.in_range(1, 8), nullable=True, description="education level 1..8 (1-3: at most CAP/BEP)"
        ),
        "rsa": pa.Column(str, Check.isin(YES_NO), description="RSA recipient at entry"),
        "th": pa.Column(
            str, Check.isin(YES_NO), nullable=True, description="recognised disabled worker (health data: dropped)", metadata=DROP
        ),
        "public_prioritaire": pa.Column(str, Check.isin(PRIORITY_PUBLICS), nullable=True),
        "prescripteur": pa.Column(str, Check.isin(PRESCRIBERS), nullable=True),
        "date_entree": pa.Column("datetime64[ns]", description="entry into the PLIE"),
        "operateur": pa.Column(str, nullable=True, description="referent structure, typed by staff (free text: dropped)",
                               metadata=DROP),
    },
)

plie__etapes = pa.DataFrameSchema(
    name="plie__etapes",
    description=(
        "Parcours steps (employment, training, insertion job, service), in the file of the month "
        "they start in; the end stays empty while the step runs."
    ),
    metadata={
        "source": "plie", "file": _file("etapes"), "partitioning": "month",
        "key": ["id_etape"], "date_column": "date_debut",
    },
    coerce=True,
    columns={
        "id_etape": pa.Column(str, description="step id", metadata=ID),
        "id_participant": pa.Column(str, description=_PARTICIPANT_ID, metadata=PSEUDONYMISE),
        "type_etape": pa.Column(str, Check.isin(STEP_TYPES)),
        "sous_type": pa.Column(str, nullable=True, description="CDI, CDD, PEC, ACI, PMSMP, Formation qualifiante..., "
                               "typed by staff (free text: dropped)", metadata=DROP),
        "formation_qualifiante": pa.Column(
            str, Check.isin(YES_NO), description="O on Formation steps leading to a diploma, title or certificate"
        ),
        "date_debut": pa.Column("datetime64[ns]"),
        "date_fin": pa.Column("datetime64[ns]", nullable=True, description="empty while ongoing"),
    },
    checks=[end_not_before_start("date_debut", "date_fin")],
)

plie__sorties = pa.DataFrameSchema(
    name="plie__sorties",
    description=(
        "Exits from the PLIE, one per parcours (a participant who came back and left again has "
        "two), in the file of the month of the exit."
    ),
    metadata={
        "source": "plie", "file": _file("sorties"), "partitioning": "month",
        "key": ["id_participant", "date_sortie"], "date_column": "date_sortie",
    },
    coerce=True,
    columns={
        "id_participant": pa.Column(str, description=_PARTICIPANT_ID, metadata=PSEUDONYMISE),
        "date_sortie": pa.Column("datetime64[ns]"),
        "motif_sortie": pa.Column(
            str,
            Check.isin([m for motifs in EXIT_MOTIFS.values() for m in motifs]),
            description="exit motif: positive, neutral or other (see EXIT_MOTIFS)",
        ),
    },
)

plie__formations = pa.DataFrameSchema(
    name="plie__formations",
    description=(
        "Training conventions financed by the PLIE (vocational training or driving licence), one "
        "row per convention and trainee (a convention paying for several trainees repeats its id), "
        "in the file of the month the convention starts; the outcome is updated by later exports."
    ),
    metadata={
        "source": "plie", "file": _file("formations"), "partitioning": "month",
        "key": ["id_convention", "id_participant"], "date_column": "date_debut",
    },
    coerce=True,
    columns={
        "id_convention": pa.Column(str, description="financing convention, shared by its trainees", metadata=ID),
        "organisme": pa.Column(str, description="training body", metadata=LABEL),
        "id_participant": pa.Column(str, description=_PARTICIPANT_ID, metadata=PSEUDONYMISE),
        "type_formation": pa.Column(str, Check.isin(TRAINING_TYPES)),
        "intitule": pa.Column(str, nullable=True, description="training title, typed by staff (free text: dropped)",
                              metadata=DROP),
        "date_debut": pa.Column("datetime64[ns]"),
        "date_fin": pa.Column("datetime64[ns]", nullable=True, description="planned or actual end"),
        "resultat": pa.Column(str, Check.isin(TRAINING_RESULTS), nullable=True),
    },
    checks=[end_not_before_start("date_debut", "date_fin")],
)

plie__accompagnement_social = pa.DataFrameSchema(
    name="plie__accompagnement_social",
    description=(
        "Social-support actions, one row per attendee (a collective action repeats its id), in "
        "the file of the month of the action."
    ),
    metadata={
        "source": "plie", "file": _file("accompagnement_social"), "partitioning": "month",
        "key": ["id_action", "id_participant"], "date_column": "date_action",
    },
    coerce=True,
    columns={
        "id_action": pa.Column(str, description="action id, shared by the attendees of a collective action", metadata=ID),
        "id_participant": pa.Column(str, description=_PARTICIPANT_ID, metadata=PSEUDONYMISE),
        "date_action": pa.Column("datetime64[ns]"),
        "type_action": pa.Column(str, Check.isin(SOCIAL_ACTION_TYPES)),
        "intitule": pa.Column(str, nullable=True, description="action title, typed by staff (free text: dropped)",
                              metadata=DROP),
        "heures": pa.Column("Float64", Check.ge(0), description="hours, decimal comma"),
    },
)

CONTRACTS = [plie__participants, plie__etapes, plie__sorties, plie__formations, plie__accompagnement_social]

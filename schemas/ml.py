"""Contracts of the Mission Locale's i-milo extracts: young people's dossiers, events, proposals,
situations, programmes (CEJ, PACEA...), allowances and education levels reached (docs/ml-extracts.md).

One file per source and month, `ml/{year}/imilo_<source>_{partition}.csv` (`;`, Windows-1252,
dd/mm/yyyy, decimal commas), each holding the records dated in that month; a later export of a
month replaces it. `id_jeune` is pseudonymised in every file, so the sources still join. Names,
contact details, the recognised-disability flag (health data) and free text typed by staff never
leave ingestion; the exact birth date stays in the raw table only (ages are computed from it at the
dates the definitions name, and only the age leaves raw). Allowance amounts are exact decimals
(euros to the cent), never floats.

Each contract declares its key: two rows with the same key in one file are duplicates, quarantined;
the same key in two monthly files is a re-export, and staging keeps the later one.
Not here: the collective actions and partnerships the Mission Locale records itself (`schemas/ml_actions.py`).
"""
from __future__ import annotations

import pandera.pandas as pa
from pandera import Check
from pandera.engines import pandas_engine

from schemas.common import DROP, ID, LABEL, PSEUDONYMISE, end_not_before_start
from schemas.territory import COMMUNE_CODE

YES_NO = ["O", "N"]
SEXES = ["H", "F"]
EVENT_TYPES = ["Entretien individuel", "Atelier collectif", "Appel téléphonique", "E-mail", "SMS", "Courrier"]
EVENT_MODES = ["Présentiel", "À distance"]
PROPOSAL_THEMES = [
    "Emploi", "Formation", "Projet professionnel", "Santé", "Logement", "Mobilité", "Accès aux droits",
    "Citoyenneté", "Loisirs, sport, culture",
]
# Situation categories; `Emploi`, `Alternance`, `Formation` and `Immersion professionnelle` are the
# professional solutions (`mesures professionnelles`) the CEJ figures count.
SITUATION_CATEGORIES = [
    "Emploi", "Alternance", "Formation", "Immersion professionnelle", "Service civique", "Demandeur d'emploi",
    "Inactivité",
]
PROFESSIONAL_CATEGORIES = ["Emploi", "Alternance", "Formation", "Immersion professionnelle"]
CONTRACT_TYPES = {
    "Emploi": ["CDI", "CDD", "Intérim", "Contrat aidé", "Indépendant"],
    "Alternance": ["Apprentissage", "Professionnalisation"],
    "Immersion professionnelle": ["PMSMP"],
}
TRAINING_TYPES = ["Qualifiante", "Pré-qualifiante", "Retour en formation initiale", "Remise à niveau", "Remobilisation"]
QUALIFYING_TRAINING_TYPES = ["Qualifiante", "Pré-qualifiante"]
PROGRAMMES = ["CEJ", "PACEA", "Suivi renforcé TH", "Garantie Jeunes"]  # Garantie Jeunes: the CEJ's predecessor (to 2022)
ALLOWANCE_TYPES = ["Allocation CEJ", "Allocation PACEA", "FAJ", "Fonds ML", "Repas", "Mobilité MDE", "Allocation Garantie Jeunes"]
DECISIONS = ["Accordée", "Refusée"]
ALLOWANCE_PURPOSES = ["Subsistance", "Formation", "Permis de conduire", "Transport", "Équipement", "Repas", "Logement"]

# ROME v3 domains (first letter of a ROME code): the single source of the job-family groups the
# figures use (transport and logistics, trade and sales, personal services); `ref_ml__domaines_rome`
# gives them to the SQL models.
ROME_DOMAINS = {
    "A": "Agriculture et pêche, espaces naturels et espaces verts, soins aux animaux",
    "B": "Arts et façonnage d'ouvrages d'art",
    "C": "Banque, assurance, immobilier",
    "D": "Commerce, vente et grande distribution",
    "E": "Communication, média et multimédia",
    "F": "Construction, bâtiment et travaux publics",
    "G": "Hôtellerie-restauration, tourisme, loisirs et animation",
    "H": "Industrie",
    "I": "Installation et maintenance",
    "J": "Santé",
    "K": "Services à la personne et à la collectivité",
    "L": "Spectacle",
    "M": "Support à l'entreprise",
    "N": "Transport et logistique",
}
ROME_GROUPS = {"D": "commerce_vente", "K": "services_personne", "N": "transport_logistique"}

ROME_CODE = Check.str_matches(r"^[A-N]\d{4}$")
_YOUNG_ID = "i-milo young person id (pseudonymised at ingestion)"
EUROS = pandas_engine.Decimal(12, 2)  # euros to the cent, exact


def _file(source: str) -> str:
    return f"ml/{{year}}/imilo_{source}_{{partition}}.csv"


def _meta(source: str, key: list[str], date_column: str) -> dict:
    """`date_column`: the date that places a record in its monthly file."""
    return {"source": "ml", "file": _file(source), "partitioning": "month", "key": key, "date_column": date_column}


ml__dossiers = pa.DataFrameSchema(
    name="ml__dossiers",
    description=(
        "Young people's dossiers, one row each, in the file of the month of their first reception "
        "(date_premier_accueil): birth date, sex, residence, QPV, education level at first reception, "
        "France Travail registration, recognised disability."
    ),
    metadata={**_meta("dossiers", ["id_jeune"], "date_premier_accueil"),
              "age": {"birth": "date_naissance", "at": "date_premier_accueil"}},  # ages: config/plausibility.yaml
    coerce=True,
    columns={
        "id_jeune": pa.Column(str, description=_YOUNG_ID, metadata=PSEUDONYMISE),
        "nom": pa.Column(str, nullable=True, description="surname (dropped at ingestion)", metadata=DROP),
        "prenom": pa.Column(str, nullable=True, description="first name (dropped at ingestion)", metadata=DROP),
        "telephone": pa.Column(str, nullable=True, description="phone (dropped at ingestion)", metadata=DROP),
        "email": pa.Column(str, nullable=True, description="email (dropped at ingestion)", metadata=DROP),
        "date_naissance": pa.Column(
            "datetime64[ns]",
            description="exact birth date: raw table only; staging derives ages at the dates definitions name",
            metadata={"personal": "raw"},
        ),
        "sexe": pa.Column(str, Check.isin(SEXES)),
        "code_commune": pa.Column(str, COMMUNE_CODE, description="INSEE code of the commune of residence"),
        "qpv": pa.Column(str, Check.isin(YES_NO), description="lives in a QPV"),
        "niveau_formation": pa.Column(
            "Int64", Check.in_range(1, 8), nullable=True,
            description="education level 1..8 at first reception (1-3: below the baccalauréat)",
        ),
        "inscrit_france_travail": pa.Column(str, Check.isin(YES_NO), nullable=True, description="registered with France Travail"),
        "rqth": pa.Column(
            str, Check.isin(YES_NO), nullable=True, description="recognised disabled worker (health data: dropped)", metadata=DROP
        ),
        "date_premier_accueil": pa.Column("datetime64[ns]", description="first reception at the Mission Locale"),
    },
)

ml__evenements = pa.DataFrameSchema(
    name="ml__evenements",
    description=(
        "Events of the follow-up, one row per young person and event (a workshop has one row per "
        "attendee, the same id_session), in the file of the month of the event: interviews, "
        "workshops, phone calls, e-mails, SMS, letters, with mode and staff member."
    ),
    metadata=_meta("evenements", ["id_evenement"], "date_evenement"),
    coerce=True,
    columns={
        "id_evenement": pa.Column(str, description="event id, one per young person", metadata=ID),
        "id_jeune": pa.Column(str, description=_YOUNG_ID, metadata=PSEUDONYMISE),
        "date_evenement": pa.Column("datetime64[ns]"),
        "type_evenement": pa.Column(str, Check.isin(EVENT_TYPES)),
        "mode": pa.Column(str, Check.isin(EVENT_MODES)),
        "id_session": pa.Column(str, nullable=True, description="workshop session, shared by its attendees", metadata=ID),
        "id_conseiller": pa.Column(str, nullable=True, description="staff member (pseudonymised)", metadata=PSEUDONYMISE),
        "commentaire": pa.Column(str, nullable=True, description="free text typed by staff (dropped)", metadata=DROP),
    },
)

ml__propositions = pa.DataFrameSchema(
    name="ml__propositions",
    description="Proposals made to young people (an offer, a training, a service...), by theme, in the file of the month they were made.",
    metadata=_meta("propositions", ["id_proposition"], "date_proposition"),
    coerce=True,
    columns={
        "id_proposition": pa.Column(str, metadata=ID),
        "id_jeune": pa.Column(str, description=_YOUNG_ID, metadata=PSEUDONYMISE),
        "date_proposition": pa.Column("datetime64[ns]"),
        "theme": pa.Column(str, Check.isin(PROPOSAL_THEMES)),
        "libelle": pa.Column(str, nullable=True, description="free text typed by staff (dropped)", metadata=DROP),
    },
)

ml__situations = pa.DataFrameSchema(
    name="ml__situations",
    description=(
        "Situations of young people (employment, work-study, training, immersion, civic service...), "
        "in the file of the month they start; the end stays empty while the situation runs."
    ),
    metadata=_meta("situations", ["id_situation"], "date_debut"),
    coerce=True,
    columns={
        "id_situation": pa.Column(str, metadata=ID),
        "id_jeune": pa.Column(str, description=_YOUNG_ID, metadata=PSEUDONYMISE),
        "categorie": pa.Column(str, Check.isin(SITUATION_CATEGORIES)),
        "type_contrat": pa.Column(
            str, Check.isin(sorted({t for types in CONTRACT_TYPES.values() for t in types})), nullable=True,
            description="employment, work-study and immersion situations: the contract",
        ),
        "type_formation": pa.Column(str, Check.isin(TRAINING_TYPES), nullable=True, description="training situations: the kind of training"),
        "date_debut": pa.Column("datetime64[ns]"),
        "date_fin": pa.Column("datetime64[ns]", nullable=True, description="empty while ongoing"),
        "code_rome": pa.Column(str, ROME_CODE, nullable=True, description="ROME code of the job or of the training's target job"),
        "secteur": pa.Column(str, nullable=True, description="employer's sector of activity (NAF section label)", metadata=LABEL),
    },
    checks=[end_not_before_start("date_debut", "date_fin")],
)

ml__dispositifs = pa.DataFrameSchema(
    name="ml__dispositifs",
    description=(
        "Programmes young people enter (CEJ, PACEA, reinforced follow-up of disabled young people), "
        "one row per entry, in the file of the month of the entry; the exit stays empty while it runs."
    ),
    metadata=_meta("dispositifs", ["id_accompagnement"], "date_entree"),
    coerce=True,
    columns={
        "id_accompagnement": pa.Column(str, description="programme entry id", metadata=ID),
        "id_jeune": pa.Column(str, description=_YOUNG_ID, metadata=PSEUDONYMISE),
        "dispositif": pa.Column(str, Check.isin(PROGRAMMES)),
        "date_entree": pa.Column("datetime64[ns]"),
        "date_sortie": pa.Column("datetime64[ns]", nullable=True, description="empty while ongoing"),
        "motif_sortie": pa.Column(str, nullable=True, metadata=LABEL),
    },
    checks=[end_not_before_start("date_entree", "date_sortie")],
)

ml__aides = pa.DataFrameSchema(
    name="ml__aides",
    description=(
        "Allowances and financial aids: CEJ and PACEA allowance payments, Fonds d'Aide aux Jeunes "
        "files (granted or refused), Mission Locale fund, meals, MDE mobility aid; one row per "
        "payment or file, in the file of the month of the payment or decision. Amounts exact, in euros to the cent."
    ),
    metadata=_meta("aides", ["id_aide"], "date_decision"),
    coerce=True,
    columns={
        "id_aide": pa.Column(str, metadata=ID),
        "id_jeune": pa.Column(str, description=_YOUNG_ID, metadata=PSEUDONYMISE),
        "type_aide": pa.Column(str, Check.isin(ALLOWANCE_TYPES)),
        "date_decision": pa.Column("datetime64[ns]", description="payment date, or the committee's decision for a file"),
        "decision": pa.Column(str, Check.isin(DECISIONS)),
        "objet": pa.Column(str, Check.isin(ALLOWANCE_PURPOSES), nullable=True, description="what the aid pays for"),
        "montant": pa.Column(EUROS, Check.ge(0), nullable=True, description="amount granted, euros to the cent (empty when refused)"),
    },
)

ml__niveaux = pa.DataFrameSchema(
    name="ml__niveaux",
    description=(
        "Education levels reached after the first reception (a diploma obtained), one row per young "
        "person and date, in the file of the month the level was reached; the level at first "
        "reception is the dossier's."
    ),
    metadata=_meta("niveaux", ["id_jeune", "date_niveau"], "date_niveau"),
    coerce=True,
    columns={
        "id_jeune": pa.Column(str, description=_YOUNG_ID, metadata=PSEUDONYMISE),
        "date_niveau": pa.Column("datetime64[ns]", description="date the level was reached"),
        "niveau_formation": pa.Column("Int64", Check.in_range(1, 8), description="education level 1..8 from that date"),
        "diplome": pa.Column(str, nullable=True, description="diploma obtained", metadata=LABEL),
    },
)

CONTRACTS = [ml__dossiers, ml__evenements, ml__propositions, ml__situations, ml__dispositifs, ml__aides, ml__niveaux]

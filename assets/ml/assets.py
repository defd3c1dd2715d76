"""Mission Locale domain assets: one ingestion asset per extract (i-milo record-level extracts,
and the Mission Locale's own records of collective actions), and the reference tables the SQL
models read instead of hard-coding business constants (ROME job families)."""

import dagster as dg
import pandas as pd

from assets.extracts import extract_asset
from pipelines.resources import WAREHOUSE_POOL, WarehouseResource
from schemas import ml as schemas
from schemas import ml_actions

GROUP = "ml"

raw_ml__dossiers = extract_asset(schemas.ml__dossiers, GROUP)
raw_ml__evenements = extract_asset(schemas.ml__evenements, GROUP)
raw_ml__propositions = extract_asset(schemas.ml__propositions, GROUP)
raw_ml__situations = extract_asset(schemas.ml__situations, GROUP)
raw_ml__dispositifs = extract_asset(schemas.ml__dispositifs, GROUP)
raw_ml__aides = extract_asset(schemas.ml__aides, GROUP)
raw_ml__niveaux = extract_asset(schemas.ml__niveaux, GROUP)

# The ML's own registers of collective actions and partnerships (docs/ml-actions-extracts.md).
raw_ml__actions_collectives = extract_asset(ml_actions.ml__actions_collectives, GROUP)
raw_ml__participations_actions = extract_asset(ml_actions.ml__participations_actions, GROUP)
raw_ml__entretiens_individuels = extract_asset(ml_actions.ml__entretiens_individuels, GROUP)
raw_ml__inscriptions_dispositifs = extract_asset(ml_actions.ml__inscriptions_dispositifs, GROUP)
raw_ml__departs_internationaux = extract_asset(ml_actions.ml__departs_internationaux, GROUP)
raw_ml__missions_service_civique = extract_asset(ml_actions.ml__missions_service_civique, GROUP)
raw_ml__orientations_ft = extract_asset(ml_actions.ml__orientations_ft, GROUP)
raw_ml__prospection = extract_asset(ml_actions.ml__prospection, GROUP)


@dg.asset(group_name=GROUP, kinds={"python"}, pool=WAREHOUSE_POOL)
def ref_ml__domaines_rome(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """ROME job-family domains (first letter of a ROME code), their label and the group the
    Mission Locale figures use (transport_logistique, commerce_vente, services_personne; empty for
    the others), as `schemas.ml.ROME_DOMAINS` lists them. One row per domain."""
    frame = pd.DataFrame(
        [
            {"domaine": letter, "libelle": label, "groupe": schemas.ROME_GROUPS.get(letter)}
            for letter, label in schemas.ROME_DOMAINS.items()
        ]
    )
    warehouse.get().replace_table("ref_ml__domaines_rome", frame)
    return dg.MaterializeResult(metadata={"dagster/row_count": len(frame)})

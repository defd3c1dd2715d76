"""Mission Locale domain assets: one ingestion asset for the Mission Locale's extracts (i-milo
record-level extracts and its own records of collective actions), and the reference tables the SQL
models read instead of hard-coding business constants (ROME job families)."""

import dagster as dg
import pandas as pd

from assets.extracts import source_assets
from pipelines.resources import WAREHOUSE_POOL, WarehouseResource
from schemas import ml as schemas
from schemas import ml_actions

GROUP = "ml"

# raw_ml: the i-milo record-level extracts and the ML's own registers of collective actions and
# partnerships (docs/ml-actions-extracts.md), each into its own raw table
raw_assets = source_assets([*schemas.CONTRACTS, *ml_actions.CONTRACTS], GROUP)


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

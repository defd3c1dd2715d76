"""PLIE domain assets: one ingestion asset for the tracking tool's extracts, and the reference tables the
SQL models read instead of hard-coding business constants (exit-motif categories, targets)."""

import dagster as dg
import pandas as pd

from assets.extracts import source_assets
from pipelines.resources import WAREHOUSE_POOL, ProjectConfig, WarehouseResource
from schemas import plie as schemas

GROUP = "plie"

raw_assets = source_assets(schemas.CONTRACTS, GROUP)  # raw_plie: the tracking tool's monthly extracts


@dg.asset(group_name=GROUP, kinds={"python"}, pool=WAREHOUSE_POOL)
def ref_plie__motifs_sortie(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Exit motifs and their category: `positive` (employment of 6 months or more, qualifying
    training...), `neutre` (moving, health, retirement, death) or `autre`, as the contract lists
    them (`schemas.plie.EXIT_MOTIFS`, docs/plie-extracts.md). One row per motif."""
    frame = pd.DataFrame(
        [
            {"motif_sortie": motif, "categorie": category}
            for category, motifs in schemas.EXIT_MOTIFS.items()
            for motif in motifs
        ]
    )
    warehouse.get().replace_table("ref_plie__motifs_sortie", frame)
    return dg.MaterializeResult(metadata={"dagster/row_count": len(frame)})


@dg.asset(group_name=GROUP, kinds={"python"}, pool=WAREHOUSE_POOL)
def ref_plie__objectifs(warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """The PLIE's targets, from configuration (MNO_PLIE_TARGET_POSITIVE_EXIT_PCT), not data: the
    target positive-exit rate in percent. One row per target."""
    target = float(project.plie_target_positive_exit_pct)
    frame = pd.DataFrame([{"objectif": "taux_sorties_positives", "valeur": target, "unite": "pct"}])
    warehouse.get().replace_table("ref_plie__objectifs", frame)
    return dg.MaterializeResult(metadata={"dagster/row_count": len(frame), "taux_sorties_positives_pct": target})

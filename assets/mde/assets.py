"""Maison de l'Emploi and communication assets: one ingestion asset for the monthly tracking
workbook (it loads each register into its own raw table), one per Cyber-base visit log and per
statistics export (schemas/mde.py), and the
reference tables the SQL models read instead of hard-coding settings (config/mde.yaml).

Not here: the figures (SQL models in `dbt_like_sql/mde/`).
"""

import dagster as dg
import pandas as pd

from assets.extracts import extract_asset
from ingestion import ExtractContract
from pipelines.mde import MdeConfig
from pipelines.resources import WAREHOUSE_POOL, ProjectConfig, WarehouseResource
from schemas import mde as schemas

GROUP = "mde"

_by_asset: dict[str, list] = {}
for _schema in schemas.CONTRACTS:  # the workbook's registers share one asset
    _by_asset.setdefault(ExtractContract(_schema).asset, []).append(_schema)
raw_assets = [extract_asset(group_schemas, GROUP) for group_schemas in _by_asset.values()]


@dg.asset(group_name=GROUP, kinds={"yaml"}, pool=WAREHOUSE_POOL)
def ref_mde__sites(warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """The association's reception sites, from the MDE settings file (MNO_MDE_FILE): name (as the
    Cyber-base visit log writes it), INSEE commune code, the id used in indicator ids
    (mde.cyberbase.<id>.*), whether a Cyber-base Emploi is there, display order. One row per site."""
    config = MdeConfig.load(project.mde_file)
    frame = pd.DataFrame(
        [{"site": s.name, "code_commune": s.commune, "site_id": s.id, "cyberbase": s.cyberbase, "display_order": i}
         for i, s in enumerate(config.sites, start=1)]
    )
    warehouse.get().replace_table("ref_mde__sites", frame)
    return dg.MaterializeResult(metadata={"dagster/row_count": len(frame)})


@dg.asset(group_name=GROUP, kinds={"yaml"}, pool=WAREHOUSE_POOL)
def ref_communication__reseaux(warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """The social networks as the statistics export names them, and their rank in the report
    (communication.reseau_<rank>.*), from the MDE settings file. One row per network."""
    config = MdeConfig.load(project.mde_file)
    frame = pd.DataFrame([{"reseau": name, "rang": i} for i, name in enumerate(config.social_networks, start=1)])
    warehouse.get().replace_table("ref_communication__reseaux", frame)
    return dg.MaterializeResult(metadata={"dagster/row_count": len(frame)})


@dg.asset(group_name=GROUP, kinds={"yaml"}, pool=WAREHOUSE_POOL)
def ref_mde__parametres(warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """The MDE's settings the figures use, from configuration, not data: `clause_fte_hours`, the
    hours of one full-time-equivalent year (1 607, the legal annual hours) that clause hours are
    divided by. One row per setting."""
    config = MdeConfig.load(project.mde_file)
    frame = pd.DataFrame([{"parametre": "clause_fte_hours", "valeur": config.clause_fte_hours}])
    warehouse.get().replace_table("ref_mde__parametres", frame)
    return dg.MaterializeResult(metadata={"dagster/row_count": len(frame), "clause_fte_hours": config.clause_fte_hours})

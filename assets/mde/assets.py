"""Maison de l'Emploi and communication assets: one ingestion asset per source (schemas/mde.py):
the MDE's (each register of the monthly tracking workbook and the Cyber-base visit log, each into
its own raw table) and communication's (the statistics exports), and the reference tables the SQL
models read instead of hard-coding settings (config/mde.yaml).

Not here: the figures (SQL models in `dbt_like_sql/mde/`).
"""

import dagster as dg
import pandas as pd

from assets.extracts import source_assets
from pipelines.mde import MdeConfig
from pipelines.resources import WAREHOUSE_POOL, ProjectConfig, WarehouseResource
from schemas import mde as schemas

GROUP = "mde"

raw_assets = source_assets(schemas.CONTRACTS, GROUP)  # raw_mde (the workbook's registers, the Cyber-base visits), raw_communication


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

"""Territory domain: the communes served (configuration) and the public extracts describing them:
INSEE census populations, URSSAF private employment, France Travail job seekers.

Belongs here: the ingestion assets of those extracts and the territory reference table.
Not here: the key figures themselves (SQL models in `dbt_like_sql/territory/`).
"""

import re

import dagster as dg
import pandas as pd

from assets.extracts import source_assets
from pipelines.resources import WAREHOUSE_POOL, ProjectConfig, WarehouseResource
from schemas import territory as schemas

GROUP = "territory"
_WIDE = re.compile(r"^(nombre_d_etablissements|effectifs_salaries)_(\d{4})$")


def urssaf_wide_to_long(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per commune, APE code and year, from URSSAF's wide yearly columns."""
    ids = [c for c in frame.columns if not _WIDE.match(c)]
    years = sorted({int(m.group(2)) for c in frame.columns if (m := _WIDE.match(c))})
    missing = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    parts = [
        frame[ids].assign(
            annee=year,
            nombre_etablissements=frame.get(f"nombre_d_etablissements_{year}", missing).astype("Int64"),
            effectifs_salaries=frame.get(f"effectifs_salaries_{year}", missing).astype("Int64"),
        )
        for year in years
    ]
    if not parts:
        return frame[ids].assign(annee=pd.Series(dtype="int64"), nombre_etablissements=missing, effectifs_salaries=missing)
    return pd.concat(parts, ignore_index=True)


# one ingestion asset per source: raw_insee, raw_urssaf, raw_france_travail
raw_assets = source_assets(schemas.CONTRACTS, GROUP, reshapes={schemas.urssaf__effectifs.name: urssaf_wide_to_long})


@dg.asset(group_name=GROUP, kinds={"yaml"}, pool=WAREHOUSE_POOL)
def ref_territory__communes(warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """The communes served and the metropolis they belong to, from the territory configuration file.

    One row per commune: INSEE code, name, whether the association serves it, display order.
    """
    territory = project.territory()
    rows = [
        {"code_commune": c.code, "commune": c.name, "in_territory": True, "display_order": i}
        for i, c in enumerate(territory.communes, start=1)
    ] + [
        {"code_commune": c.code, "commune": c.name, "in_territory": False, "display_order": 1000 + i}
        for i, c in enumerate(territory.metropolis_communes, start=1)
    ]
    frame = pd.DataFrame(rows).assign(
        territory=territory.short_name, metropolis_epci=territory.metropolis_epci, metropolis=territory.metropolis_short_name
    )
    wh = warehouse.get()
    wh.replace_table("ref_territory__communes", frame)
    return dg.MaterializeResult(metadata={"dagster/row_count": len(frame), "territory": territory.name})

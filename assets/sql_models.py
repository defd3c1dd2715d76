"""One asset per SQL model in `dbt_like_sql/<domain>/<table>.sql`.

The asset's key is the table name, its group the domain folder, its description the model's
header comment, and its upstream assets the tables its SQL reads (parsed with sqlglot).
"""

import dagster as dg

from assets.extracts import ensure_raw_tables
from pipelines.resources import WAREHOUSE_POOL, WarehouseResource
from warehouse.models import SqlModel, discover_models


def sql_model_asset(model: SqlModel) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(model.name),
        group_name=model.domain,
        description=model.description or f"SQL model {model.name}",
        deps=[dg.AssetKey(t) for t in model.upstream_tables],
        kinds={"sql"},
        pool=WAREHOUSE_POOL,
        metadata={"sql_file": f"dbt_like_sql/{model.domain}/{model.path.name}"},
    )
    def _build(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        wh = warehouse.get()
        ensure_raw_tables(wh, model.upstream_tables)  # a source never delivered reads as empty
        model.build(wh)
        types = wh.column_types(model.name)
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": wh.row_count(model.name),
                "dagster/column_schema": dg.TableSchema(columns=[dg.TableColumn(c, t) for c, t in types.items()]),
            }
        )

    return _build


def sql_model_assets() -> list[dg.AssetsDefinition]:
    return [sql_model_asset(m) for m in discover_models()]

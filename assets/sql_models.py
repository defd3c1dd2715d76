"""The SQL models of `dbt_like_sql/<domain>/<table>.sql`: one asset per model, built in one step.

Each model is an asset of its own in the graph: its key is the table name, its group the domain
folder, its description the model's header comment, and its upstream assets the tables its SQL
reads (parsed with sqlglot). All of them are built by one subsettable multi-asset, in dependency
order, so a run of the ~120 models is one step rather than ~120: each step costs Dagster about
eight events in its event log and its own setup, which made most of a refresh's orchestration time.
A run (the UI, automation) may select any subset; only the selected models are built.

A model that fails does not stop the models that do not depend on it: they are built and
materialized, the models downstream of the failed one are not, and the step then fails naming
every failed model (its message is in the run's log).
"""

from graphlib import TopologicalSorter

import dagster as dg

from assets.extracts import ensure_raw_tables
from pipelines.resources import WAREHOUSE_POOL, WarehouseResource
from warehouse.models import SqlModel, discover_models

STEP_NAME = "sql_models"


def model_spec(model: SqlModel) -> dg.AssetSpec:
    return dg.AssetSpec(
        key=dg.AssetKey(model.name),
        group_name=model.domain,
        description=model.description or f"SQL model {model.name}",
        deps=[dg.AssetKey(t) for t in model.upstream_tables],
        kinds={"sql"},
        metadata={"sql_file": f"dbt_like_sql/{model.domain}/{model.path.name}"},
    )


def in_build_order(models: list[SqlModel]) -> list[SqlModel]:
    """Models after the models they read (ties in file order, so the order is stable)."""
    by_name = {m.name: m for m in models}
    graph = {m.name: [t for t in m.upstream_tables if t in by_name] for m in models}
    sorter = TopologicalSorter(graph)
    sorter.prepare()
    order: list[SqlModel] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order += [by_name[name] for name in ready]
        sorter.done(*ready)
    return order


def sql_models_asset(models: list[SqlModel]) -> dg.AssetsDefinition:
    ordered = in_build_order(models)

    @dg.multi_asset(name=STEP_NAME, specs=[model_spec(m) for m in models], can_subset=True, pool=WAREHOUSE_POOL)
    def _build(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        wh = warehouse.get()
        selected = {key.to_user_string() for key in context.selected_asset_keys}
        failed: dict[str, str] = {}  # model -> why it was not built
        for model in ordered:
            if model.name not in selected:
                continue
            blocked = [t for t in model.upstream_tables if t in failed]
            if blocked:
                failed[model.name] = f"not built: it reads {', '.join(blocked)}, which failed"
                continue
            try:
                ensure_raw_tables(wh, model.upstream_tables)  # a source never delivered reads as empty
                model.build(wh)
            except Exception as exc:  # noqa: BLE001 (the other models still build; the step fails below)
                failed[model.name] = f"{type(exc).__name__}: {exc}"
                context.log.error(f"SQL model {model.name} failed: {failed[model.name]}")
                continue
            yield dg.MaterializeResult(asset_key=model.name, metadata=_table_metadata(wh, model.name))
        if failed:
            raise dg.Failure(
                description=f"{len(failed)} SQL model(s) failed: " + "; ".join(f"{name}: {why}" for name, why in failed.items()),
                metadata={"failed_models": sorted(failed)},
            )

    return _build


def _table_metadata(wh, table: str) -> dict:
    types = wh.column_types(table)
    return {
        "dagster/row_count": wh.row_count(table),
        "dagster/column_schema": dg.TableSchema(columns=[dg.TableColumn(c, t) for c, t in types.items()]),
    }


def sql_model_assets() -> list[dg.AssetsDefinition]:
    return [sql_models_asset(discover_models())]

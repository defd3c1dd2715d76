"""The SQL models of `dbt_like_sql/<domain>/<table>.sql`: one asset per model, built in one step.

Each model is an asset of its own in the graph: its key is the table name, its group the domain
folder, its description the model's header comment, and its upstream assets the tables its SQL
reads (parsed with sqlglot). All of them are built by one subsettable multi-asset, in dependency
order, so a run of the ~120 models is one step rather than ~120: each step costs Dagster about
eight events in its event log and its own setup, which made most of a refresh's orchestration time.
A run (the UI, automation) may select any subset; only the selected models are built.

Each model's materialization shows its columns with their SQL types (as the warehouse names them)
and descriptions: from the YAML beside the SQL (`_models.yml`, `_columns.yml`: warehouse/models.py),
else, for a column carried from an extract, the extract contract's description of it.

A model that fails does not stop the models that do not depend on it: they are built and
materialized, the models downstream of the failed one are not, and the step then fails naming
every failed model (its message is in the run's log).
"""

from graphlib import TopologicalSorter

import dagster as dg

from functools import cache

from assets.extracts import ensure_raw_tables
from ingestion import ExtractContract
from pipelines.resources import WAREHOUSE_POOL, WarehouseResource
from schemas import ALL_SCHEMAS
from warehouse.models import SqlModel, discover_models

STEP_NAME = "sql_models"


def model_spec(model: SqlModel) -> dg.AssetSpec:
    return dg.AssetSpec(
        key=dg.AssetKey(model.name),
        group_name=model.domain,
        description=model.description or f"SQL model {model.name}",
        deps=sorted({dg.AssetKey(raw_assets().get(t, t)) for t in model.upstream_tables}, key=lambda k: k.to_user_string()),
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
        # a source never delivered reads as empty: its raw tables created once, before the models
        ensure_raw_tables(wh, sorted({t for m in ordered if m.name in selected for t in m.upstream_tables}))
        for model in ordered:
            if model.name not in selected:
                continue
            blocked = [t for t in model.upstream_tables if t in failed]
            if blocked:
                failed[model.name] = f"not built: it reads {', '.join(blocked)}, which failed"
                continue
            try:
                model.build(wh)
            except Exception as exc:  # noqa: BLE001 (the other models still build; the step fails below)
                failed[model.name] = f"{type(exc).__name__}: {exc}"
                context.log.error(f"SQL model {model.name} failed: {failed[model.name]}")
                continue
            yield dg.MaterializeResult(asset_key=model.name, metadata=_table_metadata(wh, model.name, column_descriptions(model)))
        if failed:
            raise dg.Failure(
                description=f"{len(failed)} SQL model(s) failed: " + "; ".join(f"{name}: {why}" for name, why in failed.items()),
                metadata={"failed_models": sorted(failed)},
            )

    return _build


def _table_metadata(wh, table: str, descriptions: dict[str, str]) -> dict:
    return {
        "dagster/row_count": wh.row_count(table),
        "dagster/column_schema": column_schema(wh, table, descriptions),
    }


def column_schema(wh, table: str, descriptions: dict[str, str]) -> dg.TableSchema:
    """The table's columns with their SQL types (BIGINT, DATE, DECIMAL(38,6)...) and descriptions."""
    return dg.TableSchema(columns=[dg.TableColumn(c, t, description=descriptions.get(c))
                                   for c, t in wh.column_types(table).items()])


def column_descriptions(model: SqlModel) -> dict[str, str]:
    """The model's column descriptions (the YAML beside its SQL), completed by the extract
    contracts' descriptions of the columns it carries from the extracts it reads in the end."""
    models = _models()
    seen, raw, todo = set(), [], [model.name]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in models:
            todo.extend(models[name].upstream_tables)
        else:
            raw.append(name)
    carried: dict[str, str] = {}
    for table in sorted(raw):
        carried.update({k: v for k, v in _contract_columns().get(table, {}).items() if k not in carried})
    return {**carried, **model.column_descriptions}


@cache
def _models() -> dict[str, SqlModel]:
    return {m.name: m for m in discover_models()}


@cache
def raw_assets() -> dict[str, str]:
    """Raw table -> the asset that loads it (its source's asset, which loads each of the source's extracts)."""
    return {c.table: c.asset for c in map(ExtractContract, ALL_SCHEMAS)}


@cache
def _contract_columns() -> dict[str, dict[str, str]]:
    """Raw table -> its columns' descriptions, as the extract contracts write them."""
    out = {}
    for contract in map(ExtractContract, ALL_SCHEMAS):
        out[contract.table] = {name: column.description for name, column in contract.schema.columns.items()
                               if column.description and not column.regex}
    return out


def sql_model_assets() -> list[dg.AssetsDefinition]:
    return [sql_models_asset(discover_models())]

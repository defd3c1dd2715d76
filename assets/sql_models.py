"""The SQL models of `dbt_like_sql/<domain>/<table>.sql`, as assets: one asset per family of tables.

A model's table is named `<layer>_<domain>__<name>` (`stg_plie__participants`, `ind_ml__aides`):
its family, the part before `__` (`stg_plie`, `ind_ml`), is its asset, and a table named without
`__` (`indicators`) is an asset of its own. So the graph reads by layer and domain, from the sources'
assets to the reports: `raw_plie` -> `stg_plie` -> `int_plie` -> `ind_plie` -> `indicators` ->
`annual_report`. Each asset's description lists its tables, each with its SQL file and its header
comment; its upstream assets are those of the tables its SQL reads (parsed with sqlglot); each
materialization shows, per table, its rows (`rows of <table>`) and its columns with their SQL types
(as the warehouse names them) and descriptions (`columns of <table>`): from the YAML beside the SQL
(`_models.yml`, `_columns.yml`: warehouse/models.py), else, for a column carried from an extract,
the extract contract's description of it. An asset of one table also has Dagster's own
`dagster/row_count` and `dagster/column_schema`.

One asset per table made 118 assets, three events each in every run (planned, output,
materialization): two thirds of a monthly refresh's event log. One per family makes 22.

All of them are built by one subsettable multi-asset, table by table in dependency order, so a run
of the models is one step: each step costs Dagster about eight events and its own setup. A run (the
UI, automation) may select any subset of the families; only their tables are built.

A table that fails does not stop the tables that do not depend on it: they are built, and their
families materialized; the tables downstream of the failed one are not built, and neither the
failed table's family nor theirs is materialized. The step then fails naming every failed table
(its message is in the run's log).
"""

from graphlib import CycleError, TopologicalSorter

import dagster as dg

from functools import cache

from assets.extracts import ensure_raw_tables
from ingestion import ExtractContract
from pipelines.resources import WAREHOUSE_POOL, WarehouseResource
from schemas import ALL_SCHEMAS
from warehouse.models import SqlModel, discover_models

STEP_NAME = "sql_models"


def family(table: str) -> str:
    """The asset of a model's table: its name before `__` (`stg_plie__participants` -> `stg_plie`)."""
    return table.split("__", 1)[0]


def model_asset(table: str) -> dg.AssetKey:
    """The asset that builds `table`: its family for a model's table, its source's asset for a raw
    table, else the table's own asset (a reference table made from configuration)."""
    return _asset_of(table, _models())


def _asset_of(table: str, models) -> dg.AssetKey:
    return dg.AssetKey(family(table) if table in models else raw_assets().get(table, table))


def families(models: list[SqlModel]) -> dict[str, list[SqlModel]]:
    """Family -> its models, in file order; a family's models live in one domain folder."""
    out: dict[str, list[SqlModel]] = {}
    for model in models:
        out.setdefault(family(model.name), []).append(model)
    for name, members in out.items():
        domains = {m.domain for m in members}
        if len(domains) != 1:
            raise ValueError(f"the tables of {name}__* are in several folders ({', '.join(sorted(domains))}): "
                             "a family of tables lives in one dbt_like_sql/<domain>/ folder")
    return out


def family_spec(name: str, members: list[SqlModel], models: set[str]) -> dg.AssetSpec:
    """The asset of a family of tables; `models`: every model's table (the others are read from
    their own assets: a source's, a reference table's)."""
    deps = {_asset_of(t, models) for m in members for t in m.upstream_tables}
    return dg.AssetSpec(
        key=dg.AssetKey(name),
        group_name=members[0].domain,
        description=_describe(name, members),
        deps=sorted(deps - {dg.AssetKey(name)}, key=lambda k: k.to_user_string()),
        kinds={"sql"},
        metadata={"tables": [m.name for m in members], "sql_files": [_sql_file(m) for m in members]},
    )


def _sql_file(model: SqlModel) -> str:
    return f"dbt_like_sql/{model.domain}/{model.path.name}"


def _describe(name: str, members: list[SqlModel]) -> str:
    if len(members) == 1:
        model = members[0]
        return f"{model.description or f'SQL model {model.name}'}\n\nSQL: `{_sql_file(model)}`."
    lines = "\n".join(f"- `{m.name}` (`{_sql_file(m)}`): {m.description or 'no description'}" for m in members)
    return f"The {len(members)} tables `{name}__*`, each built from its SQL file:\n\n{lines}"


def in_build_order(models: list[SqlModel]) -> list[SqlModel]:
    """Family by family, each after the families it reads, and in a family its tables after the
    tables they read (ties by name, so the order is stable): a family is complete, and materialized,
    before the families that read it, as Dagster wants a multi-asset's assets yielded."""
    by_name = {m.name: m for m in models}
    members = families(models)
    reads = {name: {family(t) for m in tables for t in m.upstream_tables if t in by_name} - {name}
             for name, tables in members.items()}
    try:
        order = _topological(reads)
    except CycleError as exc:
        raise ValueError(f"families of SQL models read each other in a circle: {' -> '.join(exc.args[1])}") from None
    return [by_name[t] for name in order
            for t in _topological({m.name: {u for u in m.upstream_tables if family(u) == name and u in by_name}
                                   for m in members[name]})]


def _topological(graph: dict[str, set[str]]) -> list[str]:
    sorter = TopologicalSorter(graph)
    sorter.prepare()
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order += ready
        sorter.done(*ready)
    return order


def sql_models_asset(models: list[SqlModel]) -> dg.AssetsDefinition:
    ordered, members, tables = in_build_order(models), families(models), {m.name for m in models}

    @dg.multi_asset(name=STEP_NAME, specs=[family_spec(name, group, tables) for name, group in members.items()], can_subset=True,
                    pool=WAREHOUSE_POOL)
    def _build(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        wh = warehouse.get()
        selected = {key.to_user_string() for key in context.selected_asset_keys}
        to_build = [m for m in ordered if family(m.name) in selected]
        failed: dict[str, str] = {}  # table -> why it was not built
        built: dict[str, set[str]] = {}  # family -> its tables built so far
        # a source never delivered reads as empty: its raw tables created once, before the models
        ensure_raw_tables(wh, sorted({t for m in to_build for t in m.upstream_tables}))
        for model in to_build:
            blocked = [t for t in model.upstream_tables if t in failed]
            if blocked:
                failed[model.name] = f"not built: it reads {', '.join(blocked)}, which failed"
                continue
            try:
                model.build(wh)
            except Exception as exc:  # noqa: BLE001 (the other tables still build; the step fails below)
                failed[model.name] = f"{type(exc).__name__}: {exc}"
                context.log.error(f"SQL model {model.name} failed: {failed[model.name]}")
                continue
            name = family(model.name)
            built.setdefault(name, set()).add(model.name)
            if len(built[name]) == len(members[name]):  # its last table: the family is materialized
                yield dg.MaterializeResult(asset_key=name, metadata=_family_metadata(wh, members[name]))
        if failed:
            raise dg.Failure(
                description=f"{len(failed)} SQL model(s) failed: " + "; ".join(f"{name}: {why}" for name, why in failed.items()),
                metadata={"failed_models": sorted(failed)},
            )

    return _build


def _family_metadata(wh, members: list[SqlModel]) -> dict:
    """Rows and columns of each table; of an asset of one table, as Dagster's own metadata."""
    rows, schemas = wh.row_counts([m.name for m in members]), column_schemas(wh, members)
    if len(members) == 1:
        (table,) = rows
        return {"dagster/row_count": rows[table], "dagster/column_schema": schemas[table]}
    metadata: dict = {}
    for table, count in rows.items():
        metadata[f"rows of {table}"] = count
        metadata[f"columns of {table}"] = dg.MetadataValue.table_schema(schemas[table])
    return metadata


def column_schemas(wh, models: list[SqlModel]) -> dict[str, dg.TableSchema]:
    """Each model's columns with their SQL types (BIGINT, DATE, DECIMAL(38,6)...) and descriptions."""
    types, schemas = wh.columns_of([m.name for m in models]), {}
    for model in models:
        described = column_descriptions(model)  # once per table, not per column: it walks the model's lineage
        schemas[model.name] = dg.TableSchema(columns=[dg.TableColumn(c, t, description=described.get(c))
                                                      for c, t in types[model.name].items()])
    return schemas


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

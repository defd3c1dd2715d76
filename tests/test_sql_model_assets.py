"""The SQL models' assets, materialized: one asset per family of tables (`<family>__<name>`), built
in dependency order in one step; a failing table stops only what reads it."""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from assets.sql_models import sql_models_asset
from pipelines.resources import WarehouseResource
from warehouse import Warehouse
from warehouse.models import discover_models

MODELS = {
    "stg_x__a": "-- Rows of a.\nselect 1 as n union all select 2",
    "stg_x__b": "-- Reads a table nobody built.\nselect * from no_such_table",
    "int_x__c": "-- Twice a.\nselect n * 2 as n from stg_x__a",
    "int_y__d": "-- Reads b, which fails.\nselect * from stg_x__b",
    "ind_x__e": "-- Sums c.\nselect sum(n) as total from int_x__c",
    "ind_x__f": "-- Counts a.\nselect count(*) as rows_of_a from stg_x__a",
}


def _models(folder: Path, sql: dict[str, str]):
    (folder / "dom").mkdir(parents=True, exist_ok=True)
    for name, text in sql.items():
        (folder / "dom" / f"{name}.sql").write_text(text + "\n", encoding="utf-8")
    return discover_models(folder)


def _materialize(tmp_path: Path, sql: dict[str, str], selection=None) -> tuple[dg.ExecuteInProcessResult, Warehouse]:
    url = f"duckdb:///{tmp_path / 'w.duckdb'}"
    asset = sql_models_asset(_models(tmp_path / "models", sql))
    result = dg.materialize([asset], selection=selection, resources={"warehouse": WarehouseResource(url=url)},
                            raise_on_error=False)
    return result, Warehouse(url)


def _materialized(result: dg.ExecuteInProcessResult) -> dict[str, dict]:
    return {e.asset_key.to_user_string(): e.materialization.metadata for e in result.get_asset_materialization_events()}


def test_a_family_reads_the_families_its_tables_read(tmp_path):
    specs = {s.key.to_user_string(): s for s in sql_models_asset(_models(tmp_path, MODELS)).specs}
    assert sorted(specs) == ["ind_x", "int_x", "int_y", "stg_x"]
    assert {name: sorted(d.asset_key.to_user_string() for d in spec.deps) for name, spec in specs.items()} == {
        "stg_x": ["no_such_table"], "int_x": ["stg_x"], "int_y": ["stg_x"], "ind_x": ["int_x", "stg_x"]}
    assert specs["ind_x"].metadata["tables"] == ["ind_x__e", "ind_x__f"]


def test_each_family_is_materialized_once_with_every_table_s_rows_and_columns(tmp_path):
    sql = {k: v for k, v in MODELS.items() if k not in ("stg_x__b", "int_y__d")}
    result, wh = _materialize(tmp_path, sql)
    assert result.success
    done = _materialized(result)
    assert sorted(done) == ["ind_x", "int_x", "stg_x"]  # one materialization per family, not per table
    assert done["ind_x"]["rows of ind_x__e"].value == 1 and done["ind_x"]["rows of ind_x__f"].value == 1
    assert [c.name for c in done["ind_x"]["columns of ind_x__e"].schema.columns] == ["total"]
    # a family of one table: Dagster's own row count and column schema
    assert done["int_x"]["dagster/row_count"].value == 2
    assert [c.name for c in done["int_x"]["dagster/column_schema"].schema.columns] == ["n"]
    assert wh.read_sql("select total from ind_x__e")["total"].tolist() == [6]


def test_a_failing_table_stops_only_what_reads_it_and_its_family(tmp_path):
    result, wh = _materialize(tmp_path, MODELS)
    assert not result.success
    done = _materialized(result)
    # stg_x__a was built, but its family is not materialized: stg_x__b, of the same family, failed
    assert sorted(done) == ["ind_x", "int_x"]
    assert wh.row_count("stg_x__a") == 2 and wh.row_count("ind_x__f") == 1
    assert not wh.existing(["stg_x__b", "int_y__d"])
    failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE)
    message = failure.step_failure_data.user_failure_data.description
    assert "2 SQL model(s) failed" in message and "stg_x__b" in message
    assert "int_y__d: not built: it reads stg_x__b, which failed" in message


def test_a_run_builds_only_the_families_it_selects(tmp_path):
    sql = {k: v for k, v in MODELS.items() if k not in ("stg_x__b", "int_y__d")}
    _materialize(tmp_path, sql)  # every table once
    with Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}").begin() as conn:
        conn.exec_driver_sql("drop table ind_x__e")
    result, wh = _materialize(tmp_path, sql, selection=[dg.AssetKey("int_x")])
    assert result.success and sorted(_materialized(result)) == ["int_x"]
    assert not wh.existing(["ind_x__e"])  # not selected: not built


def test_a_family_spread_over_two_folders_is_refused(tmp_path):
    for domain, name in (("one", "stg_x__a"), ("two", "stg_x__b")):
        (tmp_path / domain).mkdir()
        (tmp_path / domain / f"{name}.sql").write_text("select 1 as n\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"stg_x__\* are in several folders \(one, two\)"):
        sql_models_asset(discover_models(tmp_path))


def test_families_are_materialized_after_the_families_they_read(tmp_path):
    """q reads p's first table; p's second table waits on a chain: by tables alone q would be
    complete before p, which Dagster refuses (a multi-asset yields its assets in topological order)."""
    sql = {"p__1": "select 1 as n", "p__2": "select n from z__1", "z__0": "select 1 as n",
           "z__1": "select n from z__0", "q__1": "select n from p__1"}
    result, _ = _materialize(tmp_path, sql)
    assert result.success
    assert list(_materialized(result)) == ["z", "p", "q"]


def test_families_that_read_each_other_are_refused(tmp_path):
    sql = {"p__1": "select 1 as n", "q__1": "select n from p__1", "p__2": "select n from q__1"}
    with pytest.raises(ValueError, match="families of SQL models read each other in a circle"):
        sql_models_asset(_models(tmp_path, sql))

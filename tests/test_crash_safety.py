"""A run killed with SIGKILL in the middle of a warehouse write, then run again, leaves the
warehouse identical to an uninterrupted run: every write is one transaction that replaces whole
partitions or whole tables."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from conftest import make_settings, warehouse_for
from pipelines.run import materialize_year
from pipelines.settings import PROJECT_ROOT
from warehouse import Warehouse

# The history of checks is a log, not state: a killed run's entries stay, by design.
NOT_STATE = {"dq_check_history"}

KILLED_RUN = textwrap.dedent(
    """
    import os, signal
    import warehouse.engine as engine

    point, at = os.environ["KILL_POINT"], int(os.environ["KILL_AT"])
    calls = {"n": 0}

    def dying(original, condition):
        def wrapper(self, conn, *args):
            result = original(self, conn, *args)
            if condition(*args):
                calls["n"] += 1
                if calls["n"] == at:
                    os.kill(os.getpid(), signal.SIGKILL)  # inside the transaction: written, not committed
            return result
        return wrapper

    if point == "ingestion":
        engine.Warehouse.insert_frame = dying(engine.Warehouse.insert_frame, lambda table, frame: table.startswith("raw_"))
    else:
        engine.Warehouse.execute = dying(engine.Warehouse.execute, lambda sql: sql.startswith("create table"))

    from pipelines.run import materialize_year
    from pipelines.settings import Settings
    materialize_year(Settings.from_env(), 2025)
    raise SystemExit("the run was expected to be killed")
    """
)


def _state(warehouse: Warehouse) -> dict[str, pd.DataFrame]:
    tables = warehouse.read_sql(
        "select table_name from information_schema.tables where table_schema = current_schema()"
    )["table_name"]
    out = {}
    for table in sorted(set(tables) - NOT_STATE):
        frame = warehouse.read_sql(f'select * from "{table}"')
        out[table] = frame.sort_values(list(frame.columns)).reset_index(drop=True) if len(frame) else frame
    return out


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, core_extracts) -> dict[str, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("uninterrupted")
    reference = make_settings(folder, f"duckdb:///{folder / 'reference.duckdb'}", core_extracts)
    materialize_year(reference, 2025)
    warehouse = Warehouse(reference.warehouse_url)
    state = _state(warehouse)
    warehouse.dispose()
    return state


@pytest.fixture
def crash_warehouse_url(request, tmp_path, postgres_skip_reason):
    with warehouse_for(request.param, tmp_path, postgres_skip_reason) as url:
        yield url


# Both kill points on DuckDB; on PostgreSQL, whose server rolls back a dead session, one is enough.
@pytest.mark.parametrize(
    "crash_warehouse_url, kill_point, kill_at",
    [("duckdb", "ingestion", 6), ("duckdb", "model", 9), ("postgresql", "ingestion", 6)],
    indirect=["crash_warehouse_url"],
)
def test_killed_then_rerun_equals_uninterrupted(tmp_path, crash_warehouse_url, core_extracts, uninterrupted, kill_point, kill_at):
    warehouse_url = crash_warehouse_url

    crashed = make_settings(tmp_path / "crashed", warehouse_url, core_extracts)
    env = {
        **os.environ,
        "MNO_EXTRACTS_DIR": str(crashed.extracts_dir),
        "MNO_WAREHOUSE_URL": crashed.warehouse_url,
        "MNO_OUTPUT_DIR": str(crashed.output_dir),
        "MNO_PSEUDONYMISATION_KEY": crashed.pseudonymisation_key,
        "KILL_POINT": kill_point,
        "KILL_AT": str(kill_at),
    }
    env.pop("DAGSTER_HOME", None)
    killed = subprocess.run([sys.executable, "-c", KILLED_RUN], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    half_done = Warehouse(crashed.warehouse_url)
    assert half_done.table_exists("raw_insee__populations")  # the kill came after some commits
    assert not half_done.table_exists("indicators")

    materialize_year(crashed, 2025)
    got = _state(Warehouse(crashed.warehouse_url))
    assert sorted(got) == sorted(uninterrupted)
    for table, frame in uninterrupted.items():
        pd.testing.assert_frame_equal(got[table], frame, check_dtype=False, obj=table)

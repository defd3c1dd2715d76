"""DuckDB takes one process per file: a second process waits for the lock instead of failing."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time

from warehouse import Warehouse

HOLDER = textwrap.dedent(
    """
    import sys, time, duckdb
    connection = duckdb.connect(sys.argv[1])
    connection.execute("create table if not exists t as select 42 as answer")
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
    connection.close()
    """
)


def test_a_second_process_waits_for_the_duckdb_lock(tmp_path):
    path = tmp_path / "w.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), "3"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    started = time.monotonic()
    warehouse = Warehouse(f"duckdb:///{path}")
    assert warehouse.read_sql("select answer from t")["answer"].tolist() == [42]
    waited = time.monotonic() - started
    warehouse.dispose()
    assert holder.wait(timeout=30) == 0
    assert waited > 1.0  # it did wait for the other process, and then succeeded

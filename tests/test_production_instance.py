"""The production Dagster instance (`deploy/dagster.production.yaml`) against a real PostgreSQL.

Run, event-log and schedule storage in PostgreSQL (dagster-postgres), each test in a database of
its own, dropped afterwards: a project extract is materialized with that instance and the warehouse
on PostgreSQL, its events are read back, and two runs of
different months go at the same time. Skipped, with the reason, when no server answers (CI has one
and sets MNO_REQUIRE_POSTGRES=1, which turns the skip into a failure).
"""
from __future__ import annotations

import multiprocessing
import shutil
import uuid
import warnings
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa
from conftest import POSTGRES_URL, make_settings, warehouse_for

from pipelines.definitions import build_definitions
from pipelines.resources import WAREHOUSE_POOL
from pipelines.settings import PROJECT_ROOT

PRODUCTION_YAML = PROJECT_ROOT / "deploy" / "dagster.production.yaml"
DEFM = dg.AssetKey("raw_france_travail")


@pytest.fixture
def production_home(tmp_path, postgres_skip_reason, monkeypatch) -> Path:
    """A DAGSTER_HOME holding the production instance file, its storage in a fresh database."""
    if postgres_skip_reason:
        pytest.skip(postgres_skip_reason)
    url = sa.engine.make_url(POSTGRES_URL)
    database = f"dagster_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'create database "{database}"'))
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PRODUCTION_YAML, home / "dagster.yaml")
    for name, value in {"HOST": url.host or "127.0.0.1", "PORT": str(url.port or 5432), "USER": url.username or "postgres",
                        "PASSWORD": url.password or "", "DB": database}.items():
        monkeypatch.setenv(f"DAGSTER_PG_{name}", value)
    # Deployment, once: the storage's tables and the warehouse pool's limit (`dagster instance migrate`,
    # `dagster instance concurrency set warehouse 4`); two first runs would otherwise race to create them.
    with dg.DagsterInstance.from_config(str(home)) as instance:
        instance.event_log_storage.initialize_concurrency_limit_to_default(WAREHOUSE_POOL)
    try:
        yield home
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'drop database "{database}" with (force)'))
        admin.dispose()


def _materialize_month(home: str, extracts_dir: str, warehouse_url: str, run_dir: str, month: str) -> bool:
    """One run: the job-seekers extract of `month`, with the instance of `home` (also a worker process's body)."""
    warnings.filterwarnings("ignore")
    settings = make_settings(Path(run_dir), warehouse_url, Path(extracts_dir))
    defs = build_definitions(settings)
    with dg.DagsterInstance.from_config(home) as instance:
        result = dg.materialize([*defs.assets, *defs.asset_checks], selection=[DEFM], partition_key=month,
                                resources=defs.resources, instance=instance)
        return result.success


def test_production_instance_materializes_and_reads_events_back(production_home, sample_extracts, tmp_path, postgres_skip_reason):
    """deploy/dagster.production.yaml as is: every storage in PostgreSQL, a real run's events stored
    (with psycopg 3 the very first one failed on dagster-postgres's NOTIFY) and read back."""
    from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage, PostgresScheduleStorage

    with dg.DagsterInstance.from_config(str(production_home)) as instance:
        assert isinstance(instance.run_storage, PostgresRunStorage)
        assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
        assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"  # the daemon dequeues runs

    with warehouse_for("postgresql", tmp_path, postgres_skip_reason) as warehouse_url:
        assert _materialize_month(str(production_home), str(sample_extracts), warehouse_url, str(tmp_path), "2025-03")

    with dg.DagsterInstance.from_config(str(production_home)) as instance:  # a new process would see the same
        [record] = instance.get_run_records()
        assert record.dagster_run.status == dg.DagsterRunStatus.SUCCESS
        events = instance.fetch_materializations(DEFM, limit=10).records
        assert [e.partition_key for e in events] == ["2025-03"]
        assert events[0].asset_materialization.metadata["dagster/row_count"].value > 0
        assert instance.get_materialized_partitions(DEFM) == {"2025-03"}
        checks = instance.event_log_storage.get_latest_asset_check_execution_by_key(
            [dg.AssetCheckKey(DEFM, "contract"), dg.AssetCheckKey(DEFM, "plausibility")])
        assert {k.name for k in checks} == {"contract", "plausibility"}
        logs = instance.all_logs(record.dagster_run.run_id)
        assert any(e.dagster_event and e.dagster_event.event_type == dg.DagsterEventType.RUN_SUCCESS for e in logs)


def test_runs_of_different_months_go_in_parallel(production_home, sample_extracts, tmp_path, postgres_skip_reason):
    """Two processes, one month each, same production instance, same PostgreSQL warehouse: both succeed,
    each partition is recorded once."""
    with warehouse_for("postgresql", tmp_path, postgres_skip_reason) as warehouse_url:
        # close() and join(), not `with Pool()`: its exit SIGTERMs the workers, and a worker whose
        # Dagster run left its signal handler in place may not die, or die holding the queue's lock,
        # and join() then waits forever (seen in the full suite)
        pool = multiprocessing.get_context("spawn").Pool(2)
        try:
            outcomes = pool.starmap(_materialize_month, [(str(production_home), str(sample_extracts), warehouse_url,
                                                          str(tmp_path / month), month) for month in ("2025-01", "2025-02")])
        finally:
            pool.close()
            pool.join()
        assert outcomes == [True, True]
        rows = sa.create_engine(warehouse_url)
        with rows.connect() as conn:
            months = conn.execute(sa.text("select distinct partition_key from raw_france_travail__defm order by 1")).scalars().all()
        rows.dispose()
        assert months == ["2025-01", "2025-02"]
    with dg.DagsterInstance.from_config(str(production_home)) as instance:
        runs = instance.get_run_records()
        assert len(runs) == 2 and all(r.dagster_run.status == dg.DagsterRunStatus.SUCCESS for r in runs)
        assert instance.get_materialized_partitions(DEFM) == {"2025-01", "2025-02"}

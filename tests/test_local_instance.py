"""The local Dagster instance (`deploy/dagster.yaml`): Dagster's SQLite files, engines kept per file.

`make run`, `make backfill` and `make dev` use this instance. Its storage (`pipelines.storage`)
keeps a connection open per SQLite file instead of opening one per event; these tests hold it to
what Dagster's own SQLite storage does: a run's events and status are read back by another
instance on the same folder (another process: the UI, the daemon) and by Dagster's default storage
(switching back loses nothing), a run followed live is seen while its writer keeps its connection
open, and wiping the instance leaves it usable.
"""
from __future__ import annotations

import shutil
import threading

import dagster as dg
import pytest

from pipelines.settings import PROJECT_ROOT
from pipelines.storage import CachedEngineEventLogStorage, CachedEngineRunStorage, CachedEngineScheduleStorage

LOCAL_YAML = PROJECT_ROOT / "deploy" / "dagster.yaml"
MONTHS = ["2025-01", "2025-02", "2025-03"]


@dg.asset(partitions_def=dg.StaticPartitionsDefinition([*MONTHS, "2025-04"]))
def monthly_counts(context) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"month": context.partition_key})


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(LOCAL_YAML, home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return home


def _run(instance: dg.DagsterInstance, month: str) -> dg.ExecuteInProcessResult:
    return dg.materialize([monthly_counts], partition_key=month, instance=instance)


def test_the_local_instance_keeps_an_engine_per_file(home):
    with dg.DagsterInstance.get() as instance:
        assert isinstance(instance.run_storage, CachedEngineRunStorage)
        assert isinstance(instance.event_log_storage, CachedEngineEventLogStorage)
        assert isinstance(instance.schedule_storage, CachedEngineScheduleStorage)
        assert (home / "history" / "runs" / "index.db").is_file()  # where Dagster's default storage keeps it


def test_what_a_run_writes_is_read_by_another_instance_and_by_dagster_s_own_storage(home):
    with dg.DagsterInstance.get() as writer:
        results = [_run(writer, month) for month in MONTHS]
        assert all(r.success for r in results)
        # Another process's instance (the UI, the daemon): a fresh instance on the same files,
        # while the writer still holds its connections open.
        with dg.DagsterInstance.from_config(str(home)) as reader:
            assert reader.get_materialized_partitions(monthly_counts.key) == set(MONTHS)
            for result in results:
                assert reader.get_run_by_id(result.run_id).status == dg.DagsterRunStatus.SUCCESS
                assert len(reader.all_logs(result.run_id)) == len(writer.all_logs(result.run_id))

    # Dagster's default SQLite storage on the same folder reads the same history.
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    with dg.DagsterInstance.from_config(str(home)) as default:
        assert type(default.event_log_storage).__name__ == "SqliteEventLogStorage"
        assert default.get_materialized_partitions(monthly_counts.key) == set(MONTHS)
        assert [r.status for r in default.get_runs()] == [dg.DagsterRunStatus.SUCCESS] * len(MONTHS)
        record = default.fetch_materializations(monthly_counts.key, limit=1).records[0]
        assert record.asset_materialization.metadata["month"].value == MONTHS[-1]


def test_a_run_followed_live_is_seen_while_its_writer_keeps_the_connection_open(home):
    """The UI follows a running run by watching its shard; the writer commits into the shard's WAL."""
    seen: list[str] = []
    arrived = threading.Event()

    def on_event(entry, _cursor):
        seen.append(entry.message)
        if entry.message == "a later event":
            arrived.set()

    with dg.DagsterInstance.get() as writer, dg.DagsterInstance.from_config(str(home)) as watcher:
        run = writer.get_run_by_id(_run(writer, MONTHS[0]).run_id)  # its shard's connection stays open
        watcher.watch_event_logs(run.run_id, None, on_event)
        try:
            writer.report_engine_event("a later event", run)
            assert arrived.wait(timeout=30), f"the watcher saw {len(seen)} events, not the later one"
        finally:
            watcher.end_watch_event_logs(run.run_id, on_event)


def test_wiping_the_instance_leaves_it_usable(home):
    with dg.DagsterInstance.get() as instance:
        assert _run(instance, MONTHS[0]).success
        instance.wipe()
        assert instance.get_materialized_partitions(monthly_counts.key) == set()
        assert _run(instance, MONTHS[1]).success
        assert instance.get_materialized_partitions(monthly_counts.key) == {MONTHS[1]}


def test_the_storage_remembers_a_table_present_never_one_missing(home):
    """Dagster asks, per materialization stored, whether its optional tables exist; the storage
    answers from memory once the answer is yes, and asks again while it is no (a migration run by
    another process may add the table)."""
    import sqlalchemy as sa

    with dg.DagsterInstance.get() as instance:
        storage = instance.event_log_storage
        assert storage.has_table("asset_event_tags")
        assert "asset_event_tags" in storage._tables_present
        assert not storage.has_table("a_table_migrated_later")
        with storage.index_connection() as conn:  # what a migration in another process does
            conn.execute(sa.text("create table a_table_migrated_later (id integer)"))
        assert storage.has_table("a_table_migrated_later")
        assert _run(instance, MONTHS[0]).success  # tags stored through the remembered answer
        assert instance.get_materialized_partitions(monthly_counts.key) == {MONTHS[0]}

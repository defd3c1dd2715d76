"""The private Dagster surface `pipelines/storage.py` builds on, checked name by name.

`pipelines/storage.py` subclasses Dagster's SQLite storages (`dagster._core...`, not a public API)
to keep one SQLAlchemy engine per database file: measured in docs/performance.md ("Dagster's
local storage"). A Dagster upgrade may rename or reshape what it overrides or calls; this test
then fails naming the piece that moved, before a run does, so whoever upgrades either adapts the
subclass or drops it (deploy/dagster.yaml back to Dagster's default storage; re-measure with
`benchmarks/refresh_backfill.py --storage dagster`). The behaviour itself is tested in
tests/test_local_instance.py."""
from __future__ import annotations

import importlib
import inspect

import pytest

WHY = ("pipelines/storage.py depends on it: adapt the subclass to this Dagster version, or drop it "
       "(deploy/dagster.yaml: Dagster's default storage) after measuring with benchmarks/refresh_backfill.py --storage dagster")

# module -> names pipelines/storage.py imports from it
IMPORTED = {
    "dagster._core.storage.event_log.sqlite.sqlite_event_log": ["SqliteEventLogStorage", "SqliteEventLogStorageWatchdog"],
    "dagster._core.storage.runs.sqlite.sqlite_run_storage": ["SqliteRunStorage"],
    "dagster._core.storage.schedules.sqlite.sqlite_schedule_storage": ["SqliteScheduleStorage"],
    "dagster._core.storage.sql": ["create_engine"],
    "dagster._core.storage.sqlite": ["SQLITE_BUSY_TIMEOUT_SECONDS"],
    "dagster._core.storage.sqlite_storage": ["DagsterSqliteStorage", "_event_logs_directory", "_runs_directory",
                                             "_schedule_directory"],
    "dagster._serdes": ["ConfigurableClassData"],
    "dagster._utils": ["mkdir_p"],
}

# (module, class, method, parameters it must take): what the subclasses override or call
METHODS = [
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorage", "__init__", ["base_dir", "inst_data"]),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorage", "_connect", ["shard"]),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorage", "_initdb", ["engine"]),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorage", "conn_string_for_shard", ["shard_name"]),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorage", "has_table", ["table_name"]),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorage", "_has_asset_key_col_on_connection",
     ["conn", "column_name"]),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorage", "watch", ["run_id", "cursor", "callback"]),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorage", "wipe", []),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorage", "dispose", []),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorageWatchdog", "__init__",
     ["event_log_storage", "run_id", "callback", "cursor"]),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorageWatchdog", "_process_log", []),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorageWatchdog", "on_modified", ["event"]),
    ("dagster._core.storage.runs.sqlite.sqlite_run_storage", "SqliteRunStorage", "__init__", ["conn_string", "inst_data"]),
    ("dagster._core.storage.runs.sqlite.sqlite_run_storage", "SqliteRunStorage", "connect", []),
    ("dagster._core.storage.schedules.sqlite.sqlite_schedule_storage", "SqliteScheduleStorage", "__init__", ["conn_string", "inst_data"]),
    ("dagster._core.storage.schedules.sqlite.sqlite_schedule_storage", "SqliteScheduleStorage", "connect", []),
    ("dagster._core.storage.sqlite_storage", "DagsterSqliteStorage", "__init__", ["base_dir", "inst_data"]),
]

# attributes of a live SqliteEventLogStorage that `_connect` and `watch` use
ATTRIBUTES = ["_db_lock", "_initialized_dbs", "_obs", "_watchers", "_base_dir"]


@pytest.mark.parametrize("module", sorted(IMPORTED))
def test_every_private_name_storage_imports_still_exists(module):
    try:
        found = importlib.import_module(module)
    except ImportError as exc:
        pytest.fail(f"Dagster no longer has module {module} ({exc}): {WHY}")
    missing = [name for name in IMPORTED[module] if not hasattr(found, name)]
    assert not missing, f"Dagster's {module} no longer has {', '.join(missing)}: {WHY}"


@pytest.mark.parametrize(("module", "cls", "method", "parameters"), METHODS, ids=[f"{c}.{m}" for _, c, m, _ in METHODS])
def test_every_private_method_storage_overrides_or_calls_keeps_its_parameters(module, cls, method, parameters):
    owner = getattr(importlib.import_module(module), cls)
    assert hasattr(owner, method), f"Dagster's {cls} no longer has {method}: {WHY}"
    names = [p for p in inspect.signature(getattr(owner, method)).parameters if p != "self"]
    assert names[:len(parameters)] == parameters, f"Dagster's {cls}.{method} now takes ({', '.join(names)}), not ({', '.join(parameters)}): {WHY}"


def test_the_event_log_storage_still_has_the_attributes_storage_uses(tmp_path):
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

    storage = SqliteEventLogStorage(str(tmp_path))
    try:
        missing = [name for name in ATTRIBUTES if not hasattr(storage, name)]
        assert not missing, f"Dagster's SqliteEventLogStorage no longer sets {', '.join(missing)}: {WHY}"
    finally:
        storage.dispose()

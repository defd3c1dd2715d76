"""The local instance's storage: Dagster's SQLite storage, with one SQLAlchemy engine per database.

Dagster's SQLite storages create a new SQLAlchemy engine for every transaction (every event
stored, every run updated) and close the SQLite connection after it. That costs, per transaction:
building an engine; compiling every statement again (an engine owns SQLAlchemy's cache of compiled
statements); and, on closing the last connection to a file in WAL mode, a checkpoint of its
write-ahead log into the database. Measured on this project's machine: 21 ms of CPU per stored
materialization, with each event written to two files (its run's shard and the index shard).

These subclasses keep, for the life of the process, one engine per database file (the run storage,
the schedule storage, the event log's index shard and each run's shard) with one connection kept
open; remember which of Dagster's optional tables and columns the instance has (Dagster asks the
database again for every materialization stored: a new engine and a schema query, 3 % of `make
run`), remembering only a "yes", since a table or column once migrated stays while `dagster
instance migrate` in another process may add one; and set `PRAGMA synchronous=NORMAL`, SQLite's
recommended setting in WAL mode: a commit no longer waits for the disk, the write-ahead log does
(at each checkpoint). A crash of the process loses nothing committed; a power cut may lose the last
transactions before the checkpoint, never the database. Nothing else changes: same files, same
tables, same WAL locking, so other processes (the webserver, the daemon, a run in another process)
read and write the same instance, and an instance written by either storage is read by the other.
The run shards' engines are kept in a small least-recently-used cache, so a webserver showing many
runs does not keep a file open for each.

`deploy/dagster.yaml` selects it:

    storage:
      custom:
        module: pipelines.storage
        class: LocalSqliteStorage
        config: {}          # base_dir: $DAGSTER_HOME, as Dagster's default storage

The production instance (`deploy/dagster.production.yaml`) uses dagster-postgres, whose engine is
created once per process already.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from dagster import Field, StringSource
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SqliteEventLogStorage,
    SqliteEventLogStorageWatchdog,
)
from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage
from dagster._core.storage.schedules.sqlite.sqlite_schedule_storage import SqliteScheduleStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sqlite_storage import (
    DagsterSqliteStorage,
    _event_logs_directory,
    _runs_directory,
    _schedule_directory,
)
from dagster._serdes import ConfigurableClassData
from dagster._utils import mkdir_p
from sqlalchemy.pool import QueuePool
from watchdog.events import FileSystemEvent, PatternMatchingEventHandler
from watchdog.observers import Observer

RUN_SHARD_ENGINES = 32  # engines kept for run shards (the index shard's is always kept)


class EngineCache:
    """SQLAlchemy engines by connection string, the least recently used disposed beyond `size`."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._engines: OrderedDict[str, sa.engine.Engine] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conn_string: str, **connect_args) -> sa.engine.Engine:
        with self._lock:
            engine = self._engines.get(conn_string)
            if engine is None:
                engine = kept_engine(conn_string, **connect_args)
                self._engines[conn_string] = engine
                while len(self._engines) > self._size:
                    _, evicted = self._engines.popitem(last=False)
                    evicted.dispose()
            else:
                self._engines.move_to_end(conn_string)
            return engine

    def dispose(self) -> None:
        with self._lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()


def kept_engine(conn_string: str, **connect_args) -> sa.engine.Engine:
    """An engine for the process keeping one SQLite connection open (more while threads contend)."""
    engine = create_engine(conn_string, poolclass=QueuePool, pool_size=1, max_overflow=4, connect_args=connect_args)
    sa.event.listen(engine, "connect", _wal_normal_sync)
    return engine


def _wal_normal_sync(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@contextmanager
def _transaction(engine: sa.engine.Engine) -> Iterator[sa.engine.Connection]:
    with engine.connect() as conn, conn.begin():
        yield conn


class CachedEngineEventLogStorage(SqliteEventLogStorage):
    """`SqliteEventLogStorage` with one engine per shard (index and runs) instead of one per transaction."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self._engines = EngineCache(RUN_SHARD_ENGINES + 1)
        self._tables_present: set[str] = set()  # optional tables and asset-key columns seen present: they stay
        self._asset_key_columns_present: set[str] = set()
        super().__init__(base_dir, inst_data)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[sa.engine.Connection]:
        with self._db_lock:  # as Dagster's: one transaction at a time per process
            engine = self._engines.get(self.conn_string_for_shard(shard), timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with _transaction(engine) as conn:
                yield conn

    def has_table(self, table_name: str) -> bool:
        """Dagster's answer (a new engine and a query each time), remembered once it is yes."""
        if table_name in self._tables_present:
            return True
        present = super().has_table(table_name)
        if present:
            self._tables_present.add(table_name)
        return present

    def _has_asset_key_col_on_connection(self, conn: sa.engine.Connection, column_name: str) -> bool:
        """Dagster's answer (the asset-key table's columns read back each time), remembered once it is yes."""
        if column_name in self._asset_key_columns_present:
            return True
        present = super()._has_asset_key_col_on_connection(conn, column_name)
        if present:
            self._asset_key_columns_present.add(column_name)
        return present

    def watch(self, run_id: str, cursor: str | None, callback) -> None:
        """Dagster's `watch` (the UI following a run live), with a watchdog woken by the run's WAL too."""
        if not self._obs:
            self._obs = Observer()
            self._obs.start()
        watchdog = WalAwareWatchdog(self, run_id, callback, cursor)
        self._watchers[run_id][callback] = (watchdog, self._obs.schedule(watchdog, self._base_dir, recursive=True))

    def wipe(self) -> None:
        self._engines.dispose()  # no connection left open on a file about to be deleted
        self._tables_present.clear()
        self._asset_key_columns_present.clear()
        super().wipe()

    def dispose(self) -> None:
        super().dispose()
        self._engines.dispose()


class WalAwareWatchdog(SqliteEventLogStorageWatchdog):
    """Dagster's watchdog on a run's shard, also woken by writes to the shard's write-ahead log.

    Dagster's wakes when `<run>.db` changes: its writer closes the connection after each
    transaction, which checkpoints the log into the file. Ours keeps it open, so commits land in
    `<run>.db-wal` until a checkpoint (every 1 000 pages, and when the process ends): that file
    wakes it too. A commit writes several log frames, each waking the watchdog; the last wakes it
    after the commit frame is written, and its read (a new connection, a query) starts after the
    few microseconds SQLite takes to publish the commit. Were a read ever to come first, the next
    event of the run, or the checkpoint at the end of the process, shows it: late, never lost.
    """

    def __init__(self, storage: SqliteEventLogStorage, run_id: str, callback, cursor: str | None) -> None:
        super().__init__(storage, run_id, callback, cursor)
        PatternMatchingEventHandler.__init__(self, patterns=[self._log_path, f"{self._log_path}-wal"])

    def on_modified(self, event: FileSystemEvent) -> None:
        self._process_log()  # Dagster's checks that the path is the shard's; both are here


class _OneEngine:
    """For a storage with one database file: its engine kept for the process, not built per transaction."""

    def __init__(self, conn_string: str, inst_data: ConfigurableClassData | None = None) -> None:
        super().__init__(conn_string, inst_data)
        self._engine = kept_engine(conn_string)

    @contextmanager
    def connect(self) -> Iterator[sa.engine.Connection]:
        with _transaction(self._engine) as conn:
            yield conn

    def dispose(self) -> None:
        super().dispose()
        self._engine.dispose()


class CachedEngineRunStorage(_OneEngine, SqliteRunStorage):
    """`SqliteRunStorage` with one engine for the process instead of one per transaction."""


class CachedEngineScheduleStorage(_OneEngine, SqliteScheduleStorage):
    """`SqliteScheduleStorage` with one engine for the process instead of one per transaction."""


class LocalSqliteStorage(DagsterSqliteStorage):
    """Dagster's default local storage (same folder, same files) with engines kept per database."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self.base_dir = base_dir  # the attributes DagsterSqliteStorage's methods read
        self._run_storage = CachedEngineRunStorage.from_local(_runs_directory(base_dir))
        self._event_log_storage = CachedEngineEventLogStorage(_event_logs_directory(base_dir))
        self._schedule_storage = CachedEngineScheduleStorage.from_local(_schedule_directory(base_dir))
        self._inst_data = inst_data
        super(DagsterSqliteStorage, self).__init__()  # DagsterStorage's, not the default storages

    @classmethod
    def config_type(cls):
        return {"base_dir": Field(StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData | None, config_value) -> LocalSqliteStorage:
        base_dir = config_value.get("base_dir") or default_base_dir()
        mkdir_p(base_dir)
        return cls(base_dir, inst_data=inst_data)


def default_base_dir() -> str:
    """Where Dagster's default storage lives: the instance's folder, `$DAGSTER_HOME` (`history/`, `schedules/`)."""
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        raise RuntimeError("LocalSqliteStorage needs DAGSTER_HOME (or a base_dir in its config)")
    return os.path.abspath(home)

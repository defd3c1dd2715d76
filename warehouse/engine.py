"""Warehouse access: one SQLAlchemy engine per URL, transactional replace of partitions and tables."""
from __future__ import annotations

import io
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

_ENGINES: dict[str, Engine] = {}
_LOCK = threading.Lock()


def sqlglot_dialect(engine: Engine) -> str:
    """The sqlglot dialect name matching a SQLAlchemy engine."""
    name = engine.dialect.name
    return {"postgresql": "postgres", "duckdb": "duckdb"}.get(name, name)


def with_duckdb_bounds(url: str, memory_limit: str | None = None, temp_directory: str | Path | None = None) -> str:
    """`url` with DuckDB's memory bound and spill folder (`memory_limit`, e.g. "1GB"; `temp_directory`):
    a load larger than the limit spills to that folder instead of growing the process. The URL's
    query is DuckDB's configuration (duckdb-engine passes it to `duckdb.connect`). Other engines'
    URLs are returned as they are."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "duckdb":
        return url
    bounds = {"memory_limit": memory_limit, "temp_directory": str(temp_directory) if temp_directory else None}
    query = {**parsed.query, **{k: v for k, v in bounds.items() if v}}
    return parsed.set(query=query).render_as_string(hide_password=False)


def _engine_for(url: str) -> Engine:
    with _LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            parsed = sa.make_url(url)
            if parsed.get_backend_name() == "duckdb" and parsed.database not in (None, "", ":memory:"):
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            if parsed.get_backend_name() == "duckdb" and parsed.query.get("temp_directory"):
                Path(parsed.query["temp_directory"]).mkdir(parents=True, exist_ok=True)
            # Pooled connections: opening a DuckDB file costs tens of milliseconds. A process keeps
            # the file's lock until `dispose` (at the end of each run); another process that wants
            # it meanwhile waits for it (`_wait_for_duckdb_lock`) instead of failing.
            engine = sa.create_engine(url, pool_pre_ping=parsed.get_backend_name() != "duckdb")
            if parsed.get_backend_name() == "duckdb":
                sa.event.listen(engine, "do_connect", _wait_for_duckdb_lock)
            _ENGINES[url] = engine
        return engine


DUCKDB_LOCK_WAIT_SECONDS = 30 * 60


def _wait_for_duckdb_lock(dialect, connection_record, cargs, cparams):
    """DuckDB admits one process per database file: wait for the holder to let go, up to
    DUCKDB_LOCK_WAIT_SECONDS, rather than fail (the Dagster run queue serialises runs; this covers
    the command line and any other client)."""
    deadline = time.monotonic() + DUCKDB_LOCK_WAIT_SECONDS
    delay = 0.2
    while True:
        try:
            return dialect.connect(*cargs, **cparams)
        except Exception as exc:  # duckdb raises IOException: "Could not set lock on file"
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


class Warehouse:
    """A handle on the warehouse at `url`: read SQL, replace tables and partitions atomically."""

    def __init__(self, url: str):
        self.url = url
        self.engine = _engine_for(url)

    def dispose(self) -> None:
        """Close pooled connections (and so release a DuckDB file's lock)."""
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        return sqlglot_dialect(self.engine)

    @property
    def is_duckdb(self) -> bool:
        return self.engine.dialect.name == "duckdb"

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    def read_sql(self, sql: str, params: dict | None = None) -> pd.DataFrame:
        with self.engine.connect() as conn:
            result = conn.execute(sa.text(sql), params or {})
            return pd.DataFrame(result.fetchall(), columns=list(result.keys()))

    def table_exists(self, table: str) -> bool:
        with self.engine.connect() as conn:
            return table_exists(conn, table)

    def existing(self, tables: list[str]) -> set[str]:
        """Which of `tables` exist in the current schema, in one query."""
        if not tables:
            return set()
        sql = "select table_name from information_schema.tables where table_schema = current_schema() and table_name in :names"
        with self.engine.connect() as conn:
            rows = conn.execute(sa.text(sql).bindparams(sa.bindparam("names", expanding=True)), {"names": list(tables)})
            return {row[0] for row in rows}

    def columns(self, table: str) -> list[str]:
        # Not SQLAlchemy's inspector: duckdb-engine's reflection queries fail on SQLAlchemy 2.1.
        with self.engine.connect() as conn:
            return list(conn.execute(sa.text(f"select * from {quote(table)} limit 0")).keys())

    def column_types(self, table: str) -> dict[str, str]:
        """Each column's type as the engine names it (e.g. BIGINT, DATE, BOOLEAN, DECIMAL(18,2))."""
        return self.columns_of([table])[table]

    def columns_of(self, tables: list[str]) -> dict[str, dict[str, str]]:
        """Each table's columns in order, with their types as the engine names them, in one query
        (a table that does not exist has none)."""
        sql = ("select table_name, column_name, data_type from information_schema.columns where table_name in :names"
               + (" and table_schema = current_schema()" if not self.is_duckdb else "") + " order by table_name, ordinal_position")
        out: dict[str, dict[str, str]] = {table: {} for table in tables}
        with self.engine.connect() as conn:
            for table, column, kind in conn.execute(sa.text(sql).bindparams(sa.bindparam("names", expanding=True)),
                                                    {"names": list(tables)}):
                out[table][column] = kind.upper()
        return out

    def row_counts(self, tables: list[str]) -> dict[str, int]:
        """Each table's rows, in one query."""
        sql = " union all ".join(f"select {i} as i, count(*) as n from {quote(t)}" for i, t in enumerate(tables))
        with self.engine.connect() as conn:
            counts = dict(conn.execute(sa.text(sql)).fetchall())
        return {table: int(counts[i]) for i, table in enumerate(tables)}

    def row_count(self, table: str, where: str = "", params: dict | None = None) -> int:
        sql = f"select count(*) as n from {quote(table)}" + (f" where {where}" if where else "")
        return int(self.read_sql(sql, params)["n"].iloc[0])

    def ensure_table(self, conn: Connection, table: sa.Table) -> None:
        create_if_absent(conn, table.name, table.create)

    def execute(self, conn: Connection, sql: str) -> None:
        """Run literal SQL (no parameters): `%` is escaped for drivers whose placeholders use it."""
        if self.engine.dialect.paramstyle in ("format", "pyformat"):
            sql = sql.replace("%", "%%")
        conn.exec_driver_sql(sql)

    def replace_table(self, table: str, frame: pd.DataFrame) -> None:
        """Replace a small table (configuration, reference data) with `frame`, in one transaction."""
        with self.begin() as conn:
            conn.exec_driver_sql(f"drop table if exists {quote(table)}")
            create_table_for(conn, table, frame)
            self.insert_frame(conn, table, frame)

    def insert_frame(self, conn: Connection, table: str, frame: pd.DataFrame) -> int:
        """Append `frame` to `table` within the caller's transaction; columns matched by name."""
        if frame.empty:
            return 0
        if self.is_duckdb:
            raw = conn.connection.driver_connection
            view = f"_incoming_{abs(hash((table, id(frame))))}"
            raw.register(view, _decimals_as_text(frame))
            try:
                cols = ", ".join(quote(c) for c in frame.columns)
                raw.execute(f"insert into {quote(table)} ({cols}) select {cols} from {view}").fetchall()
            finally:
                raw.unregister(view)
        else:
            _copy_into_postgres(conn, table, frame)
        return len(frame)


def _decimals_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Exact amounts (`decimal.Decimal` objects) handed to DuckDB as their text, which the insert
    casts to the table's NUMERIC exactly. Registered as objects, DuckDB types the column from a
    sample of its values: DECIMAL(5,2) when the sampled amounts are below 1 000, and a later
    1 034,40 fails the whole load ("value is out of range")."""
    amounts = [c for c in frame.columns if _decimal_type(frame[c]) is not None]
    if not amounts:
        return frame
    return frame.assign(**{c: frame[c].map(str, na_action="ignore") for c in amounts})


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


COPY_BATCH_ROWS = 100_000


def _copy_into_postgres(conn: Connection, table: str, frame: pd.DataFrame) -> None:
    """COPY rows into PostgreSQL, one COPY of an in-memory CSV buffer per batch of rows: no Python
    per row (the per-row `write_row` loop was two thirds of a national load).

    CSV format, written by pandas: quoted where a value holds the separator, a quote or a newline.
    A missing value is written as a random token that COPY reads as NULL, so an empty text and
    every other text (`\\N` included) stay what they are."""
    cursor = conn.connection.driver_connection.cursor()
    cols = ", ".join(quote(c) for c in frame.columns)
    null = _null_token(frame)
    with cursor.copy(f"COPY {quote(table)} ({cols}) FROM STDIN (FORMAT csv, NULL '{null}')") as copy:
        for start in range(0, len(frame), COPY_BATCH_ROWS):
            buffer = io.StringIO()
            frame.iloc[start : start + COPY_BATCH_ROWS].to_csv(buffer, header=False, index=False, na_rep=null,
                                                              lineterminator="\n")
            copy.write(buffer.getvalue())


def _null_token(frame: pd.DataFrame) -> str:
    """A token no value of `frame` equals (checked, not assumed)."""
    while True:
        token = f"null-{uuid.uuid4().hex}"
        texts = [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object]
        if not any(frame[c].eq(token).any() for c in texts):
            return token


def create_if_absent(conn: Connection, table: str, create) -> None:
    """`create(conn)` unless `table` exists. On PostgreSQL, runs in parallel may both find the table
    missing: the second CREATE waits for the first transaction, then fails on the duplicate name; it
    is tried in a savepoint, and that failure is no error once the table is there."""
    if table_exists(conn, table):
        return
    if conn.dialect.name != "postgresql":
        create(conn)
        return
    try:
        with conn.begin_nested():
            create(conn)
    except (sa.exc.IntegrityError, sa.exc.ProgrammingError):
        if not table_exists(conn, table):
            raise


def table_exists(conn: Connection, table: str) -> bool:
    """Whether `table` exists in the current schema. (SQLAlchemy's inspector leaves a DuckDB result
    half-read, which then blocks registering a frame on the same connection.)"""
    sql = "select count(*) from information_schema.tables where table_name = :t and table_schema = current_schema()"
    return conn.execute(sa.text(sql), {"t": table}).scalar_one() > 0


def sa_type(dtype) -> sa.types.TypeEngine:
    """The SQL column type for a pandas dtype."""
    text = str(dtype).lower()
    if "datetime" in text:
        return sa.Date()
    if "int" in text:
        return sa.BigInteger()
    if "float" in text:
        return sa.Double()  # DuckDB's FLOAT is single precision
    if "bool" in text:
        return sa.Boolean()
    return sa.Text()


def _decimal_type(values: pd.Series) -> sa.types.TypeEngine | None:
    """NUMERIC for a column of exact amounts (`decimal.Decimal` values, e.g. money to the cent),
    with the scale the values carry (pandera's coercion gives every value the column's scale)."""
    if values.dtype != object:  # asked of every column of every batch: the dtype first, then the values
        return None
    present = values.dropna()
    if present.empty or not isinstance(present.iloc[0], Decimal):
        return None
    return sa.Numeric(38, max(0, -present.iloc[0].as_tuple().exponent))


def create_table_for(conn: Connection, table: str, frame: pd.DataFrame, types: dict | None = None) -> None:
    """A table with `frame`'s columns, typed from its dtypes, or from `types` (name: SQLAlchemy type) where given."""
    columns = [sa.Column(name, (types or {}).get(name) or _decimal_type(frame[name]) or sa_type(dtype))
               for name, dtype in frame.dtypes.items()]
    sa.Table(table, sa.MetaData(), *columns).create(conn)


"""`dq_check_history`: every check result ever evaluated, one row per check, asset and partition.

Append-only: rows are never updated or deleted, each evaluation is appended in its own transaction
(after, and independently of, the data it checked). It is therefore the one warehouse table a
killed-then-rerun run does not leave identical to an uninterrupted run: the re-run appends its
own results.

`details` is JSON text mapping each failed rule to its count of failures. Rule names come from the
schemas and from `quality/rules.py`: never a value read from an extract. `message`, for a file
refused whole, names the file and the reason (ingestion's messages echo no value of the file).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa

from warehouse import Warehouse

HISTORY_TABLE = "dq_check_history"
ERROR = "ERROR"
WARN = "WARN"


@dataclass(frozen=True)
class CheckRecord:
    asset: str
    check_name: str
    severity: str  # ERROR or WARN
    passed: bool
    failing_rows: int | None
    details: Mapping[str, int] = field(default_factory=dict)  # rule → count of failures
    partition: str | None = None
    run_id: str | None = None
    message: str | None = None  # a refused file: which and why (`ingestion.StructuralError.messages`)


def history_table() -> sa.Table:
    return sa.Table(
        HISTORY_TABLE,
        sa.MetaData(),
        sa.Column("checked_at", sa.DateTime, nullable=False),  # UTC
        sa.Column("asset", sa.Text, nullable=False),
        sa.Column("partition", sa.Text),
        sa.Column("check_name", sa.Text, nullable=False),
        sa.Column("severity", sa.Text, nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("failing_rows", sa.BigInteger),
        sa.Column("details", sa.Text),
        sa.Column("run_id", sa.Text),  # the Dagster run that evaluated it
        sa.Column("message", sa.Text),  # a refused file: its name and why, never a value it holds
    )


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def append(warehouse: Warehouse, records: Iterable[CheckRecord], checked_at: dt.datetime | None = None) -> int:
    """Append `records` in one transaction of their own; returns the number of rows written."""
    records = list(records)
    if not records:
        return 0
    checked_at = checked_at or utc_now()
    table = history_table()
    _ensure(warehouse, table)
    rows = [
        {
            "checked_at": checked_at,
            "asset": r.asset,
            "partition": r.partition,
            "check_name": r.check_name,
            "severity": r.severity,
            "passed": bool(r.passed),
            "failing_rows": None if r.failing_rows is None else int(r.failing_rows),
            "details": json.dumps({str(k): int(v) for k, v in sorted(r.details.items())}, ensure_ascii=False),
            "run_id": r.run_id,
            "message": r.message,
        }
        for r in records
    ]
    with warehouse.begin() as conn:
        conn.execute(table.insert(), rows)
    return len(rows)


def _ensure(warehouse: Warehouse, table: sa.Table) -> None:
    """Create the table if needed, in its own transaction; a concurrent creator is not an error.
    A table written before a column was added gets the column (older rows: empty)."""
    if warehouse.table_exists(table.name):
        present = set(warehouse.columns(table.name))
        missing = [c for c in table.columns if c.name not in present]
        with warehouse.begin() as conn:
            for column in missing:
                conn.execute(sa.text(f'alter table {table.name} add column "{column.name}" text'))
        return
    try:
        with warehouse.begin() as conn:
            warehouse.ensure_table(conn, table)
    except sa.exc.DBAPIError:
        if not warehouse.table_exists(table.name):  # not the race we tolerate
            raise


def read(warehouse: Warehouse) -> pd.DataFrame:
    """The whole history, oldest first (empty frame with the table's columns if none yet)."""
    columns = [c.name for c in history_table().columns]
    if not warehouse.table_exists(HISTORY_TABLE):
        return pd.DataFrame(columns=columns)
    _ensure(warehouse, history_table())
    return warehouse.read_sql(f'select {", ".join(_q(c) for c in columns)} from {HISTORY_TABLE} order by checked_at')


def read_latest(warehouse: Warehouse) -> pd.DataFrame:
    """The latest result of each check on each asset and partition."""
    columns = [c.name for c in history_table().columns]
    if not warehouse.table_exists(HISTORY_TABLE):
        return pd.DataFrame(columns=columns)
    _ensure(warehouse, history_table())
    listed = ", ".join(_q(c) for c in columns)
    return warehouse.read_sql(
        f"""select {listed} from (
                select {listed}, row_number() over (
                    partition by asset, check_name, "partition" order by checked_at desc) as recency
                from {HISTORY_TABLE}) as ranked
            where recency = 1
            order by asset, check_name, "partition"
        """
    )


def _q(column: str) -> str:
    return f'"{column}"'


def contract_records(asset: str, reports: Iterable) -> list[CheckRecord]:
    """One `contract` record per ingested partition, from ingestion reports (duck-typed: each has
    `partition_key`, `rows_quarantined` and `failures_by_rule`)."""
    return [
        CheckRecord(
            asset=asset,
            partition=r.partition_key,
            check_name="contract",
            severity=WARN,
            passed=r.rows_quarantined == 0,
            failing_rows=r.rows_quarantined,
            details=dict(r.failures_by_rule),
        )
        for r in reports
    ]


STRUCTURAL_ERROR = "structural_error"


def structural_records(asset: str, partitions: Iterable[str], messages: Mapping[str, str] | None = None) -> list[CheckRecord]:
    """A failed `contract` record per partition whose file could not be read at all, with its
    message (the file and why: `ingestion.StructuralError.messages`)."""
    return [CheckRecord(asset=asset, partition=p, check_name="contract", severity=ERROR, passed=False,
                        failing_rows=None, details={STRUCTURAL_ERROR: 1}, message=(messages or {}).get(p)) for p in partitions]


def plausibility_records(asset: str, reports: Iterable) -> list[CheckRecord]:
    """One `plausibility` record per ingested partition (reports carry `flags`, each with a `rule`)."""
    return [
        CheckRecord(
            asset=asset,
            partition=r.partition_key,
            check_name="plausibility",
            severity=WARN,
            passed=not r.flags,
            failing_rows=None,
            details={f.rule: 1 for f in r.flags},
        )
        for r in reports
    ]


def record_and_alert(warehouse: Warehouse, records: list[CheckRecord], alerter=None, run_id: str | None = None) -> None:
    """Append `records` to the history, then, if any failed, send one alert (`alerter`: a
    `quality.alerts.Alerter`). A failed alert is logged by the alerter, never raised."""
    if run_id is not None:
        records = [dataclasses.replace(r, run_id=run_id) for r in records]
    append(warehouse, records)
    if alerter is not None:
        alerter.checks_failed(records, run_id)

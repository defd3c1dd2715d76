"""Ingest one partition of one extract: read, validate, pseudonymise, replace, in one transaction.

The partition's rows in the raw table and its quarantine rows are deleted and rewritten together,
so a re-run gives the same warehouse as a single run, and a run killed halfway leaves the previous
state intact.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ingestion.contract import ExtractContract, StructuralError
from ingestion.pseudonymise import pseudonymise
from ingestion.reading import CHUNK_ROWS, iter_chunks, read_header
from ingestion.validation import QUARANTINE_COLUMNS, validate_chunk
from warehouse.engine import Warehouse, create_table_for, delete_where, table_exists

QUARANTINE_TABLE = "quarantine"
Reshape = Callable[[pd.DataFrame], pd.DataFrame]


@dataclass
class IngestionReport:
    source: str
    partition_key: str
    file: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    failures_by_rule: dict[str, int] = field(default_factory=dict)
    examples: list[dict] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def quarantine_table() -> sa.Table:
    return sa.Table(
        QUARANTINE_TABLE,
        sa.MetaData(),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("partition_key", sa.Text, nullable=False),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("line", sa.BigInteger, nullable=False),
        sa.Column("column", sa.Text),
        sa.Column("rule", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("value", sa.Text),
    )


def ingest_partition(
    contract: ExtractContract,
    warehouse: Warehouse,
    extracts_dir: Path,
    partition_key: str,
    pseudonymisation_key: str,
    reshape: Reshape | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> IngestionReport:
    path = contract.path_for(extracts_dir, partition_key)
    relative = path.relative_to(extracts_dir).as_posix() if path.is_relative_to(extracts_dir) else str(path)
    if not path.exists():
        raise StructuralError(f"{path}: file not found (expected {contract.name} extract for {partition_key})")
    header = read_header(path)
    missing = [c for c in contract.required_columns if c not in header]
    missing += [f"columns matching {p}" for p in contract.regex_columns if not contract.expected_columns(header)]
    if missing:
        raise StructuralError(
            f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(contract.required_columns)}"
            f" (separator and encoding detected automatically; found {', '.join(header) or 'no header'})"
        )
    columns = contract.expected_columns(header)
    report = IngestionReport(contract.name, partition_key, relative, ignored_columns=[h for h in header if h not in columns])

    with warehouse.begin() as conn:
        warehouse.ensure_table(conn, quarantine_table())
        if table_exists(conn, contract.table):
            delete_where(conn, contract.table, {"partition_key": partition_key})
        delete_where(conn, QUARANTINE_TABLE, {"source": contract.name, "partition_key": partition_key})
        for chunk in iter_chunks(path, columns, chunk_rows):
            result = validate_chunk(contract, chunk.frame, chunk.first_line)
            report.rows_read += len(chunk.frame)
            good = _protect(contract, result.good, pseudonymisation_key)
            if reshape is not None:
                good = reshape(good)
            good.insert(0, "partition_key", partition_key)
            good["source_file"] = relative
            _ensure_raw_table(conn, contract.table, good)
            report.rows_loaded += warehouse.insert_frame(conn, contract.table, good)
            failures = result.failures
            if len(failures):
                report.rows_quarantined += failures["line"].nunique()
                for rule, n in failures["rule"].value_counts().items():
                    report.failures_by_rule[rule] = report.failures_by_rule.get(rule, 0) + int(n)
                report.examples += failures.head(max(0, 20 - len(report.examples))).to_dict("records")
                rows = failures.assign(source=contract.name, partition_key=partition_key, file=relative)
                warehouse.insert_frame(conn, QUARANTINE_TABLE, rows[["source", "partition_key", "file", *QUARANTINE_COLUMNS]])
        if report.rows_read == 0:
            empty = _protect(contract, _empty_typed(contract, columns), pseudonymisation_key)
            empty = reshape(empty) if reshape is not None else empty
            empty.insert(0, "partition_key", pd.Series(dtype="str"))
            empty["source_file"] = pd.Series(dtype="str")
            _ensure_raw_table(conn, contract.table, empty)
    return report


def _protect(contract: ExtractContract, frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Apply each personal column's treatment: nothing personal leaves this function in clear."""
    out = frame.copy()
    for column in list(out.columns):
        treatment = contract.personal(column)
        if treatment == "drop":
            out = out.drop(columns=column)
        elif treatment == "pseudonymise":
            out[column] = pseudonymise(out[column], key)
        elif treatment == "month":
            out[column] = out[column].dt.to_period("M").dt.to_timestamp()
    return out


def _empty_typed(contract: ExtractContract, columns: list[str]) -> pd.DataFrame:
    dtypes = {"date": "datetime64[ns]", "int": "Int64", "float": "Float64", "str": "str"}
    frame = pd.DataFrame({c: pd.Series(dtype=dtypes[contract.kind_of(c)]) for c in columns})
    frame["source_line"] = pd.Series(dtype="int64")
    return frame


def _ensure_raw_table(conn: sa.Connection, table: str, frame: pd.DataFrame) -> None:
    if table_exists(conn, table):
        return
    create_table_for(conn, table, frame)

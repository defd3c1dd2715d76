"""Ingest partitions of an extract: read, validate, pseudonymise and replace, in one transaction.

The partitions' rows in the raw table and their quarantine rows are deleted and rewritten
together, so a re-run gives the same warehouse as a single run, and a run killed halfway leaves
the previous state intact. Files are streamed in batches of at most `batch_rows` rows: an extract
never needs to fit in memory, and a backfill of many small monthly files validates them together.
In a DuckDB warehouse, a large plain file is instead read, validated and split by DuckDB with SQL
generated from the contract (`ingestion.sql_validation`), with the same outcome.

A contract's key (`ExtractContract.key`) is enforced on the whole load, in the warehouse, once every
batch is in: rows of one partition sharing a key are all moved to quarantine (rule
`duplicate_key`), each naming the other lines, since nothing says which one is right. The same key
in two partitions is a re-export, which the staging models resolve (the later partition wins).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ingestion import reading, sql_validation
from ingestion.aliases import Aliases
from ingestion.contract import ExtractContract, StructuralError
from ingestion.files import without_folder
from ingestion.plausibility import CHANGE_RULE, PlausibilityRules, VolumeFlag, implausible_changes, volume_flags
from ingestion.pseudonymise import pseudonymise
from ingestion.reading import CHUNK_ROWS, TextFormat, detect_format, is_workbook, iter_chunks, read_header
from ingestion.scrub import personal_words, scrub_column
from ingestion.validation import QUARANTINE_COLUMNS, masked, validate_batch
from ingestion.workbook import Sheet, file_key, sheet_of
from ingestion.workbook import iter_blocks as workbook_blocks
from warehouse.engine import Warehouse, create_if_absent, create_table_for, quote, table_exists

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
    flags: list[VolumeFlag] = field(default_factory=list)  # plausibility of the partition's volume


@dataclass(frozen=True)
class _ExtractFile:
    partition_key: str
    path: Path
    relative: str
    columns: tuple[str, ...]  # the contract's columns found in the header, in contract order
    ignored: tuple[str, ...]  # header columns no contract column claims
    fmt: TextFormat | None  # None for a workbook
    sheet: Sheet | None = None  # the register a workbook contract reads (ingestion.workbook)
    read_as: tuple[str, ...] | None = None  # a plain file's header labels of `columns`, when aliases name some (ingestion.aliases)


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


def ingest_partition(contract: ExtractContract, warehouse: Warehouse, extracts_dir: Path, partition_key: str,
                     pseudonymisation_key: str, reshape: Reshape | None = None) -> IngestionReport:
    return ingest_partitions(contract, warehouse, extracts_dir, [partition_key], pseudonymisation_key, reshape)[0]


def ingest_partitions(
    contract: ExtractContract,
    warehouse: Warehouse,
    extracts_dir: Path,
    partition_keys: list[str],
    pseudonymisation_key: str,
    reshape: Reshape | None = None,
    batch_rows: int = CHUNK_ROWS,
    rules: PlausibilityRules | None = None,
    keep_going: bool = False,
    siblings: Sequence[ExtractContract] = (),
    vocabularies: dict[str, list[str]] | None = None,
    aliases: Aliases | None = None,
) -> list[IngestionReport]:
    """Replace the given partitions of `contract`'s raw table with their files' valid rows.

    A file that cannot be read at all raises `StructuralError` naming it, before anything is
    written; with `keep_going`, the other files are loaded (a file found unreadable halfway
    through included: the load is done again without it), and the error, naming only the
    unreadable files' partitions, is raised once they are committed: their partitions keep their
    previous rows. `siblings`: the other registers of the same workbook, whose personal columns'
    words are masked in this contract's free text too (`ingestion.scrub`). `vocabularies`: the
    configured names of the labels declaring a `vocabulary` (`ingestion.contract`). `aliases`: the
    association's own header labels and values for the contract's (`ingestion.aliases`), translated
    before validation; such files are validated by pandas."""
    extracts_dir = Path(extracts_dir)
    rules = rules or PlausibilityRules()
    files, errors = [], []
    for key in partition_keys:  # structural errors first, every file's, before anything is written
        try:
            files.append(_open(contract, extracts_dir, key, rules, aliases))
        except StructuralError as exc:
            errors.append((key, str(exc)))
    if errors and (not files or not keep_going):
        raise StructuralError("\n".join(message for _, message in errors), [key for key, _ in errors],
                              messages=_relative(errors, extracts_dir))
    words = {f.partition_key: _sibling_words(contract, f, siblings) for f in files}
    labelled = any(contract.vocabulary(c) in (vocabularies or {}) for c in contract.schema.columns)  # matched by pandas
    labelled = labelled or bool(aliases and aliases.values)  # values translated by pandas too
    while True:  # a file found unreadable halfway: this attempt is rolled back, the others are loaded again without it
        try:
            reports = {f.partition_key: IngestionReport(contract.name, f.partition_key, f.relative, ignored_columns=list(f.ignored)) for f in files}
            with warehouse.begin() as conn:
                warehouse.ensure_table(conn, quarantine_table())
                # only the readable files' partitions are replaced: an unreadable file leaves its partition as it was
                keys = {"keys": [f.partition_key for f in files], "source": contract.name}
                if table_exists(conn, contract.table):
                    conn.execute(_delete(f'delete from "{contract.table}" where partition_key in :keys'), keys)
                conn.execute(_delete(f"delete from {QUARANTINE_TABLE} where source = :source and partition_key in :keys"), keys)

                batch: list[pd.DataFrame] = []
                batch_columns: tuple[str, ...] | None = None

                def flush() -> None:
                    if batch:
                        frame = pd.concat(batch, ignore_index=True)
                        frame = aliases.translate(frame) if aliases else frame
                        known = frozenset().union(*(words[k] for k in frame["partition_key"].unique()))
                        _load_batch(contract, warehouse, conn, frame, reports, pseudonymisation_key, reshape, rules, known,
                                    vocabularies)
                        batch.clear()

                for extract in files:
                    if not labelled and extract.read_as is None and _load_in_warehouse(contract, warehouse, conn, extract, reports[extract.partition_key],
                                                           pseudonymisation_key, reshape, rules):
                        continue
                    if extract.columns != batch_columns:  # files of other layouts (URSSAF vintages) never mix
                        flush()
                        batch_columns = extract.columns
                    for chunk in _chunks(extract, batch_rows, rules):
                        lines = chunk.line_numbers()
                        batch.append(chunk.frame.assign(partition_key=extract.partition_key, source_file=extract.relative, source_line=lines))
                        reports[extract.partition_key].rows_read += len(chunk.frame) + len(chunk.malformed)
                        if chunk.malformed:
                            _quarantine_malformed(contract, warehouse, conn, extract, chunk.malformed, reports[extract.partition_key])
                        if sum(len(b) for b in batch) >= batch_rows:
                            flush()
                flush()
                exists = table_exists(conn, contract.table)  # once every file is loaded (asked once: a query each time)
                if contract.key and exists:
                    _quarantine_duplicate_keys(contract, warehouse, conn, keys["keys"], reports)
                if contract.history and exists:
                    _quarantine_implausible_changes(contract, warehouse, conn, keys["keys"], reports, rules)
                if not exists:  # every file empty: still create the table
                    empty = _typed_empty(contract, list(files[0].columns)) if files else None
                    if empty is not None:
                        _create_raw(conn, contract, empty, pseudonymisation_key, reshape)
                        exists = True
                if exists:
                    for flag in volume_flags(contract, conn, {f.partition_key: f.relative for f in files}, rules):
                        reports[flag.partition_key].flags.append(flag)
        except StructuralError as exc:
            if not keep_going or len(exc.partitions) != 1 or exc.partitions[0] not in [f.partition_key for f in files]:
                raise
            errors.append((exc.partitions[0], str(exc)))
            files = [f for f in files if f.partition_key != exc.partitions[0]]
            if not files:
                raise StructuralError("\n".join(message for _, message in errors), [key for key, _ in errors],
                                      messages=_relative(errors, extracts_dir)) from None
            continue
        break
    if errors:
        raise StructuralError("\n".join(message for _, message in errors), [key for key, _ in errors],
                              messages=_relative(errors, extracts_dir),
                              reports=[reports[k] for k in partition_keys if k in reports])
    return [reports[k] for k in partition_keys]


def _relative(errors: list[tuple[str, str]], extracts_dir: Path) -> dict[str, str]:
    """Each refused partition's message, its file named from the extracts folder (as reports show it)."""
    return {key: without_folder(message, extracts_dir) for key, message in errors}


def _chunks(extract: _ExtractFile, batch_rows: int, rules: PlausibilityRules):
    try:
        for chunk in iter_chunks(extract.path, list(extract.read_as or extract.columns), batch_rows, extract.fmt,
                                 extract.sheet, rules.max_field_chars):
            if extract.read_as:  # the file's own labels, read as the contract's columns
                chunk.frame.columns = list(extract.columns)
            yield chunk
    except StructuralError as exc:
        raise StructuralError(str(exc), [extract.partition_key]) from None


def ensure_raw_table(contract: ExtractContract, warehouse: Warehouse, pseudonymisation_key: str, reshape: Reshape | None = None) -> None:
    """An empty raw table with the contract's columns, when none exists yet: a source whose files
    all failed still lets the models downstream build (with what the others bring)."""
    with warehouse.begin() as conn:
        if not table_exists(conn, contract.table):
            _create_raw(conn, contract, _typed_empty(contract, contract.required_columns), pseudonymisation_key, reshape)


def _delete(sql: str) -> sa.TextClause:
    return sa.text(sql).bindparams(sa.bindparam("keys", expanding=True))


def _open(contract: ExtractContract, extracts_dir: Path, partition_key: str, rules: PlausibilityRules,
          aliases: Aliases | None = None) -> _ExtractFile:
    path = contract.path_for(extracts_dir, partition_key)
    relative = path.relative_to(extracts_dir).as_posix() if path.is_relative_to(extracts_dir) else str(path)
    if not path.exists():
        raise StructuralError(f"{path}: file not found (expected the {contract.name} extract for {partition_key})")
    if not path.resolve().is_relative_to(extracts_dir.resolve()):
        raise StructuralError(f"{path}: a link to a file outside the extracts folder: refused, never followed")
    size_mb = path.stat().st_size / (1024 * 1024)
    if size_mb > rules.max_file_mb:
        raise StructuralError(f"{path}: refused: {size_mb:.0f} MB, over the limit of {rules.max_file_mb:g} MB "
                              "(max_file_mb in config/plausibility.yaml)")
    fmt = None if is_workbook(path) else detect_format(path)
    sheet = sheet_of(contract, aliases) if is_workbook(path) else None
    header = read_header(path, fmt, sheet, known=frozenset(contract.schema.columns))
    labels = header  # as the file writes them (a workbook's: already read as columns, ingestion.workbook)
    if aliases and aliases.columns and sheet is None:
        header = [aliases.column(h) or h for h in header]
        twice = sorted({h for h in header if h in contract.schema.columns and header.count(h) > 1})
        if twice:
            raise StructuralError(f"{path}: the header names column(s) {', '.join(twice)} more than once (an alias "
                                  "and the column itself, config aliases): which one to read is unknowable")
    if sheet is not None:  # quarantine rows and raw rows name the sheet: file.xlsx#Sheet
        relative = f"{relative}#{sheet.name}"
    missing = [c for c in contract.required_columns if c not in header]
    missing += [f"columns matching {p}" for p in contract.regex_columns if not any(
        h for h in contract.expected_columns(header) if h not in contract.required_columns)]
    if missing:
        raise StructuralError(
            f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(contract.required_columns)}"
            f" ({_describe_header(contract, header)}; separator and encoding are detected automatically)"
        )
    columns = tuple(contract.expected_columns(header))
    read_as = tuple(labels[header.index(c)] for c in columns) if labels != header else None
    return _ExtractFile(partition_key, path, relative, columns, tuple(h for h in header if h not in columns), fmt, sheet,
                        read_as)


def _describe_header(contract: ExtractContract, header: list[str]) -> str:
    """What the first line holds, without echoing it: when it is a data row (an export without its
    header), its cells are personal values, so only the contract's own column names are shown."""
    known = [h for h in header if h in contract.schema.columns or any(re.fullmatch(p, h) for p in contract.regex_columns)]
    if not known:
        return f"the first line has {len(header)} field(s), none of them a column name: an export without its header row?"
    others = len(header) - len(known)
    return f"found {', '.join(known)}" + (f" and {others} other field(s)" if others else "")


def _load_batch(contract: ExtractContract, warehouse: Warehouse, conn: sa.Connection, batch: pd.DataFrame,
                reports: dict[str, IngestionReport], key: str, reshape: Reshape | None, rules: PlausibilityRules,
                words: frozenset[str] = frozenset(), vocabularies: dict[str, list[str]] | None = None) -> None:
    result = validate_batch(contract, batch, rules, vocabularies)
    good = _protect(contract, result.good, key, words)
    if reshape is not None:
        good = reshape(good)
    _ensure_raw(conn, contract.table, good)
    warehouse.insert_frame(conn, contract.table, good)
    for partition_key, n in result.good["partition_key"].value_counts().items():
        reports[partition_key].rows_loaded += int(n)
    failures = result.failures
    if failures.empty:
        return
    rows = failures.assign(source=contract.name)
    warehouse.insert_frame(conn, QUARANTINE_TABLE, rows[["source", *QUARANTINE_COLUMNS]])
    for partition_key, part in failures.groupby("partition_key", sort=False):
        report = reports[partition_key]
        report.rows_quarantined += part["line"].nunique()
        for rule, n in part["rule"].value_counts().items():
            report.failures_by_rule[rule] = report.failures_by_rule.get(rule, 0) + int(n)
        report.examples += part.drop(columns="partition_key").head(max(0, 20 - len(report.examples))).to_dict("records")


def _load_in_warehouse(contract: ExtractContract, warehouse: Warehouse, conn: sa.Connection, extract: _ExtractFile,
                       report: IngestionReport, key: str, reshape: Reshape | None, rules: PlausibilityRules) -> bool:
    """Load a plain file in DuckDB: read, typed, checked, split and pseudonymised by SQL generated
    from the contract (`ingestion.sql_validation`), the same rows as the pandas path. False, with
    nothing written, when the file or the contract is not for this path."""
    if (not warehouse.is_duckdb or reshape is not None or extract.fmt is None
            or extract.path.stat().st_size < sql_validation.MIN_BYTES or not sql_validation.translatable(contract)):
        return False
    layout = reading.plain_layout(extract.path, extract.fmt, rules.max_field_chars)
    con = conn.connection.driver_connection
    columns = list(extract.columns)
    if layout is None or not sql_validation.split(con, contract, extract.path, extract.fmt, layout, columns,
                                                  extract.partition_key, rules):
        return False
    try:
        report.rows_read += len(layout.rows) + len(layout.malformed)
        if layout.malformed:
            _quarantine_malformed(contract, warehouse, conn, extract, layout.malformed, report)
        names, select = sql_validation.valid_rows(con, contract, columns, key, extract.relative)
        amounts = {c: sa.Numeric(38, contract.scale_of(c)) for c in names if c in columns and contract.kind_of(c) == "decimal"}
        _ensure_raw(conn, contract.table, _protect(contract, _typed_empty(contract, columns), key), amounts)
        insert = f"insert into {quote(contract.table)} ({', '.join(map(quote, names))}) {select}"
        report.rows_loaded += con.execute(insert).fetchone()[0]
        failures, literal = sql_validation.FAILURES, sql_validation.literal
        con.execute(f"""insert into {QUARANTINE_TABLE} (source, {", ".join(map(quote, QUARANTINE_COLUMNS))})
                        select {literal(contract.name)}, {literal(extract.partition_key)}, {literal(extract.relative)},
                               line, "column", rule, reason, value from {failures}""")
        report.rows_quarantined += con.execute(f"select count(distinct line) from {failures}").fetchone()[0]
        for rule, n in con.execute(f"select rule, count(*) from {failures} group by rule").fetchall():
            report.failures_by_rule[rule] = report.failures_by_rule.get(rule, 0) + n
        examples = con.execute(f"""select {literal(extract.relative)} as file, line, "column", rule, reason, value
                                   from {failures} order by line, "column" nulls last, rule
                                   limit {max(0, 20 - len(report.examples))}""").df()  # the pandas path's order and types
        report.examples += examples.astype({c: "str" for c in ["file", "column", "rule", "reason", "value"]}).to_dict("records")
    finally:
        sql_validation.drop(con)
    return True


DUPLICATE_KEY_RULE = "duplicate_key"
MALFORMED_RULE = "malformed_row"


def _quarantine_malformed(contract: ExtractContract, warehouse: Warehouse, conn: sa.Connection, extract: _ExtractFile,
                          malformed: list[tuple[int, str]], report: IngestionReport) -> None:
    """Rows the reader could not split into the header's columns: set aside whole, value never shown."""
    rows = pd.DataFrame(
        {
            "source": contract.name,
            "partition_key": extract.partition_key,
            "file": extract.relative,
            "line": [line for line, _ in malformed],
            "column": None,
            "rule": MALFORMED_RULE,
            "reason": [reason for _, reason in malformed],
            "value": None,
        }
    )
    warehouse.insert_frame(conn, QUARANTINE_TABLE, rows)
    report.rows_quarantined += len(rows)
    report.failures_by_rule[MALFORMED_RULE] = report.failures_by_rule.get(MALFORMED_RULE, 0) + len(rows)
    report.examples += rows.drop(columns=["source", "partition_key"]).head(max(0, 20 - len(report.examples))).to_dict("records")


def _quarantine_duplicate_keys(contract: ExtractContract, warehouse: Warehouse, conn: sa.Connection,
                               partition_keys: list[str], reports: dict[str, IngestionReport]) -> None:
    """Move every row whose key another row of the same partition shares into quarantine."""
    table, key = quote(contract.table), [quote(c) for c in contract.key]
    groups = ", ".join(["partition_key", *key])
    same = " and ".join(f"c.{k} {'is not distinct from' if contract._spec(c).nullable else '='} t.{k}"
                        for c, k in zip(contract.key, key))
    duplicates = conn.execute(
        _delete(
            # keys on several rows first (a grouping: cheap when there are none), then their distinct
            # lines: a reshaped extract (URSSAF wide to long) has several rows per line
            f"""with candidates as (
                    select {groups} from {table} where partition_key in :keys
                    group by {groups} having count(*) > 1),
                lines as (
                    select distinct t.partition_key, t.source_file, t.source_line, {", ".join(f"t.{k}" for k in key)}
                    from {table} as t inner join candidates as c on c.partition_key = t.partition_key and {same}),
                counted as (
                    select lines.*, count(*) over (partition by {groups}) as copies from lines)
                select partition_key, source_file, source_line, {", ".join(key)} from counted
                where copies > 1
                order by source_file, source_line"""
        ),
        {"keys": partition_keys},
    ).mappings().all()
    if not duplicates:
        return
    frame = pd.DataFrame(duplicates)
    frame["group"] = frame.groupby(["partition_key", *contract.key], dropna=False).ngroup()
    lines = frame.groupby("group")["source_line"].apply(list)
    rows = pd.DataFrame(
        {
            "source": contract.name,
            "partition_key": frame["partition_key"],
            "file": frame["source_file"],
            "line": frame["source_line"].astype("int64"),
            "column": ", ".join(contract.key),
            "rule": DUPLICATE_KEY_RULE,
            "reason": [
                f"duplicate key ({', '.join(contract.key)}): the same key is also on line(s) "
                + ", ".join(str(n) for n in lines[g] if n != line) + " of this file; fix the export and drop it again"
                for g, line in zip(frame["group"], frame["source_line"])
            ],
            "value": frame[contract.key].astype(str).agg(", ".join, axis=1),
        }
    )
    rows["value"] = masked(contract, rows["column"], rows["value"], rows["partition_key"])
    _move_to_quarantine(contract, warehouse, conn, partition_keys, rows, reports)


def _quarantine_implausible_changes(contract: ExtractContract, warehouse: Warehouse, conn: sa.Connection,
                                    partition_keys: list[str], reports: dict[str, IngestionReport],
                                    rules: PlausibilityRules) -> None:
    changed = implausible_changes(contract, conn, partition_keys, rules)
    if changed.empty:
        return
    column = contract.history["value"]
    rows = pd.DataFrame(
        {
            "source": contract.name,
            "partition_key": changed["partition_key"],
            "file": changed["source_file"],
            "line": changed["source_line"].astype("int64"),
            "column": column,
            "rule": CHANGE_RULE,
            "reason": [
                f"{column} moved by more than {rules.value_max_change_pct:g} % from partition {p} "
                f"({_plain_number(previous)}): check the value, fix the file and drop it again, or raise the threshold"
                for p, previous in zip(changed["previous_partition"], changed["previous"])
            ],
            "value": changed["value"].map(_plain_number),
        }
    )
    rows["value"] = masked(contract, rows["column"], rows["value"], rows["partition_key"])
    _move_to_quarantine(contract, warehouse, conn, partition_keys, rows, reports)


def _plain_number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value}"


def _move_to_quarantine(contract: ExtractContract, warehouse: Warehouse, conn: sa.Connection, partition_keys: list[str],
                        rows: pd.DataFrame, reports: dict[str, IngestionReport]) -> None:
    """Insert `rows` (quarantine columns) and delete the raw rows they name (file and line)."""
    table = quote(contract.table)
    warehouse.insert_frame(conn, QUARANTINE_TABLE, rows)
    for rule in rows["rule"].unique():
        conn.execute(
            _delete(
                f"""delete from {table} where partition_key in :keys and exists (
                        select 1 from {QUARANTINE_TABLE} as q
                        where q.source = :source and q.rule = :rule
                          and q.file = {table}.source_file and q.line = {table}.source_line)"""
            ),
            {"keys": partition_keys, "source": contract.name, "rule": str(rule)},
        )
    for (partition_key, rule), part in rows.groupby(["partition_key", "rule"]):
        report = reports[partition_key]
        report.rows_loaded -= len(part)
        report.rows_quarantined += len(part)
        report.failures_by_rule[rule] = report.failures_by_rule.get(rule, 0) + len(part)
        report.examples += part.drop(columns=["source", "partition_key"]).head(max(0, 20 - len(report.examples))).to_dict("records")


def _protect(contract: ExtractContract, frame: pd.DataFrame, key: str, words: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Apply each personal column's treatment, and scrub the free text a figure needs
    (`ingestion.scrub`, with the words of the frame's personal columns): nothing personal leaves
    this function in clear."""
    out = frame.copy()
    scrubbed = [c for c in out.columns if contract.text_kind(c) == "scrub"]
    if scrubbed:
        words = words | personal_words(out[c] for c in out.columns if _lends_words(contract, c))
        for column in scrubbed:
            out[column] = scrub_column(out[column], words)
    for column in list(out.columns):
        treatment = contract.personal(column)
        if treatment == "drop":
            out = out.drop(columns=column)
        elif treatment == "pseudonymise":
            out[column] = pseudonymise(out[column], key)
        elif treatment == "month":
            out[column] = out[column].dt.to_period("M").dt.to_timestamp()
    return out


def _lends_words(contract: ExtractContract, column: str) -> bool:
    """Whether the words of `column` are masked in free text: a person's names, ids, contacts."""
    return contract.personal(column) in ("drop", "pseudonymise") and contract.kind_of(column) == "str"


def _sibling_words(contract: ExtractContract, extract: _ExtractFile, siblings: Sequence[ExtractContract]) -> frozenset[str]:
    """The words of the personal columns of the other registers of `extract`'s workbook (read once
    per load: `ingestion.workbook` keeps the workbook's sheets); a register it lacks lends none."""
    if not any(contract.text_kind(c) == "scrub" for c in extract.columns):
        return frozenset()
    words: set[str] = set()
    for sibling in siblings:
        sheet = sheet_of(sibling)
        if extract.sheet is None or sheet is None or sheet.name == extract.sheet.name:
            continue
        lending = [c for c in sibling.required_columns if _lends_words(sibling, c)]
        try:
            header = set(read_header(extract.path, None, sheet))
            present = tuple(c for c in lending if c in header)
            if present:
                words |= _lent_words(file_key(extract.path), extract.path, sheet, present)
        except StructuralError:
            continue
    return frozenset(words)


@functools.lru_cache(maxsize=8192)  # every (monthly workbook, lending register) of a backfill: 84 x 17 fit
def _lent_words(key: tuple, path: Path, sheet, columns: tuple[str, ...]) -> frozenset[str]:
    """The personal words of `columns` of one register of one workbook version (`key`): computed
    once, though every register of the workbook that scrubs free text borrows them."""
    return personal_words(frame[c] for _, frame, _ in workbook_blocks(path, sheet, list(columns)) for c in columns)


def _typed_empty(contract: ExtractContract, columns: list[str]) -> pd.DataFrame:
    dtypes = {"date": "datetime64[ns]", "int": "Int64", "float": "Float64", "decimal": "object", "str": "str"}
    # the order of a loaded batch's columns (ingestion.validation: partition first, file and line last)
    return pd.DataFrame({"partition_key": pd.Series(dtype="str"),
                         **{c: pd.Series(dtype=dtypes[contract.kind_of(c)]) for c in columns},
                         "source_file": pd.Series(dtype="str"), "source_line": pd.Series(dtype="int64")})


def _create_raw(conn: sa.Connection, contract: ExtractContract, empty: pd.DataFrame, key: str, reshape: Reshape | None) -> None:
    frame = _protect(contract, empty, key)
    _ensure_raw(conn, contract.table, reshape(frame) if reshape is not None else frame)


def _ensure_raw(conn: sa.Connection, table: str, frame: pd.DataFrame, types: dict | None = None) -> None:
    create_if_absent(conn, table, lambda c: create_table_for(c, table, frame, types))

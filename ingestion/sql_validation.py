"""Validation where the data is: a plain extract read, typed, checked and split into valid and
quarantined rows by DuckDB, with SQL generated from the extract's pandera contract.

The pandera schema stays the single source of the contract. Its built-in checks are translated
here (`check_sql`); a custom check carries its SQL twin in `statistics["sql"]`, next to its
definition (`schemas/common.py`, `schemas/territory.py`). The verdicts are the pandas path's
(`ingestion.parsing`, `ingestion.validation`) cell for cell: cells stripped as `str.strip` does,
dd/mm/yyyy dates as pandas reads them (or ISO ones), numbers as `pd.to_numeric` reads them after
the decimal comma and the spaces of thousands, exact amounts; one failure row per cell and rule,
named as pandera names it, with the same reason and the same value, masked as
`ingestion.disclosure` says. `tests/test_validation_paths.py` holds both paths to the same raw and quarantine tables.

Which files: in a DuckDB warehouse, the plain files of `ingestion.reading` (one record per line,
no quoting; its line index says which lines are rows and which are set aside) of at least
MIN_BYTES whose contract translates whole. The pandas path keeps the rest: small files (batched
together there), PostgreSQL, quoted files, workbooks, Windows-1252 files with bytes DuckDB's
latin-1 reader refuses (0x80 to 0x9F: €, ’, œ), a contract with a custom check without a twin,
free text to scrub or a reshape, and a file holding an amount too large for its column's precision (pandera's coercion
failures are not reproduced here).
"""
from __future__ import annotations

import mmap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ingestion.ages import AGE_RULE, age_reason, age_sql
from ingestion.contract import ExtractContract
from ingestion.plausibility import DATE_AFTER_RULE, DATE_BEFORE_RULE, PlausibilityRules, export_window
from ingestion.pseudonymise import pseudonymise
from ingestion.reading import TextFormat, PlainLayout, read_header
from ingestion.scrub import PERSONAL_IN_TEXT_REASON, PERSONAL_IN_TEXT_RULE, holds_contact
from ingestion.validation import MASK, date_reason, masked, rule_reason, type_reason
from warehouse.engine import quote

# Smaller files take the pandas path, which validates many of them in one batch: SQL costs tens of
# milliseconds a file (a year's run reads hundreds of small monthly files) and pays from about
# 10 MB (a 24 MB file: 2.3 s of CPU instead of 3.6; 83 MB: 9 s instead of 13).
MIN_BYTES = 8 * 1024 * 1024
TYPED = "_ingest_typed"  # temp tables of one file: typed rows, then one row per failure
FAILURES = "_ingest_failures"
_LINES, _PSEUDONYMS = "_ingest_lines", "_ingest_pseudonyms"  # data frames registered for a statement

WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())  # what str.strip() removes
_FRENCH_DATE = r"(3[01]|[12][0-9]|0[1-9]|[1-9])/(1[0-2]|0[1-9]|[1-9])/[0-9]{4}"  # pandas' %d/%m/%Y
_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}( 00:00:00)?"
_NUMBER = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"  # what pd.to_numeric reads
_INFINITY = r"(?i)[+-]?inf(inity)?"
_DATES = ("1677-09-22", "2262-04-11")  # datetime64[ns]'s whole days


def literal(value) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def check_sql(check, column: str) -> str | None:
    """A pandera column check as a SQL condition on `column` (a quoted name), true where a present
    value passes; None for a custom check without a SQL twin (`statistics["sql"]`)."""
    s, c = check.statistics or {}, column
    if "sql" in s:
        return s["sql"].format(column=c)
    low, high = s.get("min_value"), s.get("max_value")
    if not all(isinstance(v, (int, float)) for v in (low, high) if v is not None):
        return None  # a bound that is not a number (a date...): not translated
    return {
        "isin": lambda: f"{c} in ({', '.join(map(literal, s['allowed_values']))})",
        "notin": lambda: f"{c} not in ({', '.join(map(literal, s['forbidden_values']))})",
        "str_matches": lambda: f"regexp_matches({c}, {literal('^(?:' + s['pattern'] + ')')})",  # re.match: at the start
        "greater_than_or_equal_to": lambda: f"{c} >= {low!r}",
        "greater_than": lambda: f"{c} > {low!r}",
        "less_than_or_equal_to": lambda: f"{c} <= {high!r}",
        "less_than": lambda: f"{c} < {high!r}",
        "in_range": lambda: (f"{c} {'>=' if s.get('include_min', True) else '>'} {low!r} and "
                             f"{c} {'<=' if s.get('include_max', True) else '<'} {high!r}"),
    }.get(check.name, lambda: None)()


def row_check_sql(check) -> str | None:
    """A schema-level (row) check's SQL twin: a condition on the row's columns, true where it passes."""
    return (check.statistics or {}).get("sql")


def translatable(contract: ExtractContract) -> bool:
    """Whether every rule of `contract` has a SQL translation (else the pandas path validates it)."""
    schema = contract.schema
    if schema.unique or any(c.unique for c in schema.columns.values()):
        return False
    if any(contract.text_kind(name) == "scrub" for name in schema.columns):
        return False  # free text is scrubbed by ingestion.scrub, in Python
    for name, column in schema.columns.items():
        kind = contract.kind_of(name)
        if (kind == "decimal" and contract.scale_of(name) is None) or (kind == "str" and "str" not in str(column.dtype)):
            return False  # an amount of any scale, or a column pandera would coerce from text (bool, category...)
        if any(check_sql(check, "x") is None or not check.ignore_na for check in column.checks):
            return False
    return all(row_check_sql(check) and (check.statistics or {}).get("columns") for check in schema.checks)


@dataclass(frozen=True)
class _Rule:
    """One way a row fails: `fails` a SQL condition on the typed row, `value` what quarantine shows."""
    column: str | None
    rule: str
    reason: str
    fails: str
    value: str


def duckdb_encoding(path: Path, fmt: TextFormat) -> str | None:
    """The encoding DuckDB's CSV reader reads the file in, or None when it cannot: Windows-1252
    is read as latin-1, which it equals but for bytes 0x80 to 0x9F (DuckDB refuses them)."""
    if fmt.encoding in ("utf-8", "utf-8-sig"):
        return "utf-8"
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        c1 = any(data.find(bytes([b])) >= 0 for b in range(0x80, 0xA0))
    return None if c1 else "latin-1"


def edge_spaces(path: Path, fmt: TextFormat) -> bool:
    """Whether a cell of the file starts or ends with white space (`str.strip` would change it):
    an encoded white space character right after a separator or a line's start, or right before a
    separator or a line's end, found by numpy block by block. When no cell does, the SQL strips
    none (stripping every cell was two thirds of its time)."""
    separator = ord(fmt.separator)
    forms = []
    for c in WHITESPACE:
        try:
            forms.append(np.frombuffer(c.encode(fmt.encoding.replace("-sig", "")), dtype=np.uint8))
        except UnicodeEncodeError:
            continue
    forms = [f for f in forms if len(f) > 1 or f[0] not in (10, 13, separator)]  # never inside a cell of a plain file
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return _scan_edges(np.frombuffer(data, dtype=np.uint8), separator, forms)


def _scan_edges(whole: np.ndarray, separator: int, forms: list[np.ndarray]) -> bool:
    size = len(whole)
    bounds, singles = np.zeros(256, dtype=bool), np.zeros(256, dtype=bool)
    bounds[[10, 13, separator]] = True  # a carriage return only ends a line in a plain file
    singles[[f[0] for f in forms if len(f) == 1]] = True
    longer = [f for f in forms if len(f) > 1]
    assert all(f[0] <= 32 or f[0] >= 0x80 for f in forms)

    def at_an_edge(at: np.ndarray, n: int) -> bool:
        if not len(at):
            return False
        starting = (at == 0) | bounds[whole[np.maximum(at - 1, 0)]]
        ending = (at + n == size) | bounds[whole[np.minimum(at + n, size - 1)]]
        return bool((starting | ending).any())

    for start in range(0, size, 1 << 23):
        block = whole[start : start + (1 << 23)]
        candidates = np.flatnonzero((block <= 32) | (block >= 0x80)) + start  # where white space may begin
        firsts = whole[candidates]
        if at_an_edge(candidates[singles[firsts]], 1):
            return True
        high = candidates[firsts >= 0x80]
        leads = whole[high]
        for form in longer:
            at = high[(leads == form[0]) & (high + len(form) <= size)]
            for k in range(1, len(form)):
                at = at[whole[at + k] == form[k]]
            if at_an_edge(at, len(form)):
                return True
    return False


def split(con, contract: ExtractContract, path: Path, fmt: TextFormat, layout: PlainLayout, columns: list[str],
          partition_key: str, rules: PlausibilityRules) -> bool:
    """Read the rows of `layout` into the temp table TYPED (`line`, `partition_key`, the typed
    `columns`) and their failures into FAILURES (line, column, rule, reason, value), on DuckDB
    connection `con`. False, with nothing left behind, when the file is not for this path."""
    encoding = duckdb_encoding(path, fmt)
    if encoding is None or not len(layout.rows):
        return False
    header = read_header(path, fmt)
    wanted = [header.index(c) for c in columns]
    lengths = layout.lengths
    read = np.flatnonzero(lengths[1:] > 0) + 2  # the lines DuckDB reads: all but the header and empty ones
    con.register(_LINES, pd.DataFrame({"n": np.searchsorted(read, layout.rows) + 1, "line": layout.rows}))
    length = "strlen" if encoding == "utf-8" else "length"  # characters are bytes in latin-1
    width = len(header)
    spec = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    csv = (f"read_csv({literal(path)}, delim={literal(fmt.separator)}, quote='', escape='', header=false, skip=1, "
           f"auto_detect=false, strict_mode=false, null_padding=true, encoding={literal(encoding)}, "
           f"max_line_size={4 * int(lengths.max()) + 16}, columns={{{spec}}})")  # measured in UTF-8 bytes
    raw = ", ".join(f"c{i} as _raw_{j}" for j, i in enumerate(wanted))
    line_length = " + ".join(f"{length}(coalesce(c{i}, ''))" for i in range(width)) + f" + {width - 1}"
    cells = (f"select m.line, {raw}, {line_length} as _length "
             f"from (select row_number() over () as _n, * from {csv}) as r join {_LINES} as m on m.n = r._n")
    strip = edge_spaces(path, fmt)
    texts = ", ".join(f"{_stripped(f'_raw_{j}') if strip else f'_raw_{j}'} as _text_{j}" for j in range(len(columns)))
    parsed = "".join(f", {_parsed(contract, c, j)}" for j, c in enumerate(columns) if contract.kind_of(c) != "str")
    typed = ", ".join(f"{_typed(contract, c, j)} as {quote(c)}" for j, c in enumerate(columns))
    shown = "".join(f", _raw_{j}, _text_{j}" for j, c in enumerate(columns) if contract.kind_of(c) != "str")  # failures show them
    try:
        con.execute(f"""create or replace temp table {TYPED} as
            select line, {literal(partition_key)} as partition_key, {typed}, _length{shown}
            from (select *{parsed} from (select *, {texts} from ({cells})))""")
    finally:
        con.unregister(_LINES)
    found = con.execute(f"select count(*), coalesce(sum(line * _length), 0) from {TYPED}").fetchone()
    expected = (len(layout.rows), int(np.dot(layout.rows, lengths[layout.rows - 1])))
    # DuckDB did not read the lines the line index says (checked by their lengths), or an amount
    # is beyond what pandera coerces: the pandas path takes the file
    if tuple(found) != expected or _too_large(con, contract, columns):
        drop(con)
        return False
    failures = _rules(contract, columns, partition_key, rules)
    selects = [f"select line, {literal(r.column) if r.column else 'null'} as \"column\", {literal(r.rule)} as rule, "
               f"{literal(r.reason)} as reason, {r.value} as value from {TYPED} where {r.fails}" for r in failures]
    con.execute(f"create or replace temp table {FAILURES} as "
                + (" union all ".join(selects) if selects else "select 0::bigint as line, null::varchar as \"column\", "
                   "null::varchar as rule, null::varchar as reason, null::varchar as value where false"))
    _contacts(con, contract, columns)
    _mask(con, contract, partition_key)
    return True


_CONTACTS = "_ingest_contacts"


def _contacts(con, contract: ExtractContract, columns: list[str]) -> None:
    """Add to FAILURES the rows whose identifier or label holds a phone, an e-mail or a NIR: the
    pandas path's rule (`ingestion.scrub.holds_contact`), applied to each distinct value."""
    for column in columns:
        if contract.text_kind(column) not in ("id", "label"):
            continue
        q = quote(column)
        distinct = con.execute(f"select distinct {q} as value from {TYPED} where {q} is not null").df()["value"]
        bad = distinct[holds_contact(distinct)]
        if bad.empty:
            continue
        con.register(_CONTACTS, pd.DataFrame({"value": bad.astype(str)}))
        try:
            con.execute(f"insert into {FAILURES} select line, {literal(column)}, {literal(PERSONAL_IN_TEXT_RULE)}, "
                        f"{literal(PERSONAL_IN_TEXT_REASON)}, {literal(MASK)} from {TYPED} "
                        f"where {q} in (select value from {_CONTACTS})")
        finally:
            con.unregister(_CONTACTS)


_SHOWN = "_ingest_shown"


def _mask(con, contract: ExtractContract, partition_key: str) -> None:
    """Mask in FAILURES every value a quarantine row may not show: the pandas path's rule
    (`ingestion.disclosure`), applied by the same function to each distinct (column, value)."""
    cases = con.execute(f'select distinct "column", value from {FAILURES} where value is not null').df()
    if cases.empty:
        return
    cases["shown"] = masked(contract, cases["column"], cases["value"], pd.Series(partition_key, index=cases.index))
    hidden = cases[cases["shown"] != cases["value"]]
    if hidden.empty:
        return
    con.register(_SHOWN, hidden[["column", "value", "shown"]].astype(str))
    try:
        con.execute(f'update {FAILURES} as f set value = s.shown from {_SHOWN} as s '
                    f'where f."column" is not distinct from s."column" and f.value = s.value')
    finally:
        con.unregister(_SHOWN)


def valid_rows(con, contract: ExtractContract, columns: list[str], key: str, relative: str) -> tuple[list[str], str]:
    """(raw table columns, the select of TYPED's valid rows in that order): personal columns
    treated as `ingestion.load._protect` does (dropped, pseudonymised, reduced to their month).
    Pseudonyms are `ingestion.pseudonymise`'s, computed once per distinct value (a temp table of
    value and pseudonym per column, joined): faster than HMAC in SQL, once per row."""
    names, values, joins = ["partition_key"], ["partition_key"], []
    for j, column in enumerate(columns):
        treatment, q = contract.personal(column), quote(column)
        if treatment == "drop":
            continue
        if treatment == "pseudonymise":
            table = f"_ingest_pseudonyms_{j}"
            distinct = con.execute(f"select distinct {q} as value from {TYPED} where {q} is not null").df()["value"]
            con.register(_PSEUDONYMS, pd.DataFrame({"value": distinct, "pseudonym": pseudonymise(distinct, key)}))
            con.execute(f"create or replace temp table {table} as select * from {_PSEUDONYMS}")
            con.unregister(_PSEUDONYMS)
            joins.append(f"left join {table} on {table}.value = {TYPED}.{q}")
            q = f"{table}.pseudonym"
        elif treatment == "month":
            q = f"date_trunc('month', {q})::date"
        names.append(column)
        values.append(q)
    names += ["source_file", "source_line"]
    values += [literal(relative), "line"]
    return names, f"select {', '.join(values)} from {TYPED} {' '.join(joins)} anti join {FAILURES} using (line)"


def drop(con) -> None:
    """Drop the temp tables of a file (TYPED, FAILURES, pseudonyms)."""
    temporary = "select table_name from duckdb_tables() where temporary and starts_with(table_name, '_ingest_')"
    for (name,) in con.execute(temporary).fetchall():
        con.execute(f"drop table {quote(name)}")


_SPACE = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE) + "]"


def _stripped(cell: str) -> str:
    """The cell as `str.strip` leaves it, NULL when empty (DuckDB reads an empty cell as NULL)."""
    return (f"case when regexp_matches({cell}, {literal(f'^{_SPACE}|{_SPACE}$')}) "
            f"then nullif(regexp_replace({cell}, {literal(f'^{_SPACE}+|{_SPACE}+$')}, '', 'g'), '') else {cell} end")


def _cleaned(text: str) -> str:
    """A number's text as `ingestion.parsing` cleans it: spaces of thousands out, decimal comma to point."""
    for space in ("\u00a0", "\u202f", " "):
        text = f"replace({text}, {literal(space)}, '')"
    return f"replace({text}, ',', '.')"


def _parsed(contract: ExtractContract, column: str, j: int) -> str:
    """What the typing of a column that is not text starts from: a date as read (`_date_j`), a
    number's cleaned text (`_number_j`)."""
    text = f"_text_{j}"
    if contract.kind_of(column) == "date":
        return (f"case when regexp_full_match({text}, {literal(_FRENCH_DATE)}) then try_strptime({text}, '%d/%m/%Y')::date "
                f"when regexp_full_match({text}, {literal(_ISO_DATE)}) then try_strptime(left({text}, 10), '%Y-%m-%d')::date "
                f"end as _date_{j}")
    return f"{_cleaned(text)} as _number_{j}"


def _typed(contract: ExtractContract, column: str, j: int) -> str:
    """The typed value of column `column` (the file's j-th of the contract), NULL when its cell is
    empty or does not parse."""
    kind, text, number = contract.kind_of(column), f"_text_{j}", f"_number_{j}"
    if kind == "str":
        return text
    if kind == "date":
        return f"case when _date_{j} between DATE {literal(_DATES[0])} and DATE {literal(_DATES[1])} then _date_{j} end"
    if kind == "decimal":
        scale = contract.scale_of(column)
        amount = r"[+-]?[0-9]+(\.[0-9]{0,%d})?" % scale  # as ingestion.parsing reads an amount
        return (f"case when regexp_full_match({number}, {literal(amount)}) "
                f"then try_cast({number} as decimal(38, {scale})) end")
    if kind == "float":
        return (f"case when regexp_full_match({number}, {literal(_NUMBER)}) or regexp_full_match({number}, {literal(_INFINITY)}) "
                f"then try_cast({number} as double) end")
    # a whole number: exact when written as one, else a number with no fraction (1,0 or 1e3)
    double = f"case when regexp_full_match({number}, {literal(_NUMBER)}) then try_cast({number} as double) end"
    return (f"case when regexp_full_match({number}, '[+-]?[0-9]+') then try_cast({number} as bigint) "
            f"when isfinite({double}) and {double} = trunc({double}) then try_cast({double} as bigint) end")


def _shown(contract: ExtractContract, column: str, j: int) -> str:
    """A present typed value as pandera's failure case shows it (`str` of the pandas value; an
    amount with its column's decimals)."""
    kind, q = contract.kind_of(column), quote(column)
    if contract.personal(column):
        return literal(MASK)
    if kind == "date":
        return f"strftime({q}, '%Y-%m-%d %H:%M:%S')"
    return f"{q}::varchar"


def _rules(contract: ExtractContract, columns: list[str], partition_key: str, rules: PlausibilityRules) -> list[_Rule]:
    """Every failure the pandas path reports, as SQL: typing, date outside the file's month,
    missing required values, each column check, each row check."""
    out = []
    for j, column in enumerate(columns):
        kind, spec, q = contract.kind_of(column), contract._spec(column), quote(column)
        raw = literal(MASK) if contract.personal(column) else f"_raw_{j}"
        if kind != "str":
            out.append(_Rule(column, f"type:{kind}", type_reason(kind), f"_text_{j} is not null and {q} is null", raw))
        outside = "false"  # the pandas path reports no rule of the schema on a cell that failed before it
        if column == contract.date_column and contract.partitioning == "month":
            first, last = export_window(contract, partition_key, rules)
            before, after = f"{q} < DATE {literal(first.strftime('%Y-%m-%d'))}", f"{q} > DATE {literal(last.strftime('%Y-%m-%d'))}"
            outside = f"({before} or {after})"
            first_year = rules.first_year(contract.source)
            out.append(_Rule(column, DATE_BEFORE_RULE, date_reason(column, DATE_BEFORE_RULE, first_year, rules), before, raw))
            out.append(_Rule(column, DATE_AFTER_RULE, date_reason(column, DATE_AFTER_RULE, first_year, rules), after, raw))
        if not spec.nullable:
            out.append(_Rule(column, "not_nullable", rule_reason("not_nullable"), f"{q if kind == 'str' else f'_text_{j}'} is null",
                             literal(MASK) if contract.personal(column) else "null"))
        for check in spec.checks:
            rule = check.error if check.error is not None else check.name  # pandera's name for it
            out.append(_Rule(column, rule, rule_reason(rule), f"{q} is not null and not ({check_sql(check, q)}) and not {outside}",
                             _shown(contract, column, j)))
    age = age_sql(contract, rules.ages, quote)
    if age is not None and all(c in columns for c in (contract.schema.metadata["age"]["birth"], contract.schema.metadata["age"]["at"])):
        birth = contract.schema.metadata["age"]["birth"]
        out.append(_Rule(birth, AGE_RULE, age_reason(contract, rules.ages), age, literal(MASK) if contract.personal(birth)
                         else f"_raw_{columns.index(birth)}"))
    for check in contract.schema.checks:
        named = list(check.statistics["columns"])
        shown = " || ', ' || ".join(_shown(contract, c, columns.index(c)) for c in named)
        out.append(_Rule(", ".join(named), check.name, check.description or f"fails rule {check.name}",
                         f"not ({row_check_sql(check)})", shown))
    return out


def _too_large(con, contract: ExtractContract, columns: list[str]) -> bool:
    """Whether an amount has more digits than its column's precision: pandera's coercion fails
    there in ways of its own, which the pandas path reports."""
    limits = [f"abs({quote(c)}) >= 1e{contract._spec(c).dtype.precision - contract.scale_of(c)}"
              for c in columns if contract.kind_of(c) == "decimal"]
    return bool(limits) and con.execute(f"select count(*) from {TYPED} where {' or '.join(limits)}").fetchone()[0] > 0

"""What a quarantine row may show of the value it set aside: decided by the column and by the value.

Belongs here: the one rule both validation paths (`ingestion.validation`, `ingestion.sql_validation`)
and the load's own quarantine rules (`ingestion.load`: duplicate keys, implausible changes) apply to
every value before it is written. Not here: which rule failed or why.

A value is shown only when its column is declared non-personal AND the value has the column's
expected shape: a code from its list (or matching its pattern), a plain number of at most
`MAX_NUMBER_DIGITS` digits, a date within `DATE_SHOWN_YEARS` years of its file's partition, a
technical identifier that cannot be a phone or a social-security number. Anything else is masked:
a phone typed into a date column, a birth date shifted under `sexe`, a name typed in an event title.
A quarantine row that names several columns (a row rule, a composite key) shows its values joined by
", ", each judged with its own column.
"""
from __future__ import annotations

import re

from ingestion.contract import ExtractContract

MASK = "***"
DATE_SHOWN_YEARS = 2  # a date further from its file's year may be a birth date: masked
MAX_NUMBER_DIGITS = 8  # a phone (10 digits) or a social-security number (13-15) is never a count
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
_DATE_FR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})( 00:00:00)?")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]{0,31}")
_LONG_DIGITS = re.compile(r"\d{8,}")


def shown(contract: ExtractContract, column: str | None, value: str | None, partition_key: str) -> str | None:
    """`value` as a quarantine row may show it: itself, or MASK (None stays None)."""
    if value is None or column is None:  # nothing to show; a personal column's row says so with MASK all the same
        return MASK if column is not None and any(contract.personal(c) for c in column.split(", ")) else value
    columns = column.split(", ")
    parts = value.split(", ") if len(columns) > 1 else [value]
    if len(parts) != len(columns):
        return MASK
    return ", ".join(p if has_shape(contract, c, p, partition_key) else MASK for c, p in zip(columns, parts))


def has_shape(contract: ExtractContract, column: str, value: str, partition_key: str) -> bool:
    """Whether `value` (as text) is non-personal and has `column`'s expected shape."""
    try:
        spec = contract._spec(column)
    except StopIteration:
        return False
    if contract.personal(column) or value == MASK:
        return False
    text = value.strip()
    kind = contract.kind_of(column)
    if kind == "date":
        return _date_near(text, int(partition_key[:4]))
    if kind in ("int", "float", "decimal"):
        cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
        return bool(_NUMBER.fullmatch(cleaned)) and sum(c.isdigit() for c in cleaned) <= MAX_NUMBER_DIGITS
    for check in spec.checks:
        statistics = check.statistics or {}
        if check.name == "isin":
            return text in set(map(str, statistics["allowed_values"]))
        if check.name == "str_matches":
            return bool(re.match(statistics["pattern"], text)) and not _LONG_DIGITS.search(text)
    if (spec.metadata or {}).get("text") == "id":
        return bool(_ID.fullmatch(text)) and not _LONG_DIGITS.search(text)
    return False  # a label or free text: its shape says nothing of what it holds


def _date_near(text: str, year: int) -> bool:
    match = _DATE_FR.fullmatch(text) or _DATE_ISO.fullmatch(text)
    if match is None:
        return False
    found = int(match.group(3) if match.re is _DATE_FR else match.group(1))
    return abs(found - year) <= DATE_SHOWN_YEARS

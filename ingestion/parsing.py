"""Typing text cells the French way: dd/mm/yyyy dates, decimal commas, spaces as thousands.

Amounts of a `decimal` column (money) become `decimal.Decimal` values, exactly as written: never a
float, and a cell with more decimals than the column's scale fails rather than being rounded.

A cell that is not empty but cannot be read as its column's type becomes a row-level failure with
rule `type:<kind>`; the rest of the row's cells are still parsed.
"""
from __future__ import annotations

from decimal import Decimal

import pandas as pd

_SPACES = ["\u00a0", "\u202f", " "]


def parse_column(text: pd.Series, kind: str, scale: int | None = None) -> tuple[pd.Series, pd.Series]:
    """Return (typed values, mask of cells that were not empty but failed to parse). `scale`: the
    most decimals a `decimal` cell may have (None: any)."""
    stripped = text.astype(str).str.strip()
    empty = stripped.eq("")
    if kind == "str":
        return stripped.mask(empty), pd.Series(False, index=text.index)
    if kind == "decimal":
        return _parse_decimals(stripped, empty, scale)
    if kind == "date":
        values = _parse_dates(stripped.mask(empty))
    else:
        cleaned = stripped
        for space in _SPACES:
            cleaned = cleaned.str.replace(space, "", regex=False)
        cleaned = cleaned.str.replace(",", ".", regex=False)
        numbers = pd.to_numeric(cleaned.mask(empty), errors="coerce")
        if kind == "int":
            whole = numbers.notna() & (numbers % 1 == 0)
            numbers = numbers.where(whole)
            values = numbers.astype("Int64")
        else:
            values = numbers.astype("Float64")
    failed = values.isna() & ~empty
    return values, failed


_ISO_DATE = r"\d{4}-\d{2}-\d{2}(?: 00:00:00)?"  # a date, or a date-time at midnight (workbook cells)


def _parse_dates(text: pd.Series) -> pd.Series:
    """dd/mm/yyyy, or yyyy-mm-dd; the whole cell or nothing: `2025-03-05 garbage` is not a date."""
    french = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    iso_text = text.where(text.str.fullmatch(_ISO_DATE, na=False)).str.slice(0, 10)
    iso = pd.to_datetime(iso_text, format="%Y-%m-%d", errors="coerce")
    return french.fillna(iso).astype("datetime64[ns]")


def _parse_decimals(stripped: pd.Series, empty: pd.Series, scale: int | None) -> tuple[pd.Series, pd.Series]:
    cleaned = stripped
    for space in _SPACES:
        cleaned = cleaned.str.replace(space, "", regex=False)
    cleaned = cleaned.str.replace(",", ".", regex=False)
    decimals = "*" if scale is None else "{0,%d}" % scale
    valid = cleaned.str.fullmatch(r"[-+]?\d+(\.\d%s)?" % decimals) & ~empty
    values = pd.Series([Decimal(v) if ok else None for v, ok in zip(cleaned, valid)], index=stripped.index, dtype=object)
    return values, ~valid & ~empty

"""Typing text cells the French way: dd/mm/yyyy dates, decimal commas, spaces as thousands.

A cell that is not empty but cannot be read as its column's type becomes a row-level failure with
rule `type:<kind>`; the rest of the row's cells are still parsed.
"""
from __future__ import annotations

import pandas as pd

_SPACES = ["\u00a0", "\u202f", " "]


def parse_column(text: pd.Series, kind: str) -> tuple[pd.Series, pd.Series]:
    """Return (typed values, mask of cells that were not empty but failed to parse)."""
    stripped = text.astype(str).str.strip()
    empty = stripped.eq("")
    if kind == "str":
        return stripped.mask(empty), pd.Series(False, index=text.index)
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

"""Typing text cells the French way: dd/mm/yyyy dates, decimal commas, spaces as thousands.

Amounts of a `decimal` column (money) become `decimal.Decimal` values, exactly as written: never a
float, and a cell with more decimals than the column's scale fails rather than being rounded.

A cell that is not empty but cannot be read as its column's type becomes a row-level failure with
rule `type:<kind>`; the rest of the row's cells are still parsed.
"""
from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pandas as pd

_SPACES = ["\u00a0", "\u202f", " "]


def parse_column(text: pd.Series, kind: str, scale: int | None = None) -> tuple[pd.Series, pd.Series]:
    """Return (typed values, mask of cells that were not empty but failed to parse). `scale`: the
    most decimals a `decimal` cell may have (None: any).

    Vectorised for millions of rows: a text column is stripped only if one of its cells needs it;
    the other kinds are parsed once per distinct cell (dates, codes and counts repeat a lot)."""
    text = text.astype(str)
    if kind == "str":
        stripped = strip(text)
        return stripped.mask(_empty(stripped)), pd.Series(False, index=text.index)
    codes, uniques = pd.factorize(np.asarray(text, dtype=object), use_na_sentinel=False)
    values, failed = _parse_distinct(pd.Series(uniques, dtype=object).astype(str), kind, scale)
    return (pd.Series(values.array.take(codes), index=text.index, name=text.name),
            pd.Series(failed.to_numpy().take(codes), index=text.index, name=text.name))


_EDGE_SPACE = re.compile(r"\x00\s")  # a cell starting with white space, cells joined by NUL


def strip(text: pd.Series) -> pd.Series:
    """`text.str.strip()`, skipped when no cell starts or ends with white space (the common case:
    one scan of the joined cells instead of a Python call per cell)."""
    try:  # the cells as they are stored (no copy); a missing one (NaN) is no text
        joined = "\x00" + "\x00".join(text.to_numpy()) + "\x00"
    except TypeError:
        joined = "\x00" + "\x00".join(text.dropna().tolist()) + "\x00"
    if _EDGE_SPACE.search(joined) or _EDGE_SPACE.search(joined[::-1]):
        return text.str.strip()
    return text


def _empty(text: pd.Series) -> np.ndarray:
    """`text.eq("")` as an array, compared on the stored cells (a missing cell is not empty): a
    national extract has millions of text cells, and pandas' comparison costs four times more."""
    try:
        empty = text.to_numpy() == ""
    except TypeError:  # a missing value that refuses comparison (pd.NA)
        empty = None
    if not isinstance(empty, np.ndarray) or empty.dtype != bool:
        return text.eq("").fillna(False).to_numpy(dtype=bool)
    return empty


def _parse_distinct(text: pd.Series, kind: str, scale: int | None) -> tuple[pd.Series, pd.Series]:
    stripped = text.str.strip()
    empty = stripped.eq("")
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
            whole = numbers.notna() & (numbers % 1 == 0) & (numbers.abs() < 2**63)  # beyond int64: not a count
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
    others = text.where(french.isna())  # the ISO form is tried on the cells that are not French dates only
    iso_text = others.where(others.str.fullmatch(_ISO_DATE, na=False)).str.slice(0, 10)
    iso = pd.to_datetime(iso_text, format="%Y-%m-%d", errors="coerce")
    dates = french.fillna(iso)
    # beyond datetime64[ns]'s years (1677 to 2262: a typed 3025) a cell is not a date here, not a crash
    return dates.where(dates.between(pd.Timestamp.min, pd.Timestamp.max)).astype("datetime64[ns]")


def _parse_decimals(stripped: pd.Series, empty: pd.Series, scale: int | None) -> tuple[pd.Series, pd.Series]:
    cleaned = stripped
    for space in _SPACES:
        cleaned = cleaned.str.replace(space, "", regex=False)
    cleaned = cleaned.str.replace(",", ".", regex=False)
    decimals = "*" if scale is None else "{0,%d}" % scale
    valid = cleaned.str.fullmatch(r"[-+]?\d+(\.\d%s)?" % decimals) & ~empty
    values = pd.Series([Decimal(v) if ok else None for v, ok in zip(cleaned, valid)], index=stripped.index, dtype=object)
    return values, ~valid & ~empty

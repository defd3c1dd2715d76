"""Typing of text cells, vectorised (once per distinct cell, strip only when needed), gives what a
cell-by-cell reading gives: the same values and the same failures, whatever the mix of cells."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from ingestion.parsing import parse_column, strip

CELLS = {
    "date": ["30/09/2025", " 30/09/2025 ", "2025-09-30", "2025-09-30 00:00:00", "2025-09-30 garbage", "31/02/2025",
             "", "  ", "30/09/25", "1/9/2025"],
    "int": ["12", " 12 ", "1 234", "1\u00a0234", "1\u202f234", "12,0", "12,5", "-3", "", "abc", "1e3"],
    "float": ["12,5", "12.5", " 1 234,5 ", "", "x", "-0,25"],
    "decimal": ["12,50", "12.5", "1 234,56", "12,345", "", "abc", "-3"],
    "str": ["a", " a ", "\u00a0b\u00a0", "", "   ", "c d"],
}


def one_by_one(cell: str, kind: str, scale: int | None):
    """The reference: one cell, alone."""
    values, failed = parse_column(pd.Series([cell], dtype=str), kind, scale)
    return (None if pd.isna(values.iloc[0]) else values.iloc[0]), bool(failed.iloc[0])


@pytest.mark.parametrize("kind", list(CELLS))
def test_a_column_types_each_cell_as_it_would_alone(kind):
    scale = 2 if kind == "decimal" else None
    cells = CELLS[kind] * 3  # repeated cells: parsed once, given to every row
    column = pd.Series(cells, dtype=str, index=range(100, 100 + len(cells)))
    values, failed = parse_column(column, kind, scale)
    assert values.index.equals(column.index) and failed.index.equals(column.index)
    got = [((None if pd.isna(v) else v), bool(f)) for v, f in zip(values, failed)]
    assert got == [one_by_one(c, kind, scale) for c in cells]


def test_typing_verdicts_per_kind():
    dates, failed = parse_column(pd.Series(CELLS["date"], dtype=str), "date")
    assert dates.dtype == "datetime64[ns]"
    assert failed.tolist() == [False, False, False, False, True, True, False, False, True, False]
    ints, failed = parse_column(pd.Series(CELLS["int"], dtype=str), "int")
    assert ints.dtype == "Int64"
    assert [None if pd.isna(v) else int(v) for v in ints] == [12, 12, 1234, 1234, 1234, 12, None, -3, None, None, 1000]
    amounts, failed = parse_column(pd.Series(CELLS["decimal"], dtype=str), "decimal", 2)
    assert amounts[0] == Decimal("12.50") and failed.tolist() == [False, False, False, True, False, True, False]


def test_strip_only_when_a_cell_needs_it():
    clean = pd.Series(["a", "b c", ""], dtype=str)
    assert strip(clean) is clean
    for padded in (" a", "a ", "\ta", "a\u00a0", "\u202fa"):
        assert strip(pd.Series(["x", padded], dtype=str)).tolist() == ["x", "a"]


@pytest.mark.parametrize("dtype", [str, "string", object])
def test_text_with_missing_cells_is_stripped_and_emptied_as_pandas_does(dtype):
    """Cells as stored (no copy) where possible; a missing cell, whatever pandas stores it as, is
    neither text to strip nor empty text."""
    column = pd.Series(["a", None, " b ", "", "  "], dtype=dtype)
    values, failed = parse_column(column, "str")
    expected = column.astype(str).str.strip()
    assert [None if pd.isna(v) else v for v in values] == [None if pd.isna(v) or v == "" else v for v in expected]
    assert not failed.any()
    assert strip(pd.Series(["a", None, "b "], dtype=dtype)).tolist()[2] == "b"


def test_a_date_beyond_the_years_pandas_holds_fails_typing_instead_of_crashing():
    values, failed = parse_column(pd.Series(["01/01/3025", "21/09/1677", "22/09/1677", "11/04/2262", "12/04/2262"]), "date")
    assert failed.tolist() == [True, True, False, False, True]
    assert values.dtype == "datetime64[ns]"

"""The indicators workbook read back equals the indicators table: every year, numbers as numbers,
each indicator named as the report names it."""
from __future__ import annotations

import openpyxl
import pytest

from warehouse import Warehouse


def test_the_workbook_read_back_equals_the_indicators_table(year_2025):
    path = year_2025.output_dir / "2025" / "indicateurs-2025.xlsx"
    book = openpyxl.load_workbook(path)
    assert {"Territoire", "PLIE"} <= set(book.sheetnames)
    table = Warehouse(year_2025.warehouse_url).read_sql("select report_year, indicator_id, value, unit from indicators")
    expected = {(r.indicator_id, str(r.report_year)): (float(r.value), r.unit) for r in table.itertuples() if r.value is not None}
    seen = 0
    for sheet in book.worksheets:
        header = [c.value for c in sheet[1]]
        years = [h for h in header if h and h.isdigit()]
        for row in sheet.iter_rows(min_row=2, values_only=True):
            cells = dict(zip(header, row))
            for year in years:
                if (cells["Identifiant"], year) in expected and cells[year] is not None:
                    value, unit = expected[(cells["Identifiant"], year)]
                    assert isinstance(cells[year], (int, float))  # a number, not text
                    assert cells[year] == pytest.approx(value / 100 if unit == "pct" else value), (cells["Identifiant"], year)
                    seen += 1
    assert seen == sum(1 for v in expected.values() if v[0] == v[0])
    plie = book["PLIE"]
    header = [c.value for c in plie[1]]
    row = {h: c for h, c in zip(header, next(r for r in plie.iter_rows(min_row=2)
                                             if r[header.index("Identifiant")].value == "plie.participants.commune.59378.qpv.part_pct"))}
    assert row["2025"].number_format == "0.0%" and row["Unité"].value == "%"
    assert "QPV" in row["Indicateur"].value and row["Commune"].value == "Marcq-en-Barœul"
    assert row["Sources"].value == "PLIE, suivi des participants"

"""The indicators workbook of a report year, for people: `indicateurs-<year>.xlsx`.

One sheet per domain (territoire, PLIE, Mission Locale...), one row per indicator, one column per
report year up to the year (so every year is there side by side), then the evolution of the last
year against the one before (in percent for counts and amounts, in points for shares). Numbers are
stored as numbers, with French-looking formats (Excel shows `27 572`, `9,6 %`, `2 135 533,46 €` in a
French locale): shares are stored as fractions formatted as percentages.

Belongs here: laying the table out in a workbook. Not here: the figures (`indicators`).
"""
from __future__ import annotations

from io import BytesIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reporting.dictionary import DOMAINS_FR, UNITS_FR, Entry

FORMATS = {"count": "#,##0", "pct": "0.0%", "eur": '#,##0.00 "€"', "hours": "#,##0", "fte": "#,##0.0",
           "months": "0.0", "ratio": "0.0"}
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


def stored(value: float | None, unit: str) -> float | None:
    """The number as the cell stores it: shares as fractions (the cell's format shows percent)."""
    if value is None or pd.isna(value):
        return None
    return float(value) / 100 if unit == "pct" else float(value)


def workbook(indicators: pd.DataFrame, year: int, described: dict[str, Entry]) -> bytes:
    """`indicators`: report_year, indicator_id, value, unit, domain for the years up to `year`;
    `described`: the year's indicators as the report names them (reporting/dictionary.py)."""
    book = Workbook()
    book.remove(book.active)
    years = sorted(y for y in indicators["report_year"].unique() if y <= year)
    wide = indicators.pivot_table(index=["domain", "indicator_id", "unit"], columns="report_year", values="value", aggfunc="first")
    for domain, part in wide.groupby(level="domain", sort=False):
        sheet = book.create_sheet(DOMAINS_FR.get(domain, domain)[:31])
        header = ["Indicateur", "Commune", "Unité", *[str(y) for y in years], f"Évolution {year}/{year - 1}",
                  "Identifiant", "Sources"]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font, cell.fill = Font(bold=True, color="FFFFFF"), HEADER_FILL
            cell.alignment = Alignment(horizontal="center")
        for (_, indicator_id, unit), row in part.iterrows():
            values = [row.get(y) for y in years]
            current, previous = (values[-1], values[-2]) if len(values) > 1 else (values[-1], None)
            evolution = None
            if current is not None and previous is not None and not pd.isna(current) and not pd.isna(previous):
                evolution = (current - previous) / 100 if unit == "pct" else ((current - previous) / previous if previous else None)
            entry = described.get(indicator_id)  # None: an indicator of earlier years only
            sheet.append([entry.label if entry else indicator_id, entry.commune if entry else "", UNITS_FR.get(unit, unit),
                          *[stored(v, unit) for v in values], evolution, indicator_id, entry.sources if entry else ""])
            last = sheet.max_row
            for column in range(4, 4 + len(years)):
                sheet.cell(last, column).number_format = FORMATS.get(unit, "General")
            sheet.cell(last, 4 + len(years)).number_format = '+0.0" pt";-0.0" pt"' if unit == "pct" else "+0.0%;-0.0%"
        sheet.freeze_panes = "D2"
        sheet.column_dimensions["A"].width = 70
        for column in range(2, len(header) + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 14
        sheet.column_dimensions[get_column_letter(len(header) - 1)].width = 40
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()

"""The indicators workbook, opened as its readers open it: every year with data, numbers as
numbers, each indicator named as the report names it, in the report's order, evolutions computed
from the figures as displayed (points for shares), the data's state on every sheet, a print setup
that fits the page's width, and the dictionary of indicators."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest

from warehouse import Warehouse

DOMAIN_SHEETS = ["Territoire", "PLIE", "Mission Locale", "Maison de l'Emploi", "Communication"]


def domain_sheets(book) -> list:
    return [book[name] for name in DOMAIN_SHEETS]


def header_row(sheet) -> int:
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == "Section")


def rows_of(sheet) -> list[dict]:
    """Each indicator row as {header: cell}."""
    first = header_row(sheet)
    header = [c.value for c in sheet[first]]
    return [dict(zip(header, row)) for row in sheet.iter_rows(min_row=first + 1)]


def shown(value: float, decimals: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def decimals_of(number_format: str) -> int:
    found = re.search(r"0\.(0+)", number_format)
    return len(found.group(1)) if found else 0


@pytest.fixture(scope="module")
def book(year_2025):
    return openpyxl.load_workbook(year_2025.output_dir / "2025" / "indicateurs-2025.xlsx")


@pytest.fixture(scope="module")
def table(year_2025):
    frame = Warehouse(year_2025.warehouse_url).read_sql("select report_year, indicator_id, value, unit, domain from indicators")
    return {(r.indicator_id, r.report_year): (float(r.value), r.unit) for r in frame.itertuples() if r.value is not None}


def test_the_workbook_read_back_equals_the_indicators_table(book, table):
    assert book.sheetnames == [*DOMAIN_SHEETS, "Révisions", "Dictionnaire"]  # the report's order, revisions, the dictionary
    seen = 0
    for sheet in domain_sheets(book):
        for cells in rows_of(sheet):
            for header, cell in cells.items():
                key = (cells["Identifiant"].value, int(header)) if header.isdigit() else None
                if key in table and cell.value is not None:
                    value, unit = table[key]
                    assert isinstance(cell.value, (int, float))  # a number, not text
                    assert cell.value == pytest.approx(value / 100 if unit == "pct" else value), key
                    seen += 1
    assert seen == sum(1 for (_, year), v in table.items() if v[0] == v[0] and year <= 2025)
    plie = {r["Identifiant"].value: r for r in rows_of(book["PLIE"])}
    row = plie["plie.participants.commune.59378.qpv.part_pct"]
    assert row["2025"].number_format.endswith('0.0"\u00a0"%') and row["Unité"].value == "%"
    assert "QPV" in row["Indicateur"].value and row["Commune"].value == "Marcq-en-Barœul"
    assert row["Sources"].value == "PLIE, suivi des participants"


def test_evolutions_are_those_of_the_figures_as_displayed_in_points_for_shares(book):
    women = {r["Identifiant"].value: r for r in rows_of(book["PLIE"])}["plie.entrees.femmes.part_pct"]
    assert (women["2024"].value, women["2025"].value) == (pytest.approx(0.5955056), pytest.approx(0.4946237))
    assert women["Évolution 2025/2024"].value == pytest.approx(-10.1)  # 59,6 % -> 49,5 %: -10,1 pt
    assert women["Évolution 2025/2024"].number_format.startswith('[$-40C]+#,##0.0" pt";-')  # « -10,1 pt »
    checked = {"pct": 0, "count": 0}
    for sheet in domain_sheets(book):
        for cells in rows_of(sheet):
            evolution, now, before = cells["Évolution 2025/2024"], cells["2025"], cells["2024"]
            if evolution.value is None:
                assert cells["Identifiant"].value.endswith(".evol_pct") or None in (now.value, before.value) \
                    or before.value == 0, cells["Identifiant"].value
                continue
            decimals = decimals_of(now.number_format)
            if cells["Unité"].value == "%":  # points between the shares as displayed
                expected = shown(now.value * 100, decimals) - shown(before.value * 100, decimals)
                assert evolution.value == pytest.approx(float(expected)), cells["Identifiant"].value
                assert '" pt"' in evolution.number_format
                checked["pct"] += 1
            else:  # percent between the figures as displayed
                expected = (shown(now.value, decimals) - shown(before.value, decimals)) / shown(before.value, decimals)
                assert evolution.value == pytest.approx(float(expected)), cells["Identifiant"].value
                assert evolution.number_format.endswith('%')
                checked["count"] += 1
    assert checked["pct"] > 50 and checked["count"] > 200


def test_rows_follow_the_report_with_a_short_label_and_its_section_apart(book, year_2025):
    html = (year_2025.output_dir / "2025" / "rapport-activite-2025.html").read_text(encoding="utf-8")
    printed = list(dict.fromkeys(re.findall(r'data-indicator="([^"]+)"', html)))
    position = {indicator: i for i, indicator in enumerate(printed)}
    for sheet in domain_sheets(book):
        ids = [r["Identifiant"].value for r in rows_of(sheet)]
        in_report = [position[i] for i in ids if i in position]
        assert in_report and in_report == sorted(in_report), sheet.title  # the report's order
        assert ids.index(next(i for i in ids if i in position)) == 0  # printed figures first
    plie = rows_of(book["PLIE"])
    assert all(r["Section"].value and len(r["Indicateur"].value) < 120 for r in plie)
    assert len({r["Indicateur"].value[:30] for r in plie}) > len(plie) / 3  # not one section path repeated
    women = next(r for r in plie if r["Identifiant"].value == "plie.entrees.femmes.part_pct")
    assert women["Section"].value == "Les participants" and not women["Indicateur"].value.startswith("Le PLIE")


def test_only_years_with_data_and_the_data_state_and_print_setup_on_every_sheet(book, table):
    for sheet in domain_sheets(book):
        first = header_row(sheet)
        years = [int(c.value) for c in sheet[first] if str(c.value).isdigit()]
        ids = {r["Identifiant"].value for r in rows_of(sheet)}
        for year in years:  # every year shown has data on the sheet
            assert any((i, year) in table for i in ids), (sheet.title, year)
        assert years == sorted(years) and years[-1] == 2025
        above = [sheet.cell(row, 1).value or "" for row in range(1, first)]
        assert any(line.startswith("Données 2025 complètes") or line.startswith("Données 2025 incomplètes")
                   for line in above), sheet.title
    for sheet in book.worksheets:
        first = header_row(sheet) if sheet.title != "Dictionnaire" else 4
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0  # as many pages down as it takes
        assert sheet.print_title_rows == f"${first}:${first}"
    assert [c.value for c in book["PLIE"][header_row(book["PLIE"])]][4] == "2019"  # no empty 2016-2018 columns


def test_the_dictionary_defines_every_indicator_of_the_year(book, table):
    sheet = book["Dictionnaire"]
    header = [c.value for c in sheet[4]]
    rows = [dict(zip(header, r)) for r in sheet.iter_rows(min_row=5, values_only=True)]
    assert {r["Identifiant"] for r in rows} == {i for (i, year) in table if year == 2025}
    for row in rows:
        assert row["Libellé"] and row["Unité"] and row["Sources"] and row["Domaine"], row["Identifiant"]
        assert row["Modèle SQL"] and row["Définition du calcul"], row["Identifiant"]
    population = next(r for r in rows if r["Identifiant"] == "territoire.population.59328")
    assert population["Modèle SQL"] == "ind_territory__population" and "census" in population["Définition du calcul"]
    assert population["Sources"] == "INSEE, populations légales du recensement" and population["Unité"] == "nombre"


def test_a_year_in_progress_says_its_figures_are_provisional():
    import pandas as pd

    from reporting.dictionary import Entry
    from reporting.workbook import workbook

    frame = pd.DataFrame({"report_year": [2024, 2025], "indicator_id": "x.total", "value": [10.0, 12.0], "unit": "count",
                          "domain": "plie"})
    entry = Entry("Total", True, 0, "", "", "nombre", "PLIE, suivi des participants", "PLIE › Total", "Total")
    sheet = openpyxl.load_workbook(__import__("io").BytesIO(workbook(frame, 2025, {"x.total": entry}, year_to_date=True)))["PLIE"]
    assert any("provisoires" in str(sheet.cell(row, 1).value) for row in range(1, header_row(sheet)))
    row = rows_of(sheet)[0]
    assert row["Évolution 2025/2024"].value == pytest.approx(0.2) and row["Section"].value == "Total"

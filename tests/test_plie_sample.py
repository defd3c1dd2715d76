"""The 2025 PLIE sample through the whole pipeline, on DuckDB and on PostgreSQL: every PLIE figure
of the published report (tests/fixtures/figures-2025.csv) matches the indicators export (four
shares the report truncated are compared truncated, `trunc` in the catalogue), and the PLIE
section is written in HTML and PDF."""
from __future__ import annotations

import pytest

from catalogue import catalogue, export_values, matches
from report_text import without_indicator_spans
from warehouse import Warehouse


@pytest.fixture(scope="module")
def export(year_2025) -> dict[str, Decimal]:
    return export_values(year_2025.output_dir / "2025" / "indicators.csv")


def test_plie_figures_match_the_published_report(export):
    rows = catalogue("plie.")
    assert len(rows) == 104
    wrong = [
        f"{row['id']}: expected {row['value']} ({row['match']}), got {export.get(row['id'])}"
        for row in rows
        if export.get(row["id"]) is None or not matches(row["value"], export[row["id"]], row["match"])
    ]
    assert wrong == []


def test_nothing_set_aside_in_the_sample(year_2025):
    warehouse = Warehouse(year_2025.warehouse_url)
    assert warehouse.row_count("quarantine", "source like 'plie%'") == 0
    assert warehouse.row_count("qa_plie__rejected_exits") == 0


def test_every_year_of_the_sample_has_its_figures(year_2025):
    warehouse = Warehouse(year_2025.warehouse_url)
    frame = warehouse.read_sql(
        "select report_year, count(*) as n from indicators where domain = 'plie' group by report_year order by report_year"
    )
    assert frame["report_year"].tolist() == list(range(2019, 2026))
    months = warehouse.read_sql("select count(distinct month) as n from ind_plie__monthly_ytd")
    assert months["n"].iloc[0] == 7 * 12


def test_plie_section_is_in_the_report(year_2025):
    folder = year_2025.output_dir / "2025"
    html = without_indicator_spans((folder / "rapport-activite-2025.html").read_text(encoding="utf-8"))
    assert "<h2>Le PLIE" in html
    assert "<b>463</b> participants en parcours, dont 10,2\u00a0% résidant en QPV (47)" in html
    assert "<th scope=\"row\">Lambersart</th><td class=\"num\">160</td><td class=\"num\">33 (20,6\u00a0%)</td>" in html
    assert "<th scope=\"row\">Objectif du PLIE</th><td class=\"num\">50\u00a0%</td>" in html
    assert "Réalisé\u00a0: sorties positives / sorties</th><td class=\"num\">49,6\u00a0%" in html
    assert "17,7 mois" in html
    assert html.count("data:image/png;base64,") >= 3  # population, PLIE communes, PLIE exit rates
    pdf = (folder / "rapport-activite-2025.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Subtype /Image") >= 3


def test_re_entries_and_shared_conventions_are_kept(year_2025):
    """The sample's re-entries keep every parcours (one participant, several entries), its shared
    conventions every trainee, and the birth date stays in the raw table."""
    warehouse = Warehouse(year_2025.warehouse_url)
    parcours = warehouse.read_sql("select count(*) as n, count(distinct id_participant) as people from int_plie__parcours")
    assert parcours["n"].iloc[0] > parcours["people"].iloc[0]
    trainings = warehouse.read_sql("select count(*) as n, count(distinct id_convention) as conventions from stg_plie__formations")
    assert trainings["n"].iloc[0] > trainings["conventions"].iloc[0]
    births = warehouse.read_sql(
        "select table_name from information_schema.columns "
        "where table_schema = current_schema() and column_name like '%naissance%'"
    )
    tables = births["table_name"].tolist()  # other domains' raw tables may hold a birth date too (raw only)
    assert "raw_plie__participants" in tables and all(t.startswith("raw_") for t in tables), tables

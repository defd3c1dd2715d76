"""A full materialization for 2025 on the sample extracts, on DuckDB and on PostgreSQL: the
territory key figures match the published report, and the report is written as HTML and PDF."""
from __future__ import annotations

import pandas as pd
import pytest

from catalogue import export_values, mismatches
from report_text import without_indicator_spans
from pipelines.run import materialize_year
from warehouse import Warehouse


def _export(settings) -> dict:
    return export_values(settings.output_dir / "2025" / "indicators.csv")


def test_territory_figures_match_the_published_report(year_2025):
    assert mismatches(_export(year_2025), "territoire.") == []


def test_report_is_written_in_french_with_its_sources(year_2025):
    folder = year_2025.output_dir / "2025"
    html = without_indicator_spans((folder / "rapport-activite-2025.html").read_text(encoding="utf-8"))
    assert "27\u202f572 hab." in html and "147\u202f999 habitants" in html
    assert "soit 13\u00a0% des effectifs" in html
    assert "(+8,0\u00a0%*)" in html
    assert "Sources\u00a0: Population municipale telle que prise en compte par l’Insee, RP2023." in html
    assert "Source France Travail 30/09/2025" in html and "Évolution du 30/09/2024 au 30/09/2025" in html
    pdf = (folder / "rapport-activite-2025.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_rerunning_the_year_changes_nothing(year_2025, request):
    if year_2025.warehouse_url.startswith("postgresql"):
        pytest.skip("a second whole run is proven on DuckDB only (for time); PostgreSQL shares the same SQL and "
                    "one-transaction partition replacement, and test_crash_safety re-runs it there")
    settings = request.getfixturevalue("year_2025_copy").settings  # the shared year is read-only: re-run a copy of it
    warehouse = Warehouse(settings.warehouse_url)
    before = warehouse.read_sql("select * from indicators order by report_year, indicator_id")
    counts = {t: warehouse.row_count(t) for t in ("raw_france_travail__defm", "raw_urssaf__effectifs", "quarantine")}
    materialize_year(settings, 2025)
    after = warehouse.read_sql("select * from indicators order by report_year, indicator_id")
    pd.testing.assert_frame_equal(before, after)
    assert counts == {t: warehouse.row_count(t) for t in counts}

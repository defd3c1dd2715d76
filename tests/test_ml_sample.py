"""The 2025 i-milo sample through the whole pipeline, on DuckDB and on PostgreSQL: every i-milo
figure of the published report (tests/fixtures/figures-2025.csv) matches the indicators export,
money is written exactly (no float artefact), the 2024 December rows give the published
evolutions, and the Mission Locale section is in the report with its charts."""
from __future__ import annotations

from decimal import Decimal

import pytest

from catalogue import catalogue, export_rows, matches
from report_text import without_indicator_spans
from warehouse import Warehouse

# The i-milo part of the Mission Locale figures (the Mission Locale's own records are elsewhere).
IMILO_PREFIXES = ("ml.public.", "ml.formation.", "ml.emploi.", "ml.alternance.", "ml.cej.", "ml.pacea.", "ml.aides.",
                  "ml.orientation.pmsmp_conventions", "ml.sante.th_suivi_renforce")


@pytest.fixture(scope="module")
def export(year_2025) -> dict[str, str]:
    return {row["indicator_id"]: row["value"].replace(",", ".") for row in export_rows(year_2025.output_dir / "2025" / "indicators.csv")}


def test_imilo_figures_match_the_published_report(export):
    rows = [row for row in catalogue("ml.") if row["id"].startswith(IMILO_PREFIXES)]
    assert len(rows) == 54
    wrong = [
        f"{row['id']}: expected {row['value']} ({row['match']}), got {export.get(row['id'])}"
        for row in rows
        if not export.get(row["id"]) or not matches(row["value"], Decimal(export[row["id"]]), row["match"])
    ]
    assert wrong == []


def test_money_is_written_exactly(export):
    assert export["ml.aides.total.montant"] == "2135533.46"
    assert export["ml.aides.fonds_ml.montant"] == "5173.31"
    assert export["ml.aides.mobilite_mde.montant"] == "2120.15"
    assert export["ml.aides.cej.montant"] == "2026189"
    parts = ("cej", "pacea", "faj", "fonds_ml", "repas", "mobilite_mde")
    assert sum(Decimal(export[f"ml.aides.{p}.montant"]) for p in parts) == Decimal(export["ml.aides.total.montant"])


def test_evolutions_come_from_the_previous_years_december_row(year_2025):
    frame = Warehouse(year_2025.warehouse_url).read_sql(
        "select report_year, indicator_id, value from indicators where domain = 'ml' and report_year in (2024, 2025)"
    )
    values = {(int(r.report_year), r.indicator_id): Decimal(r.value) for r in frame.itertuples()}
    published = {"ml.public.nouvelles_inscriptions": 9, "ml.public.jeunes_entretien": 7, "ml.public.contacts": 32,
                 "ml.emploi.situations": 6, "ml.emploi.cdi": 47}
    for figure, pct in published.items():
        previous, current = values[(2024, figure)], values[(2025, figure)]
        evolution = values[(2025, figure + ".evol_pct")]
        assert evolution == pytest.approx(100 * (current - previous) / previous, abs=Decimal("0.000001"))
        assert round(evolution) == pct, figure
    assert values[(2024, "ml.public.nouvelles_inscriptions")] == 748


def test_nothing_set_aside_in_the_sample(year_2025):
    assert Warehouse(year_2025.warehouse_url).row_count("quarantine", "source like 'ml%'") == 0


def test_ml_section_is_in_the_report(year_2025):
    folder = year_2025.output_dir / "2025"
    html = without_indicator_spans((folder / "rapport-activite-2025.html").read_text(encoding="utf-8"))
    assert "<h2>La Mission Locale</h2>" in html
    for heading in ("Le public", "Orientation / Formation", "Emploi", "Les dispositifs d’accompagnement",
                    "La sécurisation financière des parcours"):
        assert f"<h3>{heading}</h3>" in html
    assert "2\u202f135\u202f533,46\u00a0€" in html
    assert "5\u202f173,31\u00a0€" in html
    assert '<td class="num key">815</td>' in html
    assert html.count("data:image/png;base64,") >= 6  # 3 before the Mission Locale, 3 in its section
    assert (folder / "rapport-activite-2025.pdf").read_bytes().count(b"/Subtype /Image") >= 6
    dashboard = (folder / "tableau-de-bord-mensuel-2025.html").read_text(encoding="utf-8")
    assert "Mission Locale" in dashboard and "Nouvelles inscriptions (primo-accueil)" in dashboard

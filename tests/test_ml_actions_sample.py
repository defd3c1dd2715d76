"""The 2025 sample of the ML's own registers through the whole pipeline, on DuckDB and on PostgreSQL:
every figure of this part of the published report (tests/fixtures/figures-2025.csv: the `ml.*` ids
other than the i-milo ones) matches the indicators export, 2024 gives the psychologist's +12 %,
nothing is set aside, and the report subsections render those figures in French."""
from __future__ import annotations

import pandas as pd
import pytest

from catalogue import catalogue, export_values, matches
from report_text import without_indicator_spans
from pipelines.settings import PROJECT_ROOT
from pipelines.territory import Territory
from quality.data_state import data_state
from reporting import render
from reporting.figures import Figures
from warehouse import Warehouse

# The i-milo figures (schemas/ml.py, the ml-core models); every other ml.* figure is this part's.
I_MILO = ("ml.public.", "ml.formation.", "ml.emploi.", "ml.alternance.", "ml.cej.", "ml.pacea.", "ml.aides.",
          "ml.orientation.pmsmp_conventions", "ml.sante.th_suivi_renforce")
SUBSECTIONS = ["sante", "orientation_formation_actions", "mobilite_internationale", "partenariat_ft",
               "dispositifs_actions", "citoyennete", "parole_jeunes"]


@pytest.fixture(scope="module")
def export(year_2025) -> dict[str, Decimal]:
    return export_values(year_2025.output_dir / "2025" / "indicators.csv")


def test_ml_actions_figures_match_the_published_report(export):
    rows = [row for row in catalogue("ml.") if not row["id"].startswith(I_MILO)]
    assert len(rows) == 53
    wrong = [
        f"{row['id']}: expected {row['value']} ({row['match']}), got {export.get(row['id'])}"
        for row in rows
        if export.get(row["id"]) is None or not matches(row["value"], export[row["id"]], row["match"])
    ]
    assert wrong == []


def test_psychologist_appointments_grow_12_pct_from_2024(year_2025):
    frame = Warehouse(year_2025.warehouse_url).read_sql(
        "select report_year, value from indicators where indicator_id = 'ml.sante.psychologue.entretiens' "
        "and report_year in (2024, 2025) order by report_year"
    )
    assert frame["value"].tolist() == [269, 301]


def test_nothing_set_aside_in_the_sample(year_2025):
    warehouse = Warehouse(year_2025.warehouse_url)
    sources = ", ".join(f"'ml__{r}'" for r in ("actions_collectives", "participations_actions", "entretiens_individuels",
                                                "inscriptions_dispositifs", "departs_internationaux", "missions_service_civique",
                                                "orientations_ft", "prospection"))
    assert warehouse.row_count("quarantine", f"source in ({sources})") == 0
    assert warehouse.row_count("qa_ml__presences_sans_action") == 0


def test_every_year_and_month_of_the_sample_has_its_figures(year_2025):
    warehouse = Warehouse(year_2025.warehouse_url)
    frame = warehouse.read_sql(
        "select report_year, count(*) as n from indicators where indicator_id like 'ml.sante.psychologue.%' "
        "group by report_year order by report_year"
    )
    assert frame["report_year"].tolist() == list(range(2019, 2026))
    months = warehouse.read_sql("select count(distinct month) as n from ind_ml__actions_monthly_ytd")
    assert months["n"].iloc[0] == 7 * 12


def test_subsections_render_the_figures_in_french(export, year_2025):
    frame = pd.DataFrame(
        [{"indicator_id": k, "value": v, "period": "2025-01-01/2025-12-31", "unit": "count"} for k, v in export.items()]
    )
    figures = Figures.from_frame(2025, frame)
    territory = Territory.load(PROJECT_ROOT / "config" / "territory.yaml")
    state = data_state(Warehouse(year_2025.warehouse_url), 2025)
    assert state.complete  # nothing set aside, no file missing or flagged, no check failed
    ctx = render.context(figures, territory, year_to_date=False, state=state)
    assert "ml_departs" in ctx["charts"]
    html = without_indicator_spans(
        "".join(render.environment().get_template(f"sections/ml/{name}.html.j2").render(**ctx) for name in SUBSECTIONS))
    assert "<b>49</b> jeunes ont été accompagnés par la psychologue" in html
    assert "301 entretiens réalisés, soit +12\u00a0% par rapport à 2024" in html
    assert "<b>31</b> jeunes accompagnés par la Mission Locale sont partis à l'étranger" in html
    assert "dont 30\u00a0% de jeunes non connus" in html
    assert "<b>198</b> mineurs" in html and "100\u00a0% des jeunes sont en règle" in html
    assert "<b>89</b> jeunes du territoire étaient en cours de mission" in html
    assert html.count("<h3>") == 5 and html.count("<h4>") == 3 and "n.d." not in html
    assert "data:image/png;base64," in html


def test_dashboard_has_the_ml_actions_section(year_2025):
    html = (year_2025.output_dir / "2025" / "tableau-de-bord-mensuel-2025.html").read_text(encoding="utf-8")
    assert "Mission Locale : actions" in html
    assert "Jeunes orientés par France Travail" in html


def test_birth_dates_stay_in_raw_tables(year_2025):
    births = Warehouse(year_2025.warehouse_url).read_sql(
        "select table_name from information_schema.columns "
        "where table_schema = current_schema() and column_name like '%naissance%'"
    )["table_name"].tolist()
    assert "raw_ml__inscriptions_dispositifs" in births
    assert [t for t in births if not t.startswith("raw_")] == []

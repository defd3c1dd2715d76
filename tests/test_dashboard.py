"""The monthly dashboard: a small trend per figure (the year's months beside the previous year's),
changes between the figures as displayed, and each figure's favourable direction decided in one
reviewed configuration file."""
from __future__ import annotations

import re

import pandas as pd
import yaml

from pipelines.settings import PROJECT_ROOT
from pipelines.territory import Territory
from quality.data_state import DataState
from reporting.dashboard import BETTER, CONFIG, render_dashboard

TERRITORY = PROJECT_ROOT / "config" / "territory.yaml"


def rows_of(html: str, table: int = 0) -> dict[str, str]:
    tables = re.findall(r"<table>(.*?)</table>", html, re.S)
    return dict(re.findall(r'<tr data-indicator="([^"]+)">(.*?)</tr>', tables[table], re.S))


def test_the_latest_month_shows_the_year_s_months_beside_the_previous_year_s():
    ytd = pd.DataFrame([{"month": f"{year}-{m:02d}", "indicator_id": "plie.entrees.total", "value": 10 * m + (year - 2024)}
                        for year in (2024, 2025) for m in range(1, 13) if (year, m) <= (2025, 3)])
    html = render_dashboard(2025, ytd, Territory.load(TERRITORY), DataState(2025, ()))
    row = rows_of(html)["plie.entrees.total"]
    svg = re.search(r"<svg class=\"spark\".*?</svg>", row, re.S).group(0)
    current, previous = (re.search(rf'points="([^"]*)" class="spark-{kind}"', svg).group(1).split() for kind in ("current", "previous"))
    assert (len(current), len(previous)) == (3, 12)  # January to March 2025; the twelve months of 2024
    assert "2025 : janv. 11, févr. 21, mars 31" in svg and "2024 : janv. 10" in svg and "déc. 120" in svg  # in words too
    assert 'role="img"' in svg and "<th>Mois par mois</th>" in html
    assert "<svg" not in rows_of(html, 1)["plie.entrees.total"]  # the earlier months' tables: figures only


def test_a_change_is_between_the_figures_as_displayed():
    ytd = pd.DataFrame([{"month": month, "indicator_id": "ml.cej.solution_pro.part_pct", "value": value}
                        for month, value in (("2025-12", 58.4), ("2024-12", 58.45))])  # both shown « 58 % »
    row = rows_of(render_dashboard(2025, ytd, Territory.load(TERRITORY), DataState(2025, ())))["ml.cej.solution_pro.part_pct"]
    assert "0,0\u00a0pt" in row and "défavorable" not in row


def test_each_figure_s_direction_is_decided_in_the_configuration_with_its_reason():
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    rows = {r["id"]: r for section in config["sections"] for r in section["rows"]}
    assert all(r.get("better", "neutral") in BETTER for r in rows.values())
    # read with the domain: neither a longer parcours nor fewer minors under the training obligation is bad news
    for figure in ("plie.sorties.duree_moyenne_mois", "ml.orientation.obligation_formation.mineurs"):
        assert rows[figure]["better"] == "neutral" and rows[figure]["why"], figure
    assert rows["plie.sorties.positives.taux_pct"]["better"] == "up" and rows["plie.entrees.femmes.part_pct"]["better"] == "neutral"

"""The monthly dashboard: each month's year-to-date figures beside the same month a year earlier.

Its rows (which figures, labels, formats, whether a rise is good news) are configuration:
`reporting/dashboard.yaml`. A change is coloured by its meaning (favourable, unfavourable, neither),
never by its sign alone, and always also says it in text (an arrow for the direction, a word for
the meaning), so colour is never the only cue. Figures are rounded as in the annual report.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from pipelines.territory import Territory
from quality.data_state import DataState
from reporting.formatting import MISSING, NBSP, fr_evolution, fr_number, fr_percent
from reporting.figures import to_decimal
from reporting.render import environment

CONFIG = Path(__file__).resolve().parent / "dashboard.yaml"
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]


def _format(value: float | None, fmt: str) -> str:
    if value is None:
        return MISSING
    if fmt == "count":
        return fr_number(value)
    if fmt.startswith("pct"):
        return fr_percent(value, int(fmt[3:]))
    return fr_number(value, int(fmt[3:]))  # decN: N decimals (dec2: euros to the cent)


BETTER = ("up", "down", "neutral")
ARROWS = {"up": "\u25b2", "down": "\u25bc", "": "="}  # ▲ ▼ =
MEANINGS = {"good": "favorable", "bad": "défavorable", "neutral": ""}


def meaning(trend: str, better: str) -> str:
    """good, bad or neutral: a rise is good news when up is better, bad news when down is."""
    if better not in BETTER:
        raise ValueError(f"dashboard.yaml: better must be one of {BETTER}, not {better!r}")
    if not trend or better == "neutral":
        return "neutral"
    return "good" if trend == better else "bad"


def _change(current: float | None, previous: float | None, fmt: str) -> tuple[str, str]:
    if current is None or previous is None:
        return MISSING, ""
    trend = "up" if current > previous else "down" if current < previous else ""
    if fmt.startswith("pct"):  # a rate changes in points, not percent
        difference = current - previous
        return ("+" if difference > 0 else "") + fr_number(difference, 1) + f"{NBSP}pt", trend
    if previous == 0:
        return MISSING, trend
    return fr_evolution(100 * (current - previous) / previous), trend


def render_dashboard(year: int, ytd: pd.DataFrame, territory: Territory, state: DataState) -> str:
    """`ytd`: month (YYYY-MM), indicator_id, value for the year and the previous one."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    values = {(r.month, r.indicator_id): to_decimal(r.value) for r in ytd.itertuples() if to_decimal(r.value) is not None}
    months = sorted({m for m in ytd["month"] if m.startswith(f"{year}-")}, reverse=True)
    sections = []
    for month in months:
        previous_month = f"{year - 1}{month[4:]}"
        groups = []
        for group in config["sections"]:
            rows = []
            for row in group["rows"]:
                current, previous = values.get((month, row["id"])), values.get((previous_month, row["id"]))
                change, trend = _change(current, previous, row["format"])
                sense = meaning(trend, row.get("better", "neutral"))
                rows.append({"id": row["id"], "label": row["label"], "current": _format(current, row["format"]),
                             "previous": _format(previous, row["format"]), "change": change, "trend": trend,
                             "arrow": ARROWS[trend] if change != MISSING else "", "meaning": sense,
                             "reading": MEANINGS[sense] if change != MISSING else ""})
            groups.append({"title": group["title"], "rows": rows})
        label = f"Fin {MONTHS_FR[int(month[5:]) - 1]} {year}"
        sections.append({"label": label, "groups": groups})
    template = environment().get_template("dashboard.html.j2")
    return template.render(title=config["title"], year=year, territory=territory, months=sections, state=state)

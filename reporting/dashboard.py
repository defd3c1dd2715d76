"""The monthly dashboard: each month's year-to-date figures beside the same month a year earlier,
and for the latest month a small trend per figure: its year-to-date value at the end of each month
of the year (solid line) beside the previous year's twelve months (dashed), drawn as inline SVG.

Its rows (which figures, labels, formats, whether a rise is good news, and why) are configuration:
`reporting/dashboard.yaml`. A change is coloured by its meaning (favourable, unfavourable, neither),
never by its sign alone, and always also says it in text (an arrow for the direction, a word for
the meaning), so colour is never the only cue. Figures are rounded as in the annual report.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml
from markupsafe import Markup, escape

from pipelines.territory import Territory
from quality.data_state import DataState
from reporting.formatting import MISSING, NBSP, fr_evolution, fr_number, fr_percent, round_half_up
from reporting.figures import to_decimal
from reporting.render import environment

CONFIG = Path(__file__).resolve().parent / "dashboard.yaml"
MONTHS_SHORT_FR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
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
    """The change between the figures as displayed (rounded as their format shows them)."""
    if current is None or previous is None:
        return MISSING, ""
    decimals = 0 if fmt == "count" else int(fmt[3:])
    current, previous = round_half_up(current, decimals), round_half_up(previous, decimals)
    trend = "up" if current > previous else "down" if current < previous else ""
    if fmt.startswith("pct"):  # a rate changes in points, not percent
        difference = current - previous
        return ("+" if difference > 0 else "") + fr_number(difference, 1) + f"{NBSP}pt", trend
    if previous == 0:
        return MISSING, trend
    return fr_evolution(100 * (current - previous) / previous), trend


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 110, 26, 3


def sparkline(current: list, previous: list, year: int, fmt: str) -> Markup:
    """The figure month by month: `current` the year's months so far, `previous` the year
    before's twelve (None where there is no value), on one scale from zero; its values in words
    in the image's title, for screen readers and on hover."""
    present = [float(v) for v in [*current, *previous] if v is not None]
    if not present:
        return Markup("")
    low, high = min(0.0, *present), max(0.0, *present)
    span = (high - low) or 1.0

    def points(series: list) -> str:
        step = (SPARK_WIDTH - 2 * SPARK_PAD) / 11
        return " ".join(f"{SPARK_PAD + i * step:.1f},{SPARK_HEIGHT - SPARK_PAD - (float(v) - low) / span * (SPARK_HEIGHT - 2 * SPARK_PAD):.1f}"
                        for i, v in enumerate(series) if v is not None)

    def words(series: list) -> str:
        return ", ".join(f"{MONTHS_SHORT_FR[i]} {_format(v, fmt)}" for i, v in enumerate(series) if v is not None)

    title = f"Cumul à la fin de chaque mois : {year} : {words(current) or MISSING} ; {year - 1} : {words(previous) or MISSING}"
    last = next(((i, v) for i, v in reversed(list(enumerate(current))) if v is not None), None)
    dot = ""
    if last is not None:
        x, y = points([None] * last[0] + [last[1]]).split(",")
        dot = f'<circle cx="{x}" cy="{y}" r="2" class="spark-now"/>'
    return Markup(
        f'<svg class="spark" width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f'<polyline points="{points(previous)}" class="spark-previous"/>'
        f'<polyline points="{points(current)}" class="spark-current"/>{dot}</svg>'
    )


def render_dashboard(year: int, ytd: pd.DataFrame, territory: Territory, state: DataState, config_path: Path = CONFIG) -> str:
    """`ytd`: month (YYYY-MM), indicator_id, value for the year and the previous one;
    `config_path`: the rows (`reporting/dashboard.yaml`)."""
    config = yaml.safe_load(Path(config_path).read_text(encoding="utf-8"))
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
                             "reading": MEANINGS[sense] if change != MISSING else "",
                             "spark": sparkline([values.get((f"{year}-{m:02d}", row["id"])) for m in range(1, int(month[5:]) + 1)],
                                                [values.get((f"{year - 1}-{m:02d}", row["id"])) for m in range(1, 13)],
                                                year, row["format"]) if month == months[0] else ""})
            groups.append({"title": group["title"], "rows": rows})
        label = f"Fin {MONTHS_FR[int(month[5:]) - 1]} {year}"
        sections.append({"label": label, "groups": groups})
    template = environment().get_template("dashboard.html.j2")
    return template.render(title=config["title"], year=year, territory=territory, months=sections, state=state)

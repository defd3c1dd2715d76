"""The figures of one report year, read from the indicators table, with French formatters.

Values are `decimal.Decimal`, as the table stores them (DECIMAL): money stays exact to the cent
from the warehouse to the report and the export.

Every formatter returns the figure inside `<span data-indicator="<id>">`, so each number of the
report can be traced to its row of `indicators.csv` (the id is an attribute: invisible in the
text, in print and to screen readers). `indicator_models` says which SQL model computes each id,
for the report's appendix of definitions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from markupsafe import Markup, escape

from reporting.formatting import NBSP, fr_evolution, fr_number, fr_percent
from warehouse.engine import quote


@dataclass(frozen=True)
class Figures:
    year: int
    rows: dict[str, dict]  # indicator_id -> {value, period, unit}
    models: dict[str, str] = field(default_factory=dict)  # indicator_id -> SQL model computing it

    @classmethod
    def from_frame(cls, year: int, frame: pd.DataFrame) -> Figures:
        rows = {r.indicator_id: {"value": to_decimal(r.value), "period": r.period, "unit": r.unit} for r in frame.itertuples()}
        return cls(year, rows)

    def with_models(self, models: dict[str, str]) -> Figures:
        return Figures(self.year, self.rows, models)

    def value(self, indicator_id: str) -> Decimal | None:
        row = self.rows.get(indicator_id)
        return None if row is None else row["value"]

    def period(self, indicator_id: str) -> str:
        row = self.rows.get(indicator_id)
        return row["period"] if row else ""

    def n(self, indicator_id: str, decimals: int = 0) -> Markup:
        return traced(indicator_id, fr_number(self.value(indicator_id), decimals), decimals)

    def pct(self, indicator_id: str, decimals: int = 0) -> Markup:
        return traced(indicator_id, fr_percent(self.value(indicator_id), decimals), decimals)

    def evol(self, indicator_id: str, decimals: int = 1) -> Markup:
        return traced(indicator_id, fr_evolution(self.value(indicator_id), decimals), decimals)

    def eur(self, indicator_id: str, decimals: int = 2) -> Markup:
        """An amount in euros, to the cent by default: 2 135 533,46 €."""
        value = self.value(indicator_id)
        return traced(indicator_id, fr_number(value, decimals) + ("" if value is None else NBSP + "€"), decimals)

    def has(self, prefix: str) -> bool:
        return any(key.startswith(prefix) for key in self.rows)


def traced(indicator_id: str, text: str, decimals: int) -> Markup:
    """A formatted figure carrying its indicator id and the decimals it is printed with (HTML,
    escaped): the export gives each figure at the report's precision (reporting/dictionary.py)."""
    return Markup('<span data-indicator="{}" data-decimals="{}">{}</span>').format(escape(indicator_id), decimals, escape(text))


def indicator_models(warehouse, year: int) -> dict[str, str]:
    """Which `ind_*` SQL model computes each indicator of the year: the models the `indicators`
    union reads, asked for their ids (their header comment is the figure's definition)."""
    from warehouse.models import discover_models

    models = {m.name: m for m in discover_models()}
    candidates = [name for name in models["indicators"].upstream_tables if name in models]
    built = warehouse.existing(candidates)  # a domain not built: no figure of it
    names = [name for name in candidates if name in built]
    if not names:
        return {}
    frame = warehouse.read_sql(" union all ".join(
        f"select distinct indicator_id, {i} as rank from {quote(name)} where report_year = :year" for i, name in enumerate(names)),
        {"year": year})
    out: dict[str, str] = {}
    for indicator_id, rank in frame.sort_values("rank", kind="stable").itertuples(index=False):
        out.setdefault(indicator_id, names[int(rank)])  # the first model in the union's order, as before
    return out


def to_decimal(value) -> Decimal | None:
    """A value of the indicators table as an exact Decimal (None when missing)."""
    if value is None or (not isinstance(value, Decimal) and pd.isna(value)):
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def plain_decimal(value) -> str:
    """A value as plain text for an export: no exponent, no trailing zeros, empty when missing."""
    number = to_decimal(value)
    if number is None or number.is_nan():
        return ""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text

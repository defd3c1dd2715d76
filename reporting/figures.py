"""The figures of one report year, read from the indicators table, with French formatters.

Values are `decimal.Decimal`, as the table stores them (DECIMAL): money stays exact to the cent
from the warehouse to the report and the export."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from reporting.formatting import NBSP, fr_evolution, fr_number, fr_percent


@dataclass(frozen=True)
class Figures:
    year: int
    rows: dict[str, dict]  # indicator_id -> {value, period, unit}

    @classmethod
    def from_frame(cls, year: int, frame: pd.DataFrame) -> Figures:
        rows = {r.indicator_id: {"value": to_decimal(r.value), "period": r.period, "unit": r.unit} for r in frame.itertuples()}
        return cls(year, rows)

    def value(self, indicator_id: str) -> Decimal | None:
        row = self.rows.get(indicator_id)
        return None if row is None else row["value"]

    def period(self, indicator_id: str) -> str:
        row = self.rows.get(indicator_id)
        return row["period"] if row else ""

    def n(self, indicator_id: str, decimals: int = 0) -> str:
        return fr_number(self.value(indicator_id), decimals)

    def pct(self, indicator_id: str, decimals: int = 0) -> str:
        return fr_percent(self.value(indicator_id), decimals)

    def evol(self, indicator_id: str, decimals: int = 1) -> str:
        return fr_evolution(self.value(indicator_id), decimals)

    def eur(self, indicator_id: str, decimals: int = 2) -> str:
        """An amount in euros, to the cent by default: 2 135 533,46 €."""
        value = self.value(indicator_id)
        return fr_number(value, decimals) + ("" if value is None else NBSP + "€")

    def has(self, prefix: str) -> bool:
        return any(key.startswith(prefix) for key in self.rows)


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

"""The figures of one report year, read from the indicators table, with French formatters."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reporting.formatting import fr_evolution, fr_number, fr_percent


@dataclass(frozen=True)
class Figures:
    year: int
    rows: dict[str, dict]  # indicator_id -> {value, period, unit}

    @classmethod
    def from_frame(cls, year: int, frame: pd.DataFrame) -> Figures:
        rows = {r.indicator_id: {"value": float(r.value), "period": r.period, "unit": r.unit} for r in frame.itertuples()}
        return cls(year, rows)

    def value(self, indicator_id: str) -> float | None:
        row = self.rows.get(indicator_id)
        return None if row is None or pd.isna(row["value"]) else row["value"]

    def period(self, indicator_id: str) -> str:
        row = self.rows.get(indicator_id)
        return row["period"] if row else ""

    def n(self, indicator_id: str, decimals: int = 0) -> str:
        return fr_number(self.value(indicator_id), decimals)

    def pct(self, indicator_id: str, decimals: int = 0) -> str:
        return fr_percent(self.value(indicator_id), decimals)

    def evol(self, indicator_id: str, decimals: int = 1) -> str:
        return fr_evolution(self.value(indicator_id), decimals)

    def has(self, prefix: str) -> bool:
        return any(key.startswith(prefix) for key in self.rows)

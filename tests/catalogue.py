"""The published 2025 figures (tests/fixtures/figures-2025.csv, a copy of the reference catalogue)
and the comparison rules of its `match` column, for tests to assert exports against."""
from __future__ import annotations

import csv
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

CATALOGUE = Path(__file__).parent / "fixtures" / "figures-2025.csv"


def catalogue(prefix: str = "") -> list[dict]:
    with CATALOGUE.open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["id"].startswith(prefix)]


def matches(expected: str, got: float, rule: str) -> bool:
    want, value = Decimal(expected), Decimal(str(got))
    if rule == "exact":
        places = -want.as_tuple().exponent if "." in expected else 0
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == want
    if rule.startswith("round:"):
        step = Decimal(1).scaleb(-int(rule.split(":")[1]))
        return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step == want
    if rule == "trunc":  # the report truncated this share instead of rounding it
        places = -want.as_tuple().exponent if "." in expected else 0
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN) == want
    if rule == "atleast":
        return value >= want
    if rule.startswith("approx:"):
        return abs(value - want) <= Decimal(rule.split(":")[1])
    raise ValueError(f"unknown match rule {rule!r}")


def mismatches(export: dict[str, float], prefix: str) -> list[str]:
    """Human-readable lines for every catalogue figure under `prefix` the export misses or gets wrong."""
    out = []
    for row in catalogue(prefix):
        got = export.get(row["id"])
        if got is None or not matches(row["value"], got, row["match"]):
            out.append(f"{row['id']}: expected {row['value']} ({row['match']}), got {got}")
    return out


def export_rows(path: Path) -> list[dict[str, str]]:
    """The rows of an `indicators.csv` as written: French spreadsheet CSV (`;`, UTF-8 with BOM)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def export_values(path: Path) -> dict[str, Decimal | None]:
    """Each indicator's exact value in an `indicators.csv` (decimal comma), None where empty."""
    return {row["indicator_id"]: Decimal(row["value"].replace(",", ".")) if row["value"] else None for row in export_rows(path)}

"""indicators.csv opens right in a French spreadsheet and says what each figure is: `;`, UTF-8
with a BOM, decimal commas, integers as integers, the figure as the report prints it beside the
exact value, a French label (the report's words), the commune, the unit and the sources."""
from __future__ import annotations

import re
from decimal import Decimal

from catalogue import export_rows
from pipelines.territory import Territory
from pipelines.settings import PROJECT_ROOT


def test_the_export_is_a_french_spreadsheet_csv(year_2025):
    path = year_2025.output_dir / "2025" / "indicators.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8 (« Barœul », « € »)
    header = raw[3:].split(b"\r\n" if b"\r\n" in raw else b"\n")[0].decode()
    assert header.startswith("indicator_id;label;") and "," not in header
    rows = export_rows(path)
    numbers = re.compile(r"-?\d+(,\d+)?")
    assert all(numbers.fullmatch(r["value"]) for r in rows if r["value"])  # no dot, no exponent, no grouping
    assert all(numbers.fullmatch(r["value_printed"]) for r in rows if r["value"])


def test_each_figure_is_described_in_french_and_printed_as_the_report_prints_it(year_2025):
    rows = {r["indicator_id"]: r for r in export_rows(year_2025.output_dir / "2025" / "indicators.csv")}
    counts = [r for r in rows.values() if r["unit"] == "nombre" and r["value"]]
    assert counts and all("," not in r["value"] for r in counts)  # 186, not 186.0
    share = rows["plie.entrees.commune.59328.qpv.part_pct"]
    assert share["value"].startswith("16,4179") and share["value_printed"] == "16,4" and share["unit"] == "%"
    assert share["commune_code"] == "59328" and share["commune"] == "Lambersart"
    assert "QPV" in share["label"] and share["in_report"] == "oui" and share["domain"] == "PLIE"
    assert share["source"] == "PLIE, suivi des participants"
    money = rows["ml.aides.total.montant"]
    assert money["value"] == "2135533,46" and money["value_printed"] == "2135533,46" and money["unit"] == "€"
    assert rows["territoire.population.total"]["source"] == "INSEE, populations légales du recensement"
    territory = Territory.load(PROJECT_ROOT / "config" / "territory.yaml")
    names = {c.code: c.name for c in territory.communes + territory.metropolis_communes}
    for indicator, row in rows.items():
        assert row["label"] and row["label"] != indicator and row["source"], indicator
        code = re.search(r"\.(\d{5})(?:\.|$)", indicator)
        assert row["commune"] == (names.get(code.group(1), "") if code else ""), indicator
        if row["value"]:
            decimals = len(row["value_printed"].partition(",")[2])
            assert abs(Decimal(row["value_printed"].replace(",", ".")) - Decimal(row["value"].replace(",", "."))) \
                <= Decimal("0.5") * Decimal(10) ** -decimals, indicator


def test_periods_are_iso_dates_with_the_census_vintage_in_a_column_of_its_own(year_2025):
    rows = export_rows(year_2025.output_dir / "2025" / "indicators.csv")
    assert "period" not in rows[0]
    iso = re.compile(r"\d{4}-\d{2}-\d{2}")
    for row in rows:  # one kind per column: a spreadsheet reads them all as dates, or the vintage as a number
        assert iso.fullmatch(row["period_start"]) and iso.fullmatch(row["period_end"]), row["indicator_id"]
        assert row["period_start"] <= row["period_end"]
        assert row["census_vintage"] == "" or re.fullmatch(r"\d{4}", row["census_vintage"]), row["indicator_id"]
    population = next(r for r in rows if r["indicator_id"] == "territoire.population.59328")
    assert (population["census_vintage"], population["period_start"]) == ("2023", "2023-01-01")  # RP2023
    entries = next(r for r in rows if r["indicator_id"] == "plie.entrees.total")
    assert (entries["period_start"], entries["period_end"], entries["census_vintage"]) == ("2025-01-01", "2025-12-31", "")

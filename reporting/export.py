"""`indicators.csv`, laid out for a French spreadsheet as it is: `;`, decimal comma, UTF-8 with a
BOM (French Excel then opens it in columns, numbers as numbers, « Barœul » and « € » intact). The
column names stay identifiers (scripts read them); what is in the cells is French.

Belongs here: the export's columns and format. Not here: what each indicator is called
(reporting/dictionary.py), the values (`indicators`).
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from reporting.dictionary import DOMAINS_FR, Entry, rounded
from reporting.figures import plain_decimal

EXPORT_COLUMNS = ["indicator_id", "label", "domain", "commune_code", "commune", "period_start", "period_end",
                  "census_vintage", "unit", "value", "value_printed", "in_report", "source", "data_complete", "data_issues"]
YES_NO = {True: "oui", False: "non"}


def export_frame(frame: pd.DataFrame, described: dict[str, Entry], issues: dict[str, list[str]]) -> pd.DataFrame:
    """The export's rows: the indicators table's (indicator_id, period, value, unit, domain),
    described (`reporting.dictionary`), with the data's state of each domain (`issues`: French
    sentences, none when complete). The period is split in ISO dates (`period_start`, `period_end`)
    and the census vintage (`census_vintage`, for census figures), so no cell mixes kinds."""
    out = frame.copy()
    entries = out["indicator_id"].map(described)
    out["label"] = entries.map(lambda e: e.label)
    out["commune_code"] = entries.map(lambda e: e.commune_code)
    out["commune"] = entries.map(lambda e: e.commune)
    out["unit"] = entries.map(lambda e: e.unit)
    out["source"] = entries.map(lambda e: e.sources)
    out["in_report"] = entries.map(lambda e: YES_NO[e.in_report])
    out["value_printed"] = [french_decimal(plain_decimal(rounded(v, e.decimals))) for v, e in zip(out["value"], entries)]
    out["value"] = out["value"].map(lambda v: french_decimal(plain_decimal(v)))
    out["domain"] = out["domain"].map(lambda d: DOMAINS_FR.get(d, d))
    bounds = [period_bounds(p) for p in frame["period"]]
    out["period_start"], out["period_end"] = [b[0] for b in bounds], [b[1] for b in bounds]
    out["census_vintage"] = [b[2] or "" for b in bounds]
    out["data_complete"] = frame["domain"].map(lambda d: YES_NO[not issues[d]])
    out["data_issues"] = frame["domain"].map(lambda d: " ; ".join(issues[d]))
    return out[EXPORT_COLUMNS]


def period_bounds(period: str) -> tuple[str, str, int | None]:
    """A figure's period as (first day, last day, census vintage), days as ISO dates: an interval
    `2025-01-01/2025-12-31`, a date `2025-09-30` (a stock: first day = last day), or a census vintage
    `RP2023`, whose figures refer to 1 January of the vintage (INSEE's date of statistical reference)."""
    vintage = re.fullmatch(r"RP(\d{4})", period)
    if vintage:
        day = f"{vintage.group(1)}-01-01"
        return day, day, int(vintage.group(1))
    start, _, end = period.partition("/")
    return start, end or start, None


def french_decimal(text: str) -> str:
    """A plain decimal as a French spreadsheet reads a number: decimal comma, no grouping."""
    return text.replace(".", ",")


def write_export(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, sep=";", encoding="utf-8-sig")

"""`indicators.csv`, laid out for a French spreadsheet as it is: `;`, decimal comma, UTF-8 with a
BOM (French Excel then opens it in columns, numbers as numbers, « Barœul » and « € » intact). The
column names stay identifiers (scripts read them); what is in the cells is French.

Belongs here: the export's columns and format. Not here: what each indicator is called
(reporting/dictionary.py), the values (`indicators`).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from reporting.dictionary import DOMAINS_FR, Entry, rounded
from reporting.figures import plain_decimal

EXPORT_COLUMNS = ["indicator_id", "label", "domain", "commune_code", "commune", "period", "unit", "value",
                  "value_printed", "in_report", "source", "data_complete", "data_issues"]
YES_NO = {True: "oui", False: "non"}


def export_frame(frame: pd.DataFrame, described: dict[str, Entry], issues: dict[str, list[str]]) -> pd.DataFrame:
    """The export's rows: the indicators table's (indicator_id, period, value, unit, domain),
    described (`reporting.dictionary`), with the data's state of each domain (`issues`: French
    sentences, none when complete)."""
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
    out["data_complete"] = frame["domain"].map(lambda d: YES_NO[not issues[d]])
    out["data_issues"] = frame["domain"].map(lambda d: " ; ".join(issues[d]))
    return out[EXPORT_COLUMNS]


def french_decimal(text: str) -> str:
    """A plain decimal as a French spreadsheet reads a number: decimal comma, no grouping."""
    return text.replace(".", ",")


def write_export(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, sep=";", encoding="utf-8-sig")

"""Synthetic Maison de l'Emploi extracts: the monthly tracking workbook (one sheet per register),
the Cyber-base visit log and the web and social-network statistics, from 2019-01 to 2025-12, laid
out as docs/mde-extracts.md describes; 2025 reproduces the published report's figures.

Split by source: `registers` (the records of the hand-kept registers), `workbook` (how staff lay
them out in a workbook), `cyberbase`, `communication`; `common` holds the shared helpers.
Deterministic: the same bytes on every run. Everything in them is fictitious.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from sample_data.formats import french_date
from sample_data.mde import communication, cyberbase
from sample_data.mde.common import FIRST_YEAR, REPORT_YEAR
from sample_data.mde.registers import all_registers
from sample_data.mde.workbook import write_workbook

__all__ = ["write_mde_extracts"]
SEED = 2025


def write_mde_extracts(extracts_dir: Path, first_year: int = FIRST_YEAR, last_year: int = REPORT_YEAR,
                       seed: int = SEED) -> list[Path]:
    """Write every monthly MDE and communication extract under `extracts_dir`; return the paths."""
    if not FIRST_YEAR <= first_year <= last_year <= REPORT_YEAR:
        raise ValueError(f"years must lie within {FIRST_YEAR}-{REPORT_YEAR}")
    folder = Path(extracts_dir)
    by_month: dict[tuple[int, int], dict[str, list[dict]]] = {}
    for register, records in all_registers(seed).items():
        for record in sorted(records, key=lambda rec: rec["_day"]):
            by_month.setdefault((record["_day"].year, record["_day"].month), {}).setdefault(register, []).append(record)
    visits = _by_month(cyberbase.visits(seed), "date_passage")
    days = _by_month(communication.site_days(seed), "jour")
    networks = _by_month(communication.network_months(seed), "mois")
    paths = []
    for year in range(first_year, last_year + 1):
        for month in range(1, 13):
            key = f"{year}-{month:02d}"
            workbook = folder / "mde" / str(year) / f"mde_suivi_{key}.xlsx"
            write_workbook(workbook, year, month, by_month.get((year, month), {}))
            paths.append(workbook)
            paths.append(_csv(folder / "mde" / str(year) / f"cyberbase_visites_{key}.csv", cyberbase.COLUMNS,
                              visits.get((year, month), []), "utf-8-sig"))
            paths.append(_csv(folder / "communication" / str(year) / f"communication_site_{key}.csv",
                              communication.SITE_COLUMNS, days.get((year, month), []), "utf-8"))
            paths.append(_csv(folder / "communication" / str(year) / f"communication_reseaux_{key}.csv",
                              communication.NETWORK_COLUMNS, networks.get((year, month), []), "utf-8"))
    return paths


def _by_month(rows: list[dict], field: str) -> dict[tuple[int, int], list[dict]]:
    out: dict[tuple[int, int], list[dict]] = {}
    for row in rows:
        out.setdefault((row[field].year, row[field].month), []).append(row)
    return out


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return french_date(value)
    return str(value)


def _csv(path: Path, columns: list[str], rows: list[dict], encoding: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([_text(row.get(c)) for c in columns] for row in rows)
    return path

"""The data-quality report: `<output>/qualite/rapport-qualite.html`, GX Data Docs beside it.

What it shows, and where each part comes from:
- current extract failures: the `quarantine` table as it stands (source, file, line, column, rule,
  reason, value; personal values are masked there already, at ingestion);
- the indicator rules (Great Expectations), validated afresh on the `indicators` table, the same
  validation that fills the Data Docs in `<output>/qualite/gx-data-docs/`;
- the trend per source: quarantined rows per source and partition month (counts from `quarantine`;
  a partition checked clean, known from `dq_check_history`, shows 0, one never checked shows –);
- the latest result of every check recorded in `dq_check_history`;
- first, the problems: each failing rule with the first run and partition where it failed, whether
  it still fails, what it means and what to do (`quality/guidance.py`), and for an indicator rule
  the source rows behind the failing figure (`SumRule.explain` in `quality/rules.py`); each
  monthly export that never arrived (`quality.data_state`: the months each report year reads),
  since which month, and what to do; then the rows the SQL models set aside (`quality.set_aside`:
  a rule across extracts), each rule with its count, source, files and lines and what to do; and
  the published figures revised since their publication (`quality.publication`).

Every rule is said in French words (`quality.guidance.rule_fr`) beside its code; times are Paris
time (the history stores UTC).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from ingestion import ExtractContract
from quality import history, publication, suites
from quality.data_state import DataState, Readings, data_state
from quality.guidance import MISSING_EXPORT, guidance, refusal, rule_fr
from quality.history import STRUCTURAL_ERROR
from quality.rules import SUM_RULES
from quality.set_aside import read_set_aside
from reporting.render import environment
from schemas import ALL_SCHEMAS
from warehouse import Warehouse

TEMPLATE = "quality.html.j2"
FOLDER = "qualite"
REPORT_FILE = "rapport-qualite.html"
DOCS_FOLDER = "gx-data-docs"
MAX_FAILURE_ROWS = 500
MAX_SOURCE_ROWS = 20
QUARANTINE = "quarantine"
PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class ReportPaths:
    html: Path
    data_docs: Path | None
    quarantined_lines: int
    failing_gx_rules: int


def write(warehouse: Warehouse, output_dir: Path, now: dt.datetime | None = None, ignored: list | None = None) -> ReportPaths:
    """Write the report and the Data Docs under `output_dir/qualite/`; `ignored`: the extracts
    folder's files no contract expects (`ingestion.files.IgnoredFile`)."""
    folder = Path(output_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    context = collect(warehouse, folder / DOCS_FOLDER, now)
    context["ignored_files"] = ignored or []
    html = folder / REPORT_FILE
    html.write_text(render(context), encoding="utf-8")
    failing = sum(1 for r in context["gx_results"] for o in r.outcomes if not o.passed)
    docs = folder / DOCS_FOLDER / "index.html" if context["data_docs"] else None
    return ReportPaths(html, docs, context["quarantine"]["lines"], failing)


def collect(warehouse: Warehouse, docs_dir: Path | None, now: dt.datetime | None = None) -> dict:
    """Everything the template shows, as plain data."""
    gx_results, data_docs = [], None
    indicators_present = warehouse.table_exists(suites.INDICATORS)
    if indicators_present:
        gx_results, data_docs = suites.validate_all(suites.read_indicators(warehouse), docs_dir)
    checks = history.read_latest(warehouse)
    now = now or history.utc_now()
    missing = missing_exports(warehouse, checks, now)
    return {
        "problems": missing + problems(warehouse, history.read(warehouse), checks) + set_aside_problems(warehouse),
        "missing_exports": sum(len(p["partitions"]) for p in missing),
        "generated_at": paris_time(now),
        "quarantine": quarantine_summary(warehouse),
        "gx_results": gx_results,
        "rules_fr": {o.rule: rule_fr(o.rule) for result in gx_results for o in result.outcomes},
        "indicators_present": indicators_present,
        "data_docs": f"{DOCS_FOLDER}/index.html" if data_docs else None,
        "trend": trend(warehouse, checks),
        "latest_checks": latest_checks(checks),
        "revisions": revised_years(warehouse),
    }


def problems(warehouse: Warehouse, every: pd.DataFrame, latest: pd.DataFrame) -> list[dict]:
    """Each rule that ever failed: since when, where, whether it still fails, what to do. Still
    failing first, then resolved ones."""
    failures = [
        {"asset": r.asset, "check_name": r.check_name, "partition": r.partition, "rule": rule,
         "checked_at": pd.Timestamp(r.checked_at), "run_id": r.run_id}
        for r in every.itertuples() if not bool(r.passed)
        for rule in (json.loads(r.details or "{}") or {r.check_name: 1})
    ]
    if not failures:
        return []
    current: dict[tuple, list] = {}
    refused: dict[str, list[dict]] = {}  # asset -> its files refused whole, each with its reason and what to do
    for r in latest.itertuples():
        if not bool(r.passed):
            for rule in json.loads(r.details or "{}") or {r.check_name: 1}:
                current.setdefault((r.asset, r.check_name, rule), []).append(r.partition)
                if rule == STRUCTURAL_ERROR:
                    file, reason, action = refusal(getattr(r, "message", None))
                    refused.setdefault(r.asset, []).append({"partition": r.partition, "fichier": file, "motif": reason,
                                                            "que faire": action})
    out = []
    for (asset, check_name, rule), group in pd.DataFrame(failures).groupby(["asset", "check_name", "rule"], sort=True):
        first = group.sort_values(["checked_at", "partition"], na_position="first").iloc[0]
        advice = guidance(check_name, rule)
        failing_now = (asset, check_name, rule) in current
        out.append({
            "asset": asset, "check_name": check_name, "rule": rule, "still_failing": failing_now,
            "first_at": paris_time(first["checked_at"]), "first_partition": None if pd.isna(first["partition"]) else first["partition"],
            "first_run": (first["run_id"] or "")[:8] or None,
            "partitions": sorted(p for p in current.get((asset, check_name, rule), []) if isinstance(p, str)),
            "meaning": advice.meaning, "action": advice.action, "rule_fr": rule_fr(rule), "missing": False,
            "sources": (explain(warehouse, rule) if failing_now and asset == suites.INDICATORS
                        else refused.get(asset, []) if failing_now and rule == STRUCTURAL_ERROR else []),
        })
    return sorted(out, key=lambda p: (not p["still_failing"], p["asset"], p["rule"]))


def set_aside_problems(warehouse: Warehouse) -> list[dict]:
    """Each rule a `qa_` model applies that sets rows aside now: its rows (source, file, line), what to do."""
    rows = read_set_aside(warehouse)
    out = []
    for (model, rule), group in rows.groupby(["model", "rule"], sort=True):
        advice = guidance("model", rule)
        first = group.sort_values(["partition_key", "file", "line"]).iloc[0]
        out.append({
            "asset": model, "check_name": "model", "rule": rule, "rule_fr": rule_fr(rule), "still_failing": True, "missing": False,
            "first_at": None,
            "first_partition": first["partition_key"], "first_run": None,
            "partitions": sorted({p for p in group["partition_key"] if isinstance(p, str)}),
            "meaning": f"{len(group)} ligne(s) écartée(s) des chiffres. {advice.meaning}", "action": advice.action,
            "sources": _records(group[["source", "file", "line", "report_year"]].head(MAX_SOURCE_ROWS)),
        })
    return out


def missing_exports(warehouse: Warehouse, checks: pd.DataFrame, now: dt.datetime) -> list[dict]:
    """Each monthly source with months whose export never arrived, over the report years the
    warehouse holds months of (a year in progress: up to the last month any source reached)."""
    contract = checks[(checks["check_name"] == "contract") & checks["partition"].notna()]
    months = sorted(p for p in contract["partition"] if len(p) == 7)
    if not months:
        return []
    today = paris(now).date()
    missing: dict[str, list[str]] = {}
    readings = Readings.read(warehouse)  # once for every year
    for year in range(int(months[0][:4]), int(months[-1][:4]) + 1):
        for source in data_state(warehouse, year, year_to_date=year >= today.year, readings=readings).sources:
            if source.missing_partitions and len(source.missing_partitions[0]) == 7:  # monthly sources
                missing.setdefault(source.source, []).extend(source.missing_partitions)
    contracts = {c.name: c for c in map(ExtractContract, ALL_SCHEMAS)}
    out = []
    for name, partitions in sorted(missing.items()):
        found = contracts.get(name)
        advice = guidance(MISSING_EXPORT, "missing_export")
        out.append({
            "asset": found.table if found else name, "check_name": MISSING_EXPORT, "rule": "missing_export",
            "rule_fr": rule_fr("missing_export"), "still_failing": True, "missing": True,
            "first_at": None, "first_partition": partitions[0], "first_run": None, "partitions": sorted(partitions),
            "meaning": advice.meaning, "action": advice.action,
            "expected": found.file_pattern.format(partition=partitions[0], year=partitions[0][:4]) if found else None,
            "sources": [],
        })
    return out


def revised_years(warehouse: Warehouse) -> list[dict]:
    """Each published year whose figures moved since: the publication and its revised figures."""
    if not warehouse.table_exists(publication.PUBLICATIONS):
        return []
    years = warehouse.read_sql(f"select distinct report_year from {publication.PUBLICATIONS} order by report_year")["report_year"]
    out = []
    for year in map(int, years):
        revised = publication.revisions(warehouse, year)
        if revised:
            state = DataState(year, (), publication=publication.latest(warehouse, year), revisions=tuple(revised))
            out.append({"year": year, "sentence": state.publication_fr(), "rows": state.revisions_fr()})
    return out


def paris(moment) -> dt.datetime:
    """A time of the history (naive UTC) in Paris time."""
    stamp = pd.Timestamp(moment)
    return (stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp).tz_convert(PARIS).to_pydatetime()


def paris_time(moment) -> str:
    """« 06/12/2026 20:31 », Paris time (CET or CEST as the date has it)."""
    return paris(moment).strftime("%d/%m/%Y %H:%M")


def explain(warehouse: Warehouse, rule_name: str) -> list[dict]:
    """The source rows behind a failing indicator rule, when the rule says how to find them."""
    rule = next((r for r in SUM_RULES if r.name == rule_name and r.explain), None)
    if rule is None:
        return []
    try:
        return _records(warehouse.read_sql(rule.explain + f" limit {MAX_SOURCE_ROWS}"))
    except Exception:  # a model not built yet (a domain not ingested): nothing to show
        return []


def quarantine_summary(warehouse: Warehouse) -> dict:
    empty = {"lines": 0, "failures": 0, "by_source": [], "by_rule": [], "rows": [], "shown": 0}
    if not warehouse.table_exists(QUARANTINE):
        return empty
    by_source = warehouse.read_sql(
        f"""select source, count(*) as failures, count(distinct file) as files,
                   count(distinct file || ':' || cast(line as varchar)) as lines
            from {QUARANTINE} group by source order by source"""
    )
    if by_source.empty:
        return empty
    by_rule = warehouse.read_sql(
        f"""select source, "column", rule, reason, count(*) as failures
            from {QUARANTINE} group by source, "column", rule, reason
            order by source, failures desc, "column", rule"""
    )
    rows = warehouse.read_sql(
        f"""select source, partition_key, file, line, "column", rule, reason, value
            from {QUARANTINE} order by source, partition_key desc, file, line, "column", rule limit {MAX_FAILURE_ROWS}"""
    )
    by_rule["rule_fr"] = by_rule["rule"].map(rule_fr)
    rows["rule_fr"] = rows["rule"].map(rule_fr)
    return {
        "lines": int(by_source["lines"].sum()),
        "failures": int(by_source["failures"].sum()),
        "by_source": _records(by_source),
        "by_rule": _records(by_rule),
        "rows": _records(rows),
        "shown": len(rows),
    }


def trend(warehouse: Warehouse, checks: pd.DataFrame) -> dict:
    """Quarantined rows per partition (newest first) and source, for the sources with any; the
    others are named once (`clean`)."""
    counts: dict[tuple[str, str], int] = {}
    if warehouse.table_exists(QUARANTINE):
        frame = warehouse.read_sql(
            f"""select source, partition_key, count(distinct file || ':' || cast(line as varchar)) as lines
                from {QUARANTINE} group by source, partition_key"""
        )
        counts = {(r.source, r.partition_key): int(r.lines) for r in frame.itertuples()}
    contract = checks[(checks["check_name"] == "contract") & checks["partition"].notna()]
    checked = {(_source(a), p) for a, p in zip(contract["asset"], contract["partition"])}
    keys = set(counts) | checked
    sources = sorted({s for (s, _), n in counts.items() if n})  # a column for each source with anomalies: fits the screen
    partitions = sorted({p for _, p in keys}, reverse=True)
    rows = [
        {"partition": p, "cells": [counts.get((s, p), 0 if (s, p) in checked else None) for s in sources]}
        for p in partitions
    ]
    return {"sources": sources, "rows": _collapse_clear(rows) if sources else [],
            "clean": sorted({s for s, _ in keys} - set(sources))}


def _collapse_clear(rows: list[dict]) -> list[dict]:
    """Runs of partitions without any quarantined row become one line: problems stand out."""
    out: list[dict] = []
    for row in rows:
        clear = not any(row["cells"])
        if clear and out and out[-1]["quiet"]:
            out[-1].update(since=row["partition"], partitions=out[-1]["partitions"] + 1)
        elif clear:
            out.append({"quiet": True, "until": row["partition"], "since": row["partition"], "partitions": 1})
        else:
            out.append({**row, "quiet": False})
    return out


def latest_checks(checks: pd.DataFrame) -> list[dict]:
    """Per asset and check, its latest evaluation (over all partitions checked that time)."""
    if checks.empty:
        return []
    out = []
    for (asset, check_name), group in checks.groupby(["asset", "check_name"], sort=True):
        out.append({
            "asset": asset,
            "check_name": check_name,
            "severity": group["severity"].iloc[0],
            "checked_at": paris_time(group["checked_at"].max()),
            "partitions": int(group["partition"].notna().sum()),
            "failed_partitions": int((~group["passed"].astype(bool) & group["partition"].notna()).sum()),
            "passed": bool(group["passed"].astype(bool).all()),
            "failing_rows": int(pd.to_numeric(group["failing_rows"]).fillna(0).sum()),
        })
    return out


def render(context: dict) -> str:
    return environment().get_template(TEMPLATE).render(**context)


def _source(asset: str) -> str:
    return asset.removeprefix("raw_")


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: (None if _missing(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False

"""Publication and revisions of a report year's figures, as a statistics office keeps them.

Until a year is published its figures are provisional (« provisoire »): every later export may
change them. `publish` freezes the year's figures as printed by the association: each figure's
exact value, with the publication date, the code version and the SHA-256 of every export the
figures came from (`ingested_files`). Publishing a year again is refused unless `replace` is
given; a replacement is a new version, the earlier ones are kept.

After a publication, `revisions` compares the current figures with the published ones: each
figure whose value moved (or that appeared or vanished), with the export that changed it (the
latest export of the figure's domain whose content differs from, or was absent at, the
publication). Every output of the year shows them (`quality.data_state`).

Tables (warehouse): `publications` (report_year, version, published_at, code_version, exports,
figures) and `published_figures` (report_year, version, indicator_id, period, value, unit).

Belongs here: recording publications and reading revisions. Not here: how outputs show them
(`reporting/`), the command (`pipelines/run.py`).
"""
from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ingestion import ExtractContract
from schemas import DOMAINS
from warehouse import Warehouse

PUBLICATIONS = "publications"
PUBLISHED_FIGURES = "published_figures"
INGESTED_FILES = "ingested_files"  # pipelines.changes.TABLE: the export files behind the warehouse
PACKAGE = "mno-insertion-data"


class PublicationExists(Exception):
    """The year is published already: publishing again needs `replace`."""


@dataclass(frozen=True)
class Publication:
    year: int
    version: int
    published_at: str  # ISO 8601, UTC
    code_version: str
    figures: int

    @property
    def date_fr(self) -> str:
        return dt.datetime.fromisoformat(self.published_at).strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Revision:
    indicator_id: str
    period: str
    published: Decimal | None  # None: a figure absent from the publication
    current: Decimal | None  # None: a published figure no longer computed
    export: str | None  # the month of the latest export that may have changed it: "YYYY-MM"
    unit: str = ""  # the indicators table's: count, pct, eur...


def code_version() -> str:
    """The package version, and the git commit when the code runs from a checkout."""
    try:
        version = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        version = "0"
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).resolve().parents[1],
                             capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        sha = ""
    return f"{version}+{sha}" if sha else version


def latest(warehouse: Warehouse, year: int) -> Publication | None:
    if not warehouse.table_exists(PUBLICATIONS):
        return None
    rows = warehouse.read_sql(f"select * from {PUBLICATIONS} where report_year = :y order by version desc", {"y": year})
    if rows.empty:
        return None
    r = rows.iloc[0]
    return Publication(int(r["report_year"]), int(r["version"]), str(r["published_at"]), str(r["code_version"]), int(r["figures"]))


def publish(warehouse: Warehouse, year: int, replace: bool = False, now: dt.datetime | None = None) -> tuple[Publication, list[Revision]]:
    """Freeze `year`'s current figures as published. Returns the publication and, for a
    replacement, what changes against the previous one. Raises `PublicationExists` (saying what
    would change) when the year is published and `replace` is not given, `ValueError` when the
    year has no figure."""
    figures = _current(warehouse, year)
    if figures.empty:
        raise ValueError(f"{year}: no figure in the warehouse: run the year first (python -m pipelines.run year {year})")
    previous = latest(warehouse, year)
    changes = revisions(warehouse, year) if previous else []
    if previous and not replace:
        raise PublicationExists(
            f"{year} was published on {previous.date_fr} (version {previous.version}); {len(changes)} figure(s) changed since"
            + (": " + ", ".join(f"{r.indicator_id} {_plain(r.published)} -> {_plain(r.current)}" for r in changes[:10]) if changes else "")
            + ". Publish again with --replace to make the current figures the published ones.")
    version = previous.version + 1 if previous else 1
    published_at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
    publication = Publication(year, version, published_at, code_version(), len(figures))
    exports = json.dumps(_exports(warehouse), sort_keys=True)
    with warehouse.begin() as conn:
        warehouse.ensure_table(conn, _publications_table())
        warehouse.ensure_table(conn, _figures_table())
        conn.execute(sa.text(f"insert into {PUBLICATIONS} (report_year, version, published_at, code_version, exports, figures) "
                             "values (:y, :v, :at, :code, :exports, :n)"),
                     {"y": year, "v": version, "at": published_at, "code": publication.code_version, "exports": exports,
                      "n": len(figures)})
        rows = figures.assign(report_year=year, version=version)[["report_year", "version", "indicator_id", "period", "value", "unit"]]
        warehouse.insert_frame(conn, PUBLISHED_FIGURES, rows)
    return publication, changes


def revisions(warehouse: Warehouse, year: int) -> list[Revision]:
    """The figures of `year` whose current value differs from the latest publication's (none before
    a publication), each with the export that changed it."""
    publication = latest(warehouse, year)
    if publication is None:
        return []
    published = warehouse.read_sql(
        f"select indicator_id, period, value, unit as published_unit from {PUBLISHED_FIGURES} where report_year = :y and version = :v",
        {"y": year, "v": publication.version})
    current = _current(warehouse, year)
    merged = published.merge(current, on=["indicator_id", "period"], how="outer", suffixes=("_published", "_current"))
    exports = _changed_exports(warehouse, year, publication.version)
    out = []
    for r in merged.sort_values(["indicator_id", "period"]).itertuples():
        before, after = _decimal(r.value_published), _decimal(r.value_current)
        if before == after:
            continue
        domain = r.domain if isinstance(r.domain, str) else None
        unit = r.unit if isinstance(r.unit, str) else r.published_unit
        out.append(Revision(r.indicator_id, r.period, before, after, exports.get(domain) or exports.get(None), unit or ""))
    return out


def _current(warehouse: Warehouse, year: int) -> pd.DataFrame:
    if not warehouse.table_exists("indicators"):
        return pd.DataFrame(columns=["indicator_id", "period", "value", "unit", "domain"])
    frame = warehouse.read_sql(
        "select indicator_id, period, cast(value as varchar) as value, unit, domain from indicators where report_year = :y",
        {"y": year})
    frame["value"] = frame["value"].map(lambda v: None if v is None or pd.isna(v) else _plain(Decimal(str(v))))
    return frame


def _exports(warehouse: Warehouse) -> dict[str, str]:
    """file -> SHA-256 of every export ingested, as the warehouse holds them now."""
    if not warehouse.table_exists(INGESTED_FILES):
        return {}
    frame = warehouse.read_sql(f"select file, content_sha256 from {INGESTED_FILES}")
    return dict(zip(frame["file"], frame["content_sha256"], strict=True))


def _changed_exports(warehouse: Warehouse, year: int, version: int) -> dict[str | None, str]:
    """Per domain (and None: any domain), the month of the latest export whose content changed or
    appeared since the publication: "YYYY-MM"."""
    row = warehouse.read_sql(f"select exports from {PUBLICATIONS} where report_year = :y and version = :v", {"y": year, "v": version})
    then = json.loads(row["exports"].iloc[0] or "{}") if not row.empty else {}
    if not warehouse.table_exists(INGESTED_FILES):
        return {}
    now = warehouse.read_sql(f"select raw_table, partition_key, file, content_sha256 from {INGESTED_FILES}")
    changed = now[[then.get(f) != sha for f, sha in zip(now["file"], now["content_sha256"])]]
    domains = {ExtractContract(s).table: d for d, schemas in DOMAINS.items() for s in schemas}
    out: dict[str | None, str] = {}
    for r in changed.sort_values(["partition_key", "file"]).itertuples():
        label = str(r.partition_key)
        out[domains.get(r.raw_table)] = label
        out[None] = label
    return out


def _decimal(value) -> Decimal | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return Decimal(str(value))


def _plain(value: Decimal | None) -> str:
    """An exact value without trailing zeros ("12", "12.5"); "n.d." for none."""
    return "n.d." if value is None else format(value.normalize(), "f")


def _publications_table() -> sa.Table:
    return sa.Table(PUBLICATIONS, sa.MetaData(),
                    sa.Column("report_year", sa.Integer, nullable=False), sa.Column("version", sa.Integer, nullable=False),
                    sa.Column("published_at", sa.Text, nullable=False), sa.Column("code_version", sa.Text, nullable=False),
                    sa.Column("exports", sa.Text, nullable=False), sa.Column("figures", sa.Integer, nullable=False))


def _figures_table() -> sa.Table:
    return sa.Table(PUBLISHED_FIGURES, sa.MetaData(),
                    sa.Column("report_year", sa.Integer, nullable=False), sa.Column("version", sa.Integer, nullable=False),
                    sa.Column("indicator_id", sa.Text, nullable=False), sa.Column("period", sa.Text),
                    sa.Column("value", sa.Text), sa.Column("unit", sa.Text))

"""The state of the data behind a report year: what every output says about its own completeness.

For each extract (contract), over the partitions a report year reads (its months; for yearly
vintages, the latest vintage up to the year after):

- partitions missing: months of the year for which no file was ever ingested (up to the last month
  any monthly source reached, for a year in progress);
- rows set aside: rows of those partitions in quarantine (distinct file lines);
- partitions flagged: an empty or swollen month (`plausibility` check);
- rows set aside by the SQL models (`quality.set_aside`: a rule across extracts, such as an exit of
  an unknown participant), those whose date falls in the year, each with its rule, file and line.

A domain none of whose extracts was ever delivered (a deployment without a Mission Locale, a
domain not yet in use) has no figure at all rather than wrong ones: it is listed apart
(`absent_domains`), not counted as incomplete.

And the latest verdict of each check on the indicators; and whether the year's figures are still
provisional or were published, with the published figures revised since (`quality.publication`). The data are complete when all of these
are empty: only then do the outputs say « données complètes ».

Belongs here: reading that state from the warehouse (quarantine, check history) and saying it in
French. Not here: the checks themselves (`ingestion/`, `assets/quality/`), nor how each output
shows it (`reporting/`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import pandas as pd

from ingestion import ExtractContract
from ingestion.files import ignored_files
from reporting.formatting import fr_number
from quality import history, publication
from quality.guidance import refusal
from quality.publication import Publication, Revision
from quality.set_aside import read_set_aside
from schemas import DOMAINS
from warehouse import Warehouse

INDICATOR_CHECKS_ASSET = "indicators"


@dataclass(frozen=True)
class SourceState:
    source: str  # the contract's name, e.g. plie__participants
    domain: str  # the indicators' domain its figures feed (territory, plie, ...)
    missing_partitions: tuple[str, ...] = ()
    rows_quarantined: int = 0
    flagged_partitions: tuple[str, ...] = ()
    unreadable_partitions: tuple[str, ...] = ()  # the latest file could not be read: older data, or none
    set_aside: tuple[tuple[str, str, int], ...] = ()  # rows the SQL models leave out: (rule, file, line)
    refusals: tuple[str | None, ...] = ()  # each unreadable partition's message: the file and why (quality.guidance.refusal)

    @property
    def complete(self) -> bool:
        return not (self.missing_partitions or self.rows_quarantined or self.flagged_partitions or self.unreadable_partitions
                    or self.set_aside)

    def issues_fr(self) -> list[str]:
        out = []
        if self.rows_quarantined:
            lines = "ligne écartée" if self.rows_quarantined == 1 else "lignes écartées"
            out.append(f"{self.source} : {self.rows_quarantined} {lines} (quarantaine)")
        if self.missing_partitions:
            out.append(f"{self.source} : fichier(s) non reçu(s) pour {_partitions_fr(self.missing_partitions)}")
        refusals = self.refusals or (None,) * len(self.unreadable_partitions)
        for partition, message in zip(self.unreadable_partitions, refusals):
            file, reason, action = refusal(message)
            named = f"fichier {file}" if file else "fichier"
            out.append(f"{self.source} : {named} refusé en entier pour {partition} ({reason}). Que faire : {action}")
        if self.flagged_partitions:
            out.append(f"{self.source} : volume inhabituel (fichier vide ou anormal) pour {_partitions_fr(self.flagged_partitions)}")
        if self.set_aside:
            n = len(self.set_aside)
            lines = "ligne écartée" if n == 1 else "lignes écartées"
            where = "; ".join(f"{rule} : {file} ligne {line}" for rule, file, line in self.set_aside[:3])
            more = f" et {n - 3} autre(s)" if n > 3 else ""
            out.append(f"{self.source} : {n} {lines} par les règles entre extraits ({where}{more}) : voir le rapport qualité")
        return out


@dataclass(frozen=True)
class CheckState:
    check_name: str
    severity: str
    details: str  # JSON text: rule -> count of failures

    def issue_fr(self) -> str:
        kind = "contrôle bloquant" if self.severity == history.ERROR else "contrôle d'alerte"
        rules = ", ".join(f"{rule} : {n} indicateur(s)" for rule, n in json.loads(self.details or "{}").items())
        return f"indicateurs : {kind} « {self.check_name} » en échec ({rules or 'voir le rapport qualité'})"


@dataclass(frozen=True)
class DataState:
    year: int
    sources: tuple[SourceState, ...]
    failed_checks: tuple[CheckState, ...] = field(default_factory=tuple)
    ignored_files: tuple[str, ...] = ()  # files of the extracts folder no contract expects
    absent_domains: tuple[str, ...] = ()  # domains none of whose extracts was ever delivered: no section, no figure
    publication: Publication | None = None  # None: the figures are provisional
    revisions: tuple[Revision, ...] = ()  # published figures whose current value differs

    def publication_fr(self) -> str:
        """The figures' status in one French sentence: provisional, published, or published and revised since."""
        if self.publication is None:
            return (f"Chiffres provisoires : les chiffres de {self.year} ne sont pas encore publiés et peuvent "
                    "changer avec les prochains exports.")
        text = f"Chiffres publiés le {self.publication.date_fr} (version {self.publication.version})"
        if not self.revisions:
            return text + " ; aucun n’a changé depuis."
        n = len(self.revisions)
        return (text + f" ; {n} chiffre{'s' if n > 1 else ''} publié{'s' if n > 1 else ''} révisé{'s' if n > 1 else ''} depuis, "
                "d’après des exports plus récents : liste des révisions ci-dessous, dans la feuille « Révisions » du "
                "classeur et dans le rapport qualité.")

    def revisions_fr(self) -> list[dict[str, str]]:
        """Each revision with its values as printed in French (27 572 ; 9,6)."""
        return [{"indicator_id": r.indicator_id, "period": r.period or "", "published": _value_fr(r.published),
                 "current": _value_fr(r.current), "export": r.export or "—"} for r in self.revisions]

    @property
    def complete(self) -> bool:
        return not self.failed_checks and not self.ignored_files and all(s.complete for s in self.sources)

    def issues_fr(self, domain: str | None = None) -> list[str]:
        """French lines, one per problem; a domain's own sources only when `domain` is given."""
        lines = [i for s in self.sources if domain in (None, s.domain) for i in s.issues_fr()]
        lines += [f"fichier ignoré (nom inattendu) : {name}" for name in self.ignored_files]
        return lines + [c.issue_fr() for c in self.failed_checks]

    def notes_fr(self) -> list[str]:
        """What is absent by design rather than wrong: domains never delivered."""
        return [f"domaine {d} : aucun extrait reçu, ses chiffres sont sans objet" for d in self.absent_domains]

    def domain_complete(self, domain: str) -> bool:
        return not self.issues_fr(domain)

    @property
    def rows_quarantined(self) -> int:
        return sum(s.rows_quarantined for s in self.sources)

    @property
    def rows_set_aside(self) -> int:
        return sum(len(s.set_aside) for s in self.sources)


@dataclass(frozen=True)
class Readings:
    """What the data's state of any year is computed from, read from the warehouse once: the
    latest check results, the quarantined lines per source and partition, the rows the models set aside."""

    latest: pd.DataFrame
    quarantined: pd.DataFrame
    set_aside: pd.DataFrame

    @classmethod
    def read(cls, warehouse: Warehouse) -> Readings:
        return cls(history.read_latest(warehouse), _quarantined(warehouse), read_set_aside(warehouse))

    @cached_property
    def by_extract(self) -> _ByExtract:
        """The readings split by extract once, for every year's state (a frame filtered per extract
        and per year cost more than the rest of the state)."""
        return _ByExtract.of(self)


@dataclass(frozen=True)
class _ByExtract:
    ingested: pd.DataFrame  # the latest contract checks of files that were read
    delivered: frozenset[str]  # raw tables with a contract check
    done: dict[str, frozenset[str]]  # raw table -> partitions ingested
    flagged: dict[str, pd.DataFrame]  # raw table -> failed plausibility checks
    unreadable: dict[str, pd.DataFrame]  # raw table -> files refused whole
    quarantined: dict[str, pd.DataFrame]  # source -> quarantined lines per partition
    set_aside: dict[tuple[int, str], pd.DataFrame]  # (report year, source) -> rows set aside by the models

    @classmethod
    def of(cls, readings: Readings) -> _ByExtract:
        latest = readings.latest
        contract_checks = latest[latest["check_name"] == "contract"]
        refused = contract_checks["details"].fillna("").str.contains(history.STRUCTURAL_ERROR)
        ingested, unreadable = contract_checks[~refused], contract_checks[refused]
        flagged = latest[(latest["check_name"] == "plausibility") & ~latest["passed"].astype(bool)]
        return cls(
            ingested, frozenset(contract_checks["asset"]),
            {asset: frozenset(group["partition"].dropna()) for asset, group in ingested.groupby("asset")},
            dict(iter(flagged.groupby("asset"))), dict(iter(unreadable.groupby("asset"))),
            dict(iter(readings.quarantined.groupby("source"))),
            {(int(year), source): group for (year, source), group in readings.set_aside.groupby(["report_year", "source"])},
        )


@cache
def _contracts() -> dict[str, tuple[ExtractContract, ...]]:
    return {domain: tuple(map(ExtractContract, schemas)) for domain, schemas in DOMAINS.items()}


def data_state(warehouse: Warehouse, year: int, year_to_date: bool = False, extracts_dir: Path | None = None,
               readings: Readings | None = None) -> DataState:
    """`year_to_date`: a year in progress, read up to the last month any monthly source reached;
    `extracts_dir`: where to look for files no contract expects; `readings`: the warehouse's
    readings when the caller computes the state of several years (`Readings.read`, once)."""
    readings = readings or Readings.read(warehouse)
    latest, split = readings.latest, readings.by_extract
    months = _months_of(year, split.ingested) if year_to_date else [f"{year}-{m:02d}" for m in range(1, 13)]
    sources, absent = [], []
    for domain, contracts in _contracts().items():
        if not split.delivered & {contract.table for contract in contracts}:  # a domain this deployment does not run (yet): no figure, nothing wrong
            absent.append(domain)
            continue
        for contract in contracts:
            done = split.done.get(contract.table, frozenset())
            if contract.partitioning == "month":
                wanted = set(months)
                missing = tuple(sorted(wanted - done))
            else:
                vintages = sorted(p for p in done if p <= str(year + 1))
                wanted = {vintages[-1]} if vintages else set()
                missing = () if vintages else (f"{year}",)
            quarantined = _within(split.quarantined.get(contract.name), "partition_key", wanted)
            flags = _within(split.flagged.get(contract.table), "partition", wanted)
            bad = _within(split.unreadable.get(contract.table), "partition", wanted)
            missing = tuple(p for p in missing if p not in set(bad["partition"])) if bad is not None else missing
            aside = split.set_aside.get((year, contract.name))
            bad = bad.sort_values("partition") if bad is not None else None
            messages = () if bad is None else bad["message"] if "message" in bad else pd.Series(None, index=bad.index)
            sources.append(SourceState(
                contract.name, domain, missing, int(quarantined["lines"].sum()) if quarantined is not None else 0,
                tuple(sorted(flags["partition"])) if flags is not None else (),
                tuple(bad["partition"]) if bad is not None else (),
                tuple((r.rule, r.file, int(r.line)) for r in aside.itertuples()) if aside is not None else (),
                tuple(None if pd.isna(m) else str(m) for m in messages)))
    checks = latest[(latest["asset"] == INDICATOR_CHECKS_ASSET) & ~latest["passed"].astype(bool)]
    failed = tuple(CheckState(r.check_name, r.severity, r.details) for r in checks.itertuples())
    contracts = [contract for domain in _contracts().values() for contract in domain]
    ignored = tuple(f.relative for f in ignored_files(extracts_dir, contracts)) if extracts_dir else ()
    return DataState(year, tuple(sources), failed, ignored, tuple(absent), publication.latest(warehouse, year),
                     tuple(publication.revisions(warehouse, year)))


def _within(frame: pd.DataFrame | None, column: str, wanted: set[str]) -> pd.DataFrame | None:
    """`frame`'s rows whose `column` is one of `wanted`; None when there are none."""
    if frame is None:
        return None
    rows = frame[frame[column].isin(wanted)]
    return rows if len(rows) else None


def _quarantined(warehouse: Warehouse) -> pd.DataFrame:
    if not warehouse.table_exists("quarantine"):
        return pd.DataFrame(columns=["source", "partition_key", "lines"])
    return warehouse.read_sql(
        "select source, partition_key, count(distinct file || ':' || cast(line as varchar)) as lines "
        "from quarantine group by source, partition_key"
    )


def _months_of(year: int, ingested: pd.DataFrame) -> list[str]:
    """The months of `year` a report reads: all twelve, or up to the last one any monthly source reached."""
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    reached = sorted(p for p in ingested["partition"].dropna() if len(p) == 7 and p.startswith(f"{year}-"))
    if not reached:
        return months
    return [m for m in months if m <= reached[-1]]


def _value_fr(value) -> str:
    if value is None:
        return "n.d."
    decimals = max(0, -value.normalize().as_tuple().exponent)
    return fr_number(float(value), min(decimals, 2))


def _partitions_fr(partitions: tuple[str, ...]) -> str:
    shown = ", ".join(partitions[:6])
    return shown + (f" et {len(partitions) - 6} autre(s)" if len(partitions) > 6 else "")

"""Plausibility of an extract against its file and its own history: what passes the contract's
rules yet cannot be believed.

Three tests, thresholds from `config/plausibility.yaml` (`PlausibilityRules`):

- a record dated where no export can place it (schema metadata `date_column`): after the end of
  the month of the export it came in, beyond a tolerance (rule `date_after_export`: a 2099 entry in
  a March 2025 file), or before the source's first year (rule `date_before_source`: 01/01/1900).
  A file is an export at a point in time, not a filter on dates: a record dated months or years
  before its export is an update (an end date, a result, a late entry), and is loaded;
- a value far from the same entity's value in the previous partition (schema metadata `history`:
  `{"value": "PMUN", "by": ["COM"]}`): quarantined, rule `implausible_change` (a commune of
  22 006 people reported at 9 999 999);
- a partition whose row count is far from the median of the previous ones, or empty where they
  were not: flagged (a header-only month), never quarantined; the `plausibility` check of the
  extract reports it and the outputs say their data are incomplete.

What belongs here: these tests. Not here: the contract's own rules (`schemas/`, pandera) or the
checks on indicators (`quality/`).
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
import yaml

from ingestion.contract import ExtractContract
from warehouse.engine import quote

DATE_AFTER_RULE = "date_after_export"
DATE_BEFORE_RULE = "date_before_source"
CHANGE_RULE = "implausible_change"
VOLUME_RULE = "volume_out_of_history"
EMPTY_RULE = "empty_partition"


@dataclass(frozen=True)
class PlausibilityRules:
    date_tolerance_days: int = 7  # after the end of the export's month
    # the first year a source can date a record in (key: the contract's `source`; `default` for the others)
    source_first_year: dict = field(default_factory=lambda: {"default": 2000})
    volume_history: int = 6
    volume_min_history: int = 3
    volume_min_median: float = 20
    volume_max_ratio: float = 3.0
    empty_min_median: float = 3
    value_max_change_pct: float = 50.0
    max_file_mb: float = 2048  # reading limits: a bigger file is refused whole, a longer cell sets its row aside
    max_field_chars: int = 100_000
    ages: dict | None = None  # source -> [youngest, oldest]: ages its people can have (ingestion.ages)

    @classmethod
    def load(cls, path: Path | str | None) -> PlausibilityRules:
        if path is None or not Path(path).exists():
            return cls()
        values = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        unknown = set(values) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"{path}: unknown plausibility setting(s) {sorted(unknown)}")
        return cls(**values)

    def first_year(self, source: str) -> int:
        return int(self.source_first_year.get(source, self.source_first_year.get("default", 2000)))


@dataclass(frozen=True)
class VolumeFlag:
    partition_key: str
    file: str
    rule: str
    rows: int
    median: float

    @property
    def reason(self) -> str:
        if self.rule == EMPTY_RULE:
            return f"{self.file}: no row, where the previous partitions had a median of {self.median:g} rows"
        return f"{self.file}: {self.rows} rows, against a median of {self.median:g} over the previous partitions"


def export_window(contract: ExtractContract, partition_key: str, rules: PlausibilityRules) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The dates a record of the export `partition_key` can bear: from January 1st of the source's
    first year to the end of the export's month plus the tolerance."""
    start = pd.Timestamp(f"{rules.first_year(contract.source)}-01-01")
    end = pd.Timestamp(f"{partition_key}-01") + pd.offsets.MonthEnd(0) + pd.Timedelta(days=rules.date_tolerance_days)
    return start, end


def implausible_dates(contract: ExtractContract, typed: pd.DataFrame, rules: PlausibilityRules) -> tuple[pd.Series, pd.Series]:
    """Rows (of a typed batch with `partition_key`) dated before the source's first year, and rows
    dated after the end of their export's month beyond the tolerance."""
    column = contract.date_column
    none = pd.Series(False, index=typed.index)
    if column is None or contract.partitioning != "month" or column not in typed:
        return none, none
    start = pd.Timestamp(f"{rules.first_year(contract.source)}-01-01")
    month_start = pd.to_datetime(typed["partition_key"] + "-01", format="%Y-%m-%d", errors="coerce")
    end = month_start + pd.offsets.MonthEnd(0) + pd.Timedelta(days=rules.date_tolerance_days)
    dates = typed[column]
    before = (dates.notna() & (dates < start)).fillna(False).astype(bool)
    after = (dates.notna() & (dates > end)).fillna(False).astype(bool)
    return before, after


def implausible_changes(contract: ExtractContract, conn: sa.Connection, partition_keys: list[str],
                        rules: PlausibilityRules) -> pd.DataFrame:
    """Rows of the loaded partitions whose history value moved too far from the previous partition's.

    Columns: partition_key, source_file, source_line, value, previous, previous_partition."""
    history = contract.history
    if not history:
        return pd.DataFrame()
    table, value = quote(contract.table), quote(history["value"])
    join = " and ".join(f"cur.{quote(c)} = prev.{quote(c)}" for c in history["by"])
    sql = sa.text(
        f"""with partitions as (select distinct partition_key from {table}),
                previous as (
                    select cur.partition_key, max(earlier.partition_key) as previous_partition
                    from partitions as cur inner join partitions as earlier on earlier.partition_key < cur.partition_key
                    group by cur.partition_key)
            select cur.partition_key, cur.source_file, cur.source_line,
                   cast(cur.{value} as double precision) as value, cast(prev.{value} as double precision) as previous,
                   previous.previous_partition
            from {table} as cur
            inner join previous on previous.partition_key = cur.partition_key
            inner join {table} as prev on prev.partition_key = previous.previous_partition and {join}
            where cur.partition_key in :keys
              and prev.{value} > 0
              and abs(cast(cur.{value} as double precision) - prev.{value}) * 100.0 / prev.{value} > :max_change
            order by cur.source_file, cur.source_line"""
    ).bindparams(sa.bindparam("keys", expanding=True))
    rows = conn.execute(sql, {"keys": partition_keys, "max_change": rules.value_max_change_pct}).mappings().all()
    return pd.DataFrame(rows)


def volume_flags(contract: ExtractContract, conn: sa.Connection, files: dict[str, str],
                 rules: PlausibilityRules) -> list[VolumeFlag]:
    """Flags for the loaded partitions (`files`: partition key -> file) against the previous ones."""
    counts = dict(
        conn.execute(sa.text(f"select partition_key, count(*) from {quote(contract.table)} group by partition_key")).all()
    )
    flags = []
    earliest = min(counts, default=None)
    for key, file in files.items():
        # partitions before the first one ever loaded are not history, they are before the source
        previous = [counts.get(k, 0) for k in _previous_keys(key, contract.partitioning, rules.volume_history)
                    if earliest is not None and k >= earliest]
        if len(previous) < rules.volume_min_history:
            continue  # too little history yet (a source's first months): nothing to compare with
        median = statistics.median(previous)
        rows = counts.get(key, 0)
        if rows == 0 and median >= rules.empty_min_median:
            flags.append(VolumeFlag(key, file, EMPTY_RULE, rows, median))
        elif median >= rules.volume_min_median and not median / rules.volume_max_ratio <= rows <= median * rules.volume_max_ratio:
            flags.append(VolumeFlag(key, file, VOLUME_RULE, rows, median))
    return flags


def _previous_keys(key: str, partitioning: str, n: int) -> list[str]:
    if partitioning == "month":
        period = pd.Period(key, freq="M")
        return [str(period - i) for i in range(1, n + 1)]
    return [str(int(key) - i) for i in range(1, n + 1)]

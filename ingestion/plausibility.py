"""Plausibility of an extract against its file and its own history: what passes the contract's
rules yet cannot be believed.

Three tests, thresholds from `config/plausibility.yaml` (`PlausibilityRules`):

- a record dated outside the month of the file it came in (schema metadata `date_column`), beyond
  a tolerance: quarantined, rule `date_outside_file_month` (a 2099 entry in a March file);
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
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
import yaml

from ingestion.contract import ExtractContract
from warehouse.engine import quote

DATE_RULE = "date_outside_file_month"
CHANGE_RULE = "implausible_change"
VOLUME_RULE = "volume_out_of_history"
EMPTY_RULE = "empty_partition"


@dataclass(frozen=True)
class PlausibilityRules:
    date_tolerance_days: int = 7
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


def date_outside_partition(contract: ExtractContract, typed: pd.DataFrame, rules: PlausibilityRules) -> pd.Series:
    """Rows (of a typed batch with `partition_key`) dated outside their file's month, beyond the tolerance."""
    column = contract.date_column
    if column is None or contract.partitioning != "month" or column not in typed:
        return pd.Series(False, index=typed.index)
    start = pd.to_datetime(typed["partition_key"] + "-01", format="%Y-%m-%d", errors="coerce")
    end = start + pd.offsets.MonthEnd(0)
    tolerance = pd.Timedelta(days=rules.date_tolerance_days)
    dates = typed[column]
    return (dates.notna() & ((dates < start - tolerance) | (dates > end + tolerance))).fillna(False)


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

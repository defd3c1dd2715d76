"""The partition scheme, in one place.

| partitions | key | assets |
|---|---|---|
| `monthly` | `YYYY-MM` from 2019-01 | activity extracts (PLIE, ...) and France Travail job seekers (month end) |
| `vintages` | `YYYY` from 2015 | yearly public extracts: INSEE census vintage, URSSAF publication vintage |
| `report_years` | `YYYY` from 2019 | annual indicators export and reports (the current year: year to date) |

SQL models are not partitioned: each rebuilds its table from the raw tables in the warehouse,
where the heavy computation belongs.
"""
from __future__ import annotations

import dagster as dg

FIRST_MONTH = "2019-01"

monthly = dg.MonthlyPartitionsDefinition(start_date=FIRST_MONTH, fmt="%Y-%m", end_offset=0, timezone="Europe/Paris")

vintages = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *", start="2015", fmt="%Y", end_offset=0, timezone="Europe/Paris"
)

report_years = dg.TimeWindowPartitionsDefinition(
    cron_schedule="0 0 1 1 *", start="2019", fmt="%Y", end_offset=1, timezone="Europe/Paris"
)

BY_NAME = {"month": monthly, "vintage": vintages}

# What each scheme means, for people: the Dagster UI describes a yearly time window by its cron
# expression (« 0 0 1 1 *, starting 2019 … End offsetted by 1 partition »); each partitioned asset
# carries this sentence in its metadata instead (`partitions_metadata`).
DESCRIPTIONS = {
    "month": "One partition per month (key YYYY-MM) from 2019-01 to the current month: "
                 "the month's extract file.",
    "vintage": "One partition per yearly vintage (key YYYY) from 2015 to the current year: "
                  "the publication of that year.",
    "report_year": "One partition per report year (key YYYY) from 2019 to the current year; "
                      "the current year's partition is a report to date.",
}


def partitions_metadata(scheme: str) -> dict[str, str]:
    """The asset metadata saying in words how the asset is partitioned (`month`, `vintage`, `report_year`)."""
    return {"partitions": DESCRIPTIONS[scheme]}


def contiguous_ranges(keys: list[str], partitions_def: dg.PartitionsDefinition) -> list[tuple[str, str]]:
    """The (first, last) key of each run of consecutive partitions among `keys`."""
    all_keys = partitions_def.get_partition_keys()
    positions = sorted(all_keys.index(k) for k in set(keys))
    ranges: list[tuple[str, str]] = []
    for pos in positions:
        if ranges and all_keys.index(ranges[-1][1]) == pos - 1:
            ranges[-1] = (ranges[-1][0], all_keys[pos])
        else:
            ranges.append((all_keys[pos], all_keys[pos]))
    return ranges


def range_tags(first: str, last: str) -> dict[str, str]:
    """Run tags that make one run cover a range of partitions (assets with a single-run backfill policy)."""
    return {"dagster/asset_partition_range_start": first, "dagster/asset_partition_range_end": last}

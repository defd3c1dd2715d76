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

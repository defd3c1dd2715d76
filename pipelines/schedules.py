"""The monthly refresh: on the 5th at 06:00 (Europe/Paris), ingest the previous month of every
monthly extract; declarative automation (`pipelines/automation.py`) then rebuilds the SQL models
and the year's report to date. Yearly public extracts (census, URSSAF) arrive once a year and are
picked up by the new-file sensor."""
from __future__ import annotations

import dagster as dg

from pipelines.partitions import monthly, vintages

monthly_extracts_job = dg.define_asset_job(
    "monthly_extracts_job",
    selection=dg.AssetSelection.tag("partitioning", "month"),
    partitions_def=monthly,
    description="Ingest one month of every monthly extract.",
)

vintage_extracts_job = dg.define_asset_job(
    "vintage_extracts_job",
    selection=dg.AssetSelection.tag("partitioning", "vintage"),
    partitions_def=vintages,
    description="Ingest one vintage of the yearly public extracts (census, URSSAF).",
)

EXTRACT_JOBS = {"month": monthly_extracts_job, "vintage": vintage_extracts_job}

monthly_refresh = dg.build_schedule_from_partitioned_job(
    monthly_extracts_job,
    name="monthly_refresh",
    description="On the 5th at 06:00, ingest the previous month; automation rebuilds everything downstream.",
    day_of_month=5,
    hour_of_day=6,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)

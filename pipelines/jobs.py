"""Named jobs: each run says what it was, in the UI's run list and timeline, instead of Dagster's
`__ephemeral_asset_job__` « Manually launched ».

- `monthly_extracts_job`, `vintage_extracts_job` (`pipelines/schedules.py`): ingest months of the
  monthly extracts (the monthly refresh, on the 5th), vintages of the yearly public ones;
- `year_report_job`: the SQL models, then the outputs of a report year (report, dashboard, export,
  workbook, open data): `make run`, `python -m pipelines.run year`;
- `backfill_reports_job`: the same for a range of years: `make backfill`;
- `data_quality_report_job`: the data-quality report, written after every command's runs.

`pipelines.run` launches its runs through these jobs, each tagged with the command that launched
it (`mno/command`), so a backfill's ingestion runs say they belong to it.

Belongs here: which assets a job runs. Not here: when (`schedules.py`, `sensors.py`, `automation.py`).
"""
from __future__ import annotations

import dagster as dg

from pipelines.schedules import EXTRACT_JOBS, monthly_extracts_job, vintage_extracts_job

QUALITY_REPORT = "data_quality_report"
COMMAND_TAG = "mno/command"

# Everything but the extracts and the quality report: the SQL models and the yearly outputs.
_REPORTS = (dg.AssetSelection.all() - dg.AssetSelection.tag("partitioning", "month")
            - dg.AssetSelection.tag("partitioning", "vintage") - dg.AssetSelection.assets(QUALITY_REPORT))

year_report_job = dg.define_asset_job(
    "year_report_job", selection=_REPORTS,
    description="The SQL models, then the outputs of a report year: report, dashboard, export, workbook, open data.",
    tags={"mno/kind": "year"},
)

backfill_reports_job = dg.define_asset_job(
    "backfill_reports_job", selection=_REPORTS,
    description="The SQL models, then the outputs of every report year of a backfill's range.",
    tags={"mno/kind": "backfill"},
)

data_quality_report_job = dg.define_asset_job(
    "data_quality_report_job", selection=dg.AssetSelection.assets(QUALITY_REPORT),
    description="The data-quality report: problems first, quarantine, indicator rules, trend per source.",
)

JOBS = [*EXTRACT_JOBS.values(), year_report_job, backfill_reports_job, data_quality_report_job]
EXTRACT_JOB_NAMES = {"month": monthly_extracts_job.name, "vintage": vintage_extracts_job.name}

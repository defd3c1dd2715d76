"""How the graph keeps itself up to date once new extracts are ingested (Dagster declarative
automation, evaluated by the daemon).

Extract assets are materialized by the monthly schedule, the new-file sensor or a backfill. Every
asset downstream then follows on its own:
- SQL models and reference tables (unpartitioned): as soon as any upstream partition is updated;
- annual outputs (by report year): the current year (a report to date) and the previous one, so
  the refresh of December, run in January, still rebuilds the finished year's report, and late
  corrections to last year's extracts reach its report. (Dagster's lookback counts back from the
  end of the latest window and keeps only whole windows: two years back covers both.)
"""
from __future__ import annotations

import datetime as dt

import dagster as dg

from pipelines.partitions import report_years

REPORT_LOOKBACK = dt.timedelta(days=2 * 366)

follow_upstream = dg.AutomationCondition.eager()
follow_upstream_recent_years = dg.AutomationCondition.eager().replace(
    "in_latest_time_window", dg.AutomationCondition.in_latest_time_window(lookback_delta=REPORT_LOOKBACK)
)


def with_automation(spec: dg.AssetSpec) -> dg.AssetSpec:
    """The automation condition an asset gets from its place in the graph (applied once, to all)."""
    if spec.partitions_def is None:
        return spec.replace_attributes(automation_condition=follow_upstream)
    if spec.partitions_def == report_years:
        return spec.replace_attributes(automation_condition=follow_upstream_recent_years)
    return spec  # an extract: ingested on schedule, on a new file, or by a backfill

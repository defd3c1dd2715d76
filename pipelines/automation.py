"""How the graph keeps itself up to date once new extracts are ingested (Dagster declarative
automation, evaluated by the daemon through `automation_sensor`).

Extract assets are materialized by the monthly schedule, the new-file sensor or a backfill. Every
asset downstream then follows on its own:
- reference tables from configuration: when missing;
- SQL models (unpartitioned): as soon as any upstream partition is updated, once every upstream
  table exists;
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

EXTRACTS = dg.AssetSelection.tag("partitioning", "month") | dg.AssetSelection.tag("partitioning", "vintage")

# Built on the first tick it is missing: the reference tables made from configuration.
from_configuration = (
    dg.AutomationCondition.missing().since_last_handled() & ~dg.AutomationCondition.in_progress()
).with_label("from_configuration")

# Like Dagster's `eager`, except that missing *partitions* of an extract do not block (monthly
# partitions run up to last month; the extracts of recent months may not have landed yet), while a
# missing upstream table does.
_UPSTREAM_UPDATED = dg.AutomationCondition.any_deps_updated().since_last_handled()
_READY = (
    ~dg.AutomationCondition.any_deps_missing().ignore(EXTRACTS)
    & ~dg.AutomationCondition.any_deps_in_progress()
    & ~dg.AutomationCondition.in_progress()
)
follow_upstream = (_UPSTREAM_UPDATED & _READY).with_label("follow_upstream")
follow_upstream_recent_years = (
    dg.AutomationCondition.in_latest_time_window(lookback_delta=REPORT_LOOKBACK) & _UPSTREAM_UPDATED & _READY
).with_label("follow_upstream_recent_years")


def with_automation(spec: dg.AssetSpec) -> dg.AssetSpec:
    """The automation condition an asset gets from its place in the graph (applied once, to all)."""
    if spec.partitions_def is None:
        condition = follow_upstream if spec.deps else from_configuration
        return spec.replace_attributes(automation_condition=condition)
    if spec.partitions_def == report_years:
        return spec.replace_attributes(automation_condition=follow_upstream_recent_years)
    return spec  # an extract: ingested on schedule, on a new file, or by a backfill


# Dagster's default automation sensor starts stopped: this one runs from the start.
automation_sensor = dg.AutomationConditionSensorDefinition(
    "follow_upstream_updates",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description="Materializes what the automation conditions ask for once extracts are ingested.",
)

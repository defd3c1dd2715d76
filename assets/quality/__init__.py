"""Data-quality domain: the Great Expectations checks on the indicators, the data-quality report
and the run-failure alert, contributed to the code location as one `Definitions` fragment.

Belongs here: Dagster definitions. Not here: the logic they call (the `quality/` package) and
the extract contracts' `contract` check (built with each extract asset in `assets/extracts.py`,
which records into the same history).
"""
from __future__ import annotations

import dagster as dg

from assets.quality.assets import ASSETS
from assets.quality.checks import CHECKS
from assets.quality.sensors import SENSORS


def quality_definitions() -> dg.Definitions:
    """The quality assets, checks and sensor. They need the `warehouse`, `project` and `alerts`
    resources (`quality.alerts.AlertsResource`), which `pipelines/definitions.py` provides."""
    return dg.Definitions(assets=ASSETS, asset_checks=CHECKS, sensors=SENSORS)

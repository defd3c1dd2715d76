"""Dagster resources: how assets reach the warehouse, the extracts, the outputs and the territory.

Built once from `Settings` in `pipelines/definitions.py`; assets never read the environment.
"""
from __future__ import annotations

from pathlib import Path

import dagster as dg

from ingestion.plausibility import PlausibilityRules
from pipelines.settings import PROJECT_ROOT
from pipelines.mde import MdeConfig
from pipelines.report_settings import ReportSettings
from pipelines.territory import Territory
from warehouse import Warehouse

# Every step that writes the warehouse belongs to this Dagster concurrency pool. The instance
# limits it to one step at a time on DuckDB (one writer per file), more on PostgreSQL: see
# deploy/dagster.yaml and deploy/dagster.production.yaml.
WAREHOUSE_POOL = "warehouse"


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse, by SQLAlchemy URL (DuckDB file by default, PostgreSQL for shared deployments)."""

    url: str

    def get(self) -> Warehouse:
        return Warehouse(self.url)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        # Let go of the DuckDB file (its lock) as soon as the run is over.
        self.get().dispose()


class ProjectConfig(dg.ConfigurableResource):
    """Folders, territory file and keys the assets work with."""

    extracts_dir: str
    output_dir: str
    territory_file: str
    pseudonymisation_key: str
    plie_target_positive_exit_pct: float = 50.0
    mde_file: str = str(PROJECT_ROOT / "config" / "mde.yaml")  # the MDE's sites, networks, clause FTE hours
    plausibility_file: str = ""
    sample_mode: bool = False  # the command's --generate-sample: the development key is allowed (pipelines.settings)
    report_dir: str = str(PROJECT_ROOT / "config" / "report")  # report.yaml and the yearly Markdown texts

    def plausibility(self) -> PlausibilityRules:
        return PlausibilityRules.load(self.plausibility_file or None)

    @property
    def extracts_path(self) -> Path:
        return Path(self.extracts_dir)

    @property
    def output_path(self) -> Path:
        return Path(self.output_dir)

    def territory(self) -> Territory:
        return Territory.load(Path(self.territory_file))

    def mde(self) -> MdeConfig:
        return MdeConfig.load(Path(self.mde_file))

    def report(self) -> ReportSettings:
        return ReportSettings.load(Path(self.report_dir))

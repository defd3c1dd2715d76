"""The code location: every asset, check and resource, assembled once.

Policies that apply to everything are set here, once: the resources built from `Settings`, the
automation conditions of every asset downstream of the extracts (`pipelines/automation.py`) and
the executor. Steps run in the run's own process: a step takes 12-50 ms there against ~1.7 s for a
process of its own, and warehouse writes are serialised by the `warehouse` concurrency pool anyway
(parallelism, on PostgreSQL, comes from concurrent runs).
"""
from __future__ import annotations

from functools import cache

import dagster as dg

from assets.mde import assets as mde_assets
from assets.ml import assets as ml_assets
from assets.plie import assets as plie_assets
from assets.quality import quality_definitions
from assets.reports import assets as report_assets
from assets.sql_models import sql_model_assets
from assets.territory import assets as territory_assets
from pipelines.automation import automation_sensor, with_automation
from pipelines.resources import ProjectConfig, WarehouseResource
from pipelines.runtime import tune_garbage_collector
from pipelines.jobs import JOBS
from pipelines.schedules import monthly_refresh
from pipelines.sensors import new_extract_files
from pipelines.settings import Settings
from quality.alerts import AlertsResource


def resources_for(settings: Settings) -> dict:
    return {
        "warehouse": WarehouseResource(url=settings.warehouse_url),
        "project": ProjectConfig(
            extracts_dir=str(settings.extracts_dir),
            output_dir=str(settings.output_dir),
            territory_file=str(settings.territory_file),
            # a secret: Dagster resolves it from the environment at run time, the UI shows its name only
            pseudonymisation_key=dg.EnvVar("MNO_PSEUDONYMISATION_KEY") if settings.key_from_env else settings.pseudonymisation_key,
            plie_target_positive_exit_pct=settings.plie_target_positive_exit_pct,
            plausibility_file=str(settings.plausibility_file),
            mde_file=str(settings.mde_file),
            sample_mode=settings.sample_mode,
            report_dir=str(settings.report_dir),
        ),
        "alerts": AlertsResource.from_settings(settings.alerts),
    }


@cache
def all_assets() -> tuple[dg.AssetsDefinition, ...]:
    """Every asset, built once per process (they do not depend on the settings)."""
    python_assets = dg.load_assets_from_modules([territory_assets, plie_assets, ml_assets, mde_assets, report_assets])
    assets = [*python_assets, *sql_model_assets()]
    _check_sql_dependencies(assets)
    return tuple(assets)


def _check_sql_dependencies(assets: list[dg.AssetsDefinition]) -> None:
    """A model reading a table no asset builds is a typo, not an external source: fail at load."""
    known = {key for a in assets for key in a.keys}
    for asset in assets:
        for dep in asset.dependency_keys:
            if dep not in known:
                raise ValueError(f"asset {asset.key.to_user_string()} reads {dep.to_user_string()}, which no asset builds")


@cache
def build_definitions(settings: Settings) -> dg.Definitions:
    """The code location for `settings`, built once per process and settings: the command line
    imports `defs` below (built from the environment) and then asks for the same definitions."""
    core = dg.Definitions(
        assets=list(all_assets()),
        jobs=JOBS,
        schedules=[monthly_refresh],
        sensors=[new_extract_files, automation_sensor],
        resources=resources_for(settings),
        executor=dg.in_process_executor,
    )
    return dg.Definitions.merge(core, quality_definitions()).map_asset_specs(func=lambda spec: with_owners(with_automation(spec)))


# Who answers for each group of assets (shown in the UI); teams, since people change.
OWNERS = {"territory": "team:data", "plie": "team:plie", "ml": "team:mission-locale", "mde": "team:mde",
          "communication": "team:mde", "reports": "team:direction", "quality": "team:data", "indicators": "team:data"}


def with_owners(spec: dg.AssetSpec) -> dg.AssetSpec:
    return spec.replace_attributes(owners=[OWNERS.get(spec.group_name, "team:data")])


defs = build_definitions(Settings.from_env())
tune_garbage_collector()  # every process that loads the code location: the CLI, run workers, the UI

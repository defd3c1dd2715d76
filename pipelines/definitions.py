"""The code location: every asset, check and resource, assembled once.

Policies that apply to everything are set here: the executor (in-process on DuckDB, whose file
takes one writer at a time; multiprocess on PostgreSQL) and the resources built from `Settings`.
"""
from __future__ import annotations

import dagster as dg

from assets.reports import assets as report_assets
from assets.sql_models import sql_model_assets
from assets.territory import assets as territory_assets
from pipelines.resources import ProjectConfig, WarehouseResource
from pipelines.settings import Settings


def resources_for(settings: Settings) -> dict:
    return {
        "warehouse": WarehouseResource(url=settings.warehouse_url),
        "project": ProjectConfig(
            extracts_dir=str(settings.extracts_dir),
            output_dir=str(settings.output_dir),
            territory_file=str(settings.territory_file),
            pseudonymisation_key=settings.pseudonymisation_key,
            plie_target_positive_exit_pct=settings.plie_target_positive_exit_pct,
        ),
    }


def all_assets() -> list[dg.AssetsDefinition]:
    python_assets = dg.load_assets_from_modules([territory_assets, report_assets])
    assets = [*python_assets, *sql_model_assets()]
    _check_sql_dependencies(assets)
    return assets


def _check_sql_dependencies(assets: list[dg.AssetsDefinition]) -> None:
    """A model reading a table no asset builds is a typo, not an external source: fail at load."""
    known = {key for a in assets for key in a.keys}
    for asset in assets:
        for dep in asset.dependency_keys:
            if dep not in known:
                raise ValueError(f"asset {asset.key.to_user_string()} reads {dep.to_user_string()}, which no asset builds")


def build_definitions(settings: Settings) -> dg.Definitions:
    single_writer = settings.warehouse_url.startswith("duckdb")
    return dg.Definitions(
        assets=all_assets(),
        resources=resources_for(settings),
        executor=dg.in_process_executor if single_writer else dg.multiprocess_executor,
    )


defs = build_definitions(Settings.from_env())

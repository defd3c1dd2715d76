"""The data-quality report asset."""

import dagster as dg

from ingestion import ExtractContract
from ingestion.files import ignored_files
from pipelines.resources import WAREHOUSE_POOL, ProjectConfig, WarehouseResource
from quality import report
from schemas import ALL_SCHEMAS

GROUP = "quality"


@dg.asset(group_name=GROUP, deps=["indicators"], kinds={"html", "great_expectations"}, pool=WAREHOUSE_POOL)
def data_quality_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """Rapport qualité des données: `<output>/qualite/rapport-qualite.html`, with the Great
    Expectations Data Docs in `<output>/qualite/gx-data-docs/`.

    Lists the extract rows currently in quarantine (file, line, column, rule, reason, value with
    personal values masked), the indicator rules that fail, the quarantined rows per source and
    month, and the latest result of every recorded check. It validates the indicator rules itself,
    so it is complete even when a run's blocking indicator check failed and skipped it: then
    materialize it alone."""
    contracts = [ExtractContract(schema) for schema in ALL_SCHEMAS]
    paths = report.write(warehouse.get(), project.output_path, ignored=ignored_files(project.extracts_path, contracts))
    context.log.info(f"data-quality report: {paths.html} ({paths.quarantined_lines} quarantined lines, "
                     f"{paths.failing_gx_rules} failing indicator rules)")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(paths.html)),
            "data_docs": dg.MetadataValue.path(str(paths.data_docs)) if paths.data_docs else "none",
            "quarantined_lines": paths.quarantined_lines,
            "failing_indicator_rules": paths.failing_gx_rules,
        }
    )


ASSETS = [data_quality_report]

"""Annual outputs of a report year: the indicators export (CSV) and the activity report (HTML, PDF).

They read the `indicators` table only and write under the output folder, `<output>/<year>/`.
"""

import datetime as dt

import dagster as dg

from pipelines.partitions import report_years
from pipelines.resources import WAREHOUSE_POOL, ProjectConfig, WarehouseResource
from reporting import render
from reporting.dashboard import render_dashboard
from reporting.figures import Figures, plain_decimal

GROUP = "reports"
EXPORT_COLUMNS = ["indicator_id", "period", "value", "unit", "domain"]


def _year_indicators(warehouse: WarehouseResource, year: int):
    return warehouse.get().read_sql(
        "select indicator_id, period, value, unit, domain from indicators where report_year = :year order by indicator_id",
        {"year": year},
    )


# One run can cover a range of years (a backfill): each asset loops over its partition keys.
YEARLY = {"group_name": GROUP, "partitions_def": report_years, "deps": ["indicators"], "backfill_policy": dg.BackfillPolicy.single_run(), "pool": WAREHOUSE_POOL}


@dg.asset(**YEARLY, kinds={"csv"})
def indicators_export(context: dg.AssetExecutionContext, warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """Every indicator of the report year as `<output>/<year>/indicators.csv`: id (the figures
    catalogue's), period, unrounded value (percentages in percent), unit and domain. Values are
    the table's exact decimals, written without float artefacts (2135533.46, not 2135533.4600000002)."""
    paths, rows = [], 0
    for year in map(int, context.partition_keys):
        frame = _year_indicators(warehouse, year)
        if frame.empty:  # e.g. the new year's partition, in January, before its first month is in
            context.log.warning(f"no indicator for {year} yet: no export written")
            continue
        path = project.output_path / str(year) / "indicators.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        frame["value"] = frame["value"].map(plain_decimal)
        frame[EXPORT_COLUMNS].to_csv(path, index=False, encoding="utf-8")
        paths.append(str(path))
        rows += len(frame)
    return dg.MaterializeResult(metadata={"paths": paths, "dagster/row_count": rows})


@dg.asset(**YEARLY, kinds={"html", "pdf"})
def annual_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """The association's activity report for the year, in French, as HTML and PDF:
    `<output>/<year>/rapport-activite-<year>.html` and `.pdf`. Built from the indicators table only.
    The current year's report is a report to date."""
    written = []
    for year in map(int, context.partition_keys):
        figures = Figures.from_frame(year, _year_indicators(warehouse, year))
        if not figures.rows:  # e.g. the new year's partition, in January, before its first month is in
            context.log.warning(f"no indicator for {year} yet: no report written")
            continue
        ctx = render.context(figures, project.territory(), year_to_date=year >= dt.date.today().year)
        folder = project.output_path / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        html_path = folder / f"rapport-activite-{year}.html"
        pdf_path = folder / f"rapport-activite-{year}.pdf"
        html_path.write_text(render.render_html(ctx), encoding="utf-8")
        render.render_pdf(ctx, pdf_path)
        written += [str(html_path), str(pdf_path)]
    return dg.MaterializeResult(metadata={"files": written})


@dg.asset(**{**YEARLY, "deps": ["indicators_monthly"]}, kinds={"html"})
def monthly_dashboard(context: dg.AssetExecutionContext, warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """The monthly steering dashboard of the year: at the end of each month, the year-to-date
    figures beside the same month of the previous year, as `<output>/<year>/tableau-de-bord-mensuel-<year>.html`.
    Its rows are configured in `reporting/dashboard.yaml`."""
    written = []
    for year in map(int, context.partition_keys):
        ytd = warehouse.get().read_sql(
            "select month, indicator_id, value from indicators_monthly where month >= :first and month <= :last",
            {"first": f"{year - 1}-01", "last": f"{year}-12"},
        )
        path = project.output_path / str(year) / f"tableau-de-bord-mensuel-{year}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_dashboard(year, ytd, project.territory()), encoding="utf-8")
        written.append(str(path))
    return dg.MaterializeResult(metadata={"files": written})

"""Annual outputs of a report year: the indicators export (CSV) and the activity report (HTML, PDF).

They read the `indicators` table only and write under the output folder, `<output>/<year>/`.
"""

import datetime as dt

import dagster as dg

from pipelines.partitions import report_years
from pipelines.resources import ProjectConfig, WarehouseResource
from reporting import render
from reporting.figures import Figures

GROUP = "reports"
EXPORT_COLUMNS = ["indicator_id", "period", "value", "unit", "domain"]


def _year_indicators(warehouse: WarehouseResource, year: int):
    return warehouse.get().read_sql(
        "select indicator_id, period, value, unit, domain from indicators where report_year = :year order by indicator_id",
        {"year": year},
    )


@dg.asset(group_name=GROUP, partitions_def=report_years, deps=["indicators"], kinds={"csv"})
def indicators_export(context: dg.AssetExecutionContext, warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """Every indicator of the report year as `<output>/<year>/indicators.csv`: id (the figures
    catalogue's), period, unrounded value (percentages in percent), unit and domain."""
    year = int(context.partition_key)
    frame = _year_indicators(warehouse, year)
    path = project.output_path / str(year) / "indicators.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    frame["value"] = frame["value"].round(6)
    frame[EXPORT_COLUMNS].to_csv(path, index=False, encoding="utf-8")
    return dg.MaterializeResult(metadata={"path": str(path), "dagster/row_count": len(frame)})


@dg.asset(group_name=GROUP, partitions_def=report_years, deps=["indicators"], kinds={"html", "pdf"})
def annual_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """The association's activity report for the year, in French, as HTML and PDF:
    `<output>/<year>/rapport-activite-<year>.html` and `.pdf`. Built from the indicators table only."""
    year = int(context.partition_key)
    figures = Figures.from_frame(year, _year_indicators(warehouse, year))
    if not figures.rows:
        raise dg.Failure(description=f"no indicator for {year}: materialize the extracts and SQL models first")
    year_to_date = year >= dt.date.today().year
    ctx = render.context(figures, project.territory(), year_to_date)
    folder = project.output_path / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    html_path = folder / f"rapport-activite-{year}.html"
    pdf_path = folder / f"rapport-activite-{year}.pdf"
    html_path.write_text(render.render_html(ctx), encoding="utf-8")
    render.render_pdf(ctx, pdf_path)
    return dg.MaterializeResult(
        metadata={"html": str(html_path), "pdf": str(pdf_path), "figures": len(figures.rows)}
    )

"""Annual outputs of a report year: the indicators export (CSV), the activity report (HTML, PDF)
and the monthly dashboard.

They read the indicator tables, and the data's state for the year (`quality.data_state`: rows set
aside, files missing, checks failed), which every output states; they write under the output
folder, `<output>/<year>/`, each asset's files replaced together (`reporting.outputs`).
"""

import datetime as dt
import hashlib

import dagster as dg

from pipelines.partitions import FIRST_MONTH, partitions_metadata, report_years
from pipelines.resources import WAREHOUSE_POOL, ProjectConfig, WarehouseResource
from quality.data_state import DataState, Readings, data_state
from reporting import render
from reporting.dashboard import render_dashboard
from reporting import open_data
from reporting.dictionary import describe, raw_sources
from reporting.export import export_frame, write_export
from reporting.figures import Figures, indicator_models
from reporting.lists import report_lists
from reporting.open_data import DisclosureRules
from reporting.outputs import rendered_from, write_together
from reporting.revisions import revisions_csv, version as revisions_version
from reporting.workbook import workbook

GROUP = "reports"


_STATES: dict[tuple, DataState | Readings] = {}  # per process: (run, warehouse, extracts, year) -> the data's state


def _state(context: dg.AssetExecutionContext, warehouse: WarehouseResource, project: ProjectConfig, year: int) -> DataState:
    """The data's state for `year`, read once per run: every output of the run states the same one
    (the outputs only read the warehouse, so it cannot change between them), and the warehouse's
    readings it is computed from are read once for all the run's years."""
    run = (context.run.run_id, warehouse.url, str(project.extracts_path))
    if (*run, year) not in _STATES:
        for stale in [k for k in _STATES if k[:3] != run]:  # one run's states at a time
            del _STATES[stale]
        if (*run, "readings") not in _STATES:
            _STATES[(*run, "readings")] = Readings.read(warehouse.get())
        _STATES[(*run, year)] = data_state(warehouse.get(), year, year_to_date=year >= dt.date.today().year,
                                           extracts_dir=project.extracts_path, readings=_STATES[(*run, "readings")])
    return _STATES[(*run, year)]


def _state_metadata(state: DataState) -> dict:
    return {"data_complete": state.complete, "rows_quarantined": state.rows_quarantined,
            "data_issues": len(state.issues_fr())}


def _year_indicators(warehouse: WarehouseResource, year: int):
    return warehouse.get().read_sql(
        "select indicator_id, period, value, unit, domain from indicators where report_year = :year order by indicator_id",
        {"year": year},
    )


# One run can cover a range of years (a backfill): each asset loops over its partition keys.
YEARLY = {"group_name": GROUP, "partitions_def": report_years, "deps": ["indicators"], "backfill_policy": dg.BackfillPolicy.single_run(),
          "pool": WAREHOUSE_POOL, "metadata": partitions_metadata("report_year")}


@dg.asset(**YEARLY, kinds={"csv"})
def indicators_export(context: dg.AssetExecutionContext, warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """Every indicator of the report year as `<output>/<year>/indicators.csv`, ready for a French
    spreadsheet (`;`, decimal comma, UTF-8 with BOM): id (the figures catalogue's), French label
    (the report's wording when the report prints it), domain, commune, period (first and last day as
    ISO dates, the census vintage apart), unit, the exact
    value (`value`, no float artefacts: 2135533,46) beside the value as printed (`value_printed`,
    rounded half up to the report's decimals: counts as integers, shares to 0,1), the sources, and
    whether the data behind the domain's figures are complete (`data_complete`; `data_issues` says
    what is missing or set aside)."""
    paths, rows, complete = [], 0, True
    for year in map(int, context.partition_keys):
        frame = _year_indicators(warehouse, year)
        if frame.empty:  # e.g. the new year's partition, in January, before its first month is in
            context.log.warning(f"no indicator for {year} yet: no export written")
            continue
        state = _state(context, warehouse, project, year)
        complete &= state.complete
        issues = {domain: state.issues_fr(domain) for domain in frame["domain"].unique()}
        frame = export_frame(frame, _described(warehouse, project, year, frame), issues)
        path = project.output_path / str(year) / "indicators.csv"
        write_together({path: lambda p, f=frame: write_export(f, p)})
        paths.append(str(path))
        rows += len(frame)
    return dg.MaterializeResult(metadata={"paths": paths, "dagster/row_count": rows, "data_complete": complete})


_DESCRIBED: dict[tuple, dict] = {}  # per process: the export, the workbook and the open data share one reading


def _described(warehouse: WarehouseResource, project: ProjectConfig, year: int, frame) -> dict:
    """Each indicator of the year described as the report prints it (reporting/dictionary.py). The
    sections do not show the data's state (the cover does), so none is read for them."""
    key = (warehouse.url, str(project.territory_file), project.mde_file, project.report_dir, year,
           hashlib.sha256(frame[["indicator_id", "period", "value", "unit"]].to_csv(index=False).encode()).hexdigest())
    if key not in _DESCRIBED:
        figures = Figures.from_frame(year, frame).with_models(indicator_models(warehouse.get(), year))
        ctx = render.context(figures, project.territory(), year_to_date=year >= dt.date.today().year, state=None,
                             with_charts=False, mde=project.mde(), report=project.report())
        _DESCRIBED[key] = describe(figures, render.render_sections(ctx), project.territory(), raw_sources())
    return _DESCRIBED[key]


@dg.asset(**YEARLY, kinds={"html", "pdf"})
def annual_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """The association's activity report for the year, in French, as HTML and PDF:
    `<output>/<year>/rapport-activite-<year>.html` and `.pdf`, and beside them the dictionary of its
    indicators, `dictionnaire-des-indicateurs-<year>.html`. Built from the indicators table, the
    MDE's event registers (the lists it prints) and the association's texts (config/report/).
    The current year's report is a report to date."""
    written, complete = [], True
    for year in map(int, context.partition_keys):
        frame = _year_indicators(warehouse, year)
        figures = Figures.from_frame(year, frame)
        if not figures.rows:  # e.g. the new year's partition, in January, before its first month is in
            context.log.warning(f"no indicator for {year} yet: no report written")
            continue
        figures = figures.with_models(indicator_models(warehouse.get(), year))  # for the appendix
        state = _state(context, warehouse, project, year)
        complete &= state.complete
        ctx = render.context(figures, project.territory(), year_to_date=year >= dt.date.today().year, state=state,
                             mde=project.mde(), report=project.report(), lists=report_lists(warehouse.get(), year))
        folder = project.output_path / str(year)
        html, pdf = render.render_html(ctx), folder / f"rapport-activite-{year}.pdf"
        dictionary = render.render_dictionary(ctx, _described(warehouse, project, year, frame))
        written += map(str, write_together({
            folder / f"rapport-activite-{year}.html": lambda p: p.write_text(html, encoding="utf-8"),
            folder / f"dictionnaire-des-indicateurs-{year}.html": lambda p: p.write_text(dictionary, encoding="utf-8"),
            pdf: rendered_from(pdf, render.pdf_source(ctx), lambda p: render.render_pdf(html, p)),  # when it changed
        }))
    return dg.MaterializeResult(metadata={"files": written, "data_complete": complete})


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
        html = render_dashboard(year, ytd, project.territory(), _state(context, warehouse, project, year))
        write_together({path: lambda p: p.write_text(html, encoding="utf-8")})
        written.append(str(path))
    return dg.MaterializeResult(metadata={"files": written})


@dg.asset(**YEARLY, kinds={"csv", "json"})
def open_data_release(context: dg.AssetExecutionContext, warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """The year's open-data release, `<output>/<year>/open-data/`: the indicators of every year from
    2019 to the report year as one CSV with its Frictionless `datapackage.json` (a Tabular Data
    Package: schema, licence, sources, coverage, contact: `config/open_data_portal.yaml`), in the
    national open-data schemas' conventions, under statistical disclosure control: small counts
    masked (threshold 5, 11 for sensitive populations, `config/open_data.yaml`), with their shares
    and evolutions, and secondary suppression so a masked cell cannot be recomputed from its total
    and the other parts. The rules are written in the package's description."""
    rules, portal = DisclosureRules.load(), open_data.Portal.load()
    written, masked_cells = [], 0
    for year in map(int, context.partition_keys):
        frame = warehouse.get().read_sql(
            "select report_year, indicator_id, period, value, unit, domain from indicators "
            "where report_year >= :first and report_year <= :year order by report_year, indicator_id",
            {"first": int(FIRST_MONTH[:4]), "year": year})
        if frame.empty or year not in set(frame["report_year"]):
            continue
        described = {int(y): _described(warehouse, project, int(y), part.drop(columns="report_year").reset_index(drop=True))
                     for y, part in frame.groupby("report_year")}
        state, hidden = _state(context, warehouse, project, year), open_data.masked(frame[frame["report_year"] == year], rules)
        files = open_data.release(frame, year, rules, described, territory=project.territory(), portal=portal,
                                  revisions=revisions_csv(state, {i: e.label for i, e in described[year].items()}, hidden),
                                  version=revisions_version(state))
        masked_cells += sum(len(open_data.masked(part, rules)) for _, part in frame.groupby("report_year"))
        folder = project.output_path / str(year) / "open-data"
        for stale in folder.glob("*") if folder.exists() else []:  # a release's files only (an earlier layout's go)
            if stale.is_file() and stale.name not in files:
                stale.unlink()
        written += map(str, write_together({folder / name: lambda p, t=text: p.write_text(t, encoding="utf-8")
                                            for name, text in files.items()}))
    return dg.MaterializeResult(metadata={"files": written, "masked_cells": masked_cells})


@dg.asset(**YEARLY, kinds={"xlsx"})
def indicators_workbook(context: dg.AssetExecutionContext, warehouse: WarehouseResource, project: ProjectConfig) -> dg.MaterializeResult:
    """The indicators workbook for people, `<output>/<year>/indicateurs-<year>.xlsx`: one sheet per
    domain in the report's order, its rows in the report's order, every report year with data up to
    the year side by side and the last year's evolution (points for shares, percent otherwise), the
    data's state on every sheet, numbers stored as numbers with French formats (counts,
    percentages, euros), and the dictionary of indicators."""
    written = []
    for year in map(int, context.partition_keys):
        frame = warehouse.get().read_sql(
            "select report_year, indicator_id, period, value, unit, domain from indicators where report_year <= :year", {"year": year})
        if frame.empty or year not in set(frame["report_year"]):
            continue
        current = frame[frame["report_year"] == year]
        data = workbook(frame, year, _described(warehouse, project, year, current), _state(context, warehouse, project, year),
                        year_to_date=year >= dt.date.today().year)
        path = project.output_path / str(year) / f"indicateurs-{year}.xlsx"
        written += map(str, write_together({path: lambda p, d=data: p.write_bytes(d)}))
    return dg.MaterializeResult(metadata={"files": written})

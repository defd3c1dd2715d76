"""Checks on the `indicators` table: the expectations of the Great Expectations suites (rules:
`quality/rules.py`), evaluated with pandas (`quality.suites.ArithmeticValidator`, GX's verdicts
without its import; GX itself builds the Data Docs of the data-quality report).

- `pct_in_range` (ERROR, blocking): a percentage out of [0, 100] (evolutions excepted);
- `parts_sum_to_totals` (ERROR, blocking): commune counts or sub-categories not adding up to
  their total;
- `year_over_year` (WARN): a count moving by more than the configured bound from one year to the
  next.

A blocking failure stops the assets downstream of `indicators` in the same run (the reports are not
published with a broken figure), and withdraws the failing years' existing outputs
(`reporting.outputs.withdraw`): an older report must not stay in place looking current. Every result is appended to `dq_check_history` and a failure is
alerted (e-mail or log) from the check itself, so alerts work in command-line runs without a daemon.
"""

import dagster as dg

from pipelines.resources import WAREHOUSE_POOL, ProjectConfig, WarehouseResource
from quality import history, suites
from quality.alerts import AlertsResource
from quality.report import explain
from quality.rules import YEAR_OVER_YEAR, YearOverYear
from reporting.outputs import withdraw

INDICATORS = dg.AssetKey(suites.INDICATORS)


class YearOverYearConfig(dg.Config):
    """The bound beyond which a year-over-year change warns (defaults: `quality/rules.py`)."""

    max_change_pct: float = YEAR_OVER_YEAR.max_change_pct
    min_previous: float = YEAR_OVER_YEAR.min_previous
    years: int = YEAR_OVER_YEAR.years


@dg.asset_check(
    asset=INDICATORS,
    name=suites.PCT_CHECK,
    blocking=True,
    pool=WAREHOUSE_POOL,
    description="Every percentage (unit pct) lies between 0 and 100, evolutions (*.evol_pct) excepted. A Great Expectations expectation, evaluated with pandas.",
)
def pct_in_range(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource, alerts: AlertsResource,
                 project: ProjectConfig) -> dg.AssetCheckResult:
    wh = warehouse.get()
    result = suites.validate_pct(suites.ArithmeticValidator(), suites.read_indicators(wh))
    return _conclude(context, wh, alerts, result, project)


@dg.asset_check(
    asset=INDICATORS,
    name=suites.SUMS_CHECK,
    blocking=True,
    pool=WAREHOUSE_POOL,
    description="Commune-level counts add up to the territory total and sub-categories to their category, "
    "each report year where both exist (rules in quality/rules.py). Great Expectations expectations, evaluated with pandas.",
)
def parts_sum_to_totals(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource, alerts: AlertsResource,
                        project: ProjectConfig) -> dg.AssetCheckResult:
    wh = warehouse.get()
    result = suites.validate_sums(suites.ArithmeticValidator(), suites.read_indicators(wh))
    return _conclude(context, wh, alerts, result, project)


@dg.asset_check(
    asset=INDICATORS,
    name=suites.YOY_CHECK,
    blocking=False,
    pool=WAREHOUSE_POOL,
    description="Counts of the latest report year within the configured bound (default ±50 %) of the year "
    "before: a warning to look at, not an error. A Great Expectations expectation, evaluated with pandas.",
)
def year_over_year(
    context: dg.AssetCheckExecutionContext, config: YearOverYearConfig, warehouse: WarehouseResource, alerts: AlertsResource
) -> dg.AssetCheckResult:
    wh = warehouse.get()
    rule = YearOverYear(max_change_pct=config.max_change_pct, min_previous=config.min_previous,
                        units=YEAR_OVER_YEAR.units, years=config.years)
    result = suites.validate_yoy(suites.ArithmeticValidator(), suites.read_indicators(wh), rule)
    return _conclude(context, wh, alerts, result)


def _conclude(context: dg.AssetCheckExecutionContext, wh, alerts: AlertsResource, result: suites.SuiteResult,
              project: ProjectConfig | None = None) -> dg.AssetCheckResult:
    record = result.record()
    history.record_and_alert(wh, [record], alerts.alerter(context.log), context.run.run_id)
    examples = [dict(e, rule=o.rule) for o in result.outcomes for e in o.examples]
    if project is not None and not result.passed and result.severity == history.ERROR:
        for year in sorted({int(e["report_year"]) for e in examples}):
            reasons = [f"Règle « {e['rule']} » : indicateur {e['indicator_id']} = {e['value']}" for e in examples
                       if int(e["report_year"]) == year]
            withdrawn = withdraw(project.output_path / str(year), reasons)
            if withdrawn:
                context.log.warning(f"{year}: {len(withdrawn)} output(s) withdrawn to {project.output_path / str(year) / 'obsolete'}")
    return dg.AssetCheckResult(
        passed=result.passed,
        severity=dg.AssetCheckSeverity.ERROR if result.severity == history.ERROR else dg.AssetCheckSeverity.WARN,
        metadata={
            "failing_rows": result.failing_rows,
            "failed_rules": [o.rule for o in result.outcomes if not o.passed],
            "rules": dg.MetadataValue.md(rules_table(result)),
            "examples": dg.MetadataValue.md(examples_table(examples)) if examples else "none",
            "details": dg.MetadataValue.json(dict(record.details)),
            **_source_rows(wh, result),
        },
    )


def _source_rows(wh, result: suites.SuiteResult) -> dict:
    """For a failing rule that says how to find them, the source rows behind it (file, line)."""
    rows = [dict(r, rule=o.rule) for o in result.outcomes if not o.passed for r in explain(wh, o.rule)]
    return {"source_rows": dg.MetadataValue.md(examples_table(rows))} if rows else {}


def rules_table(result: suites.SuiteResult) -> str:
    rows = ["| rule | verdict | rows checked | failing | what |", "|---|---|---|---|---|"]
    rows += [f"| {o.rule} | {'pass' if o.passed else 'FAIL'} | {o.evaluated} | {o.failing} | {_cell(o.description)} |" for o in result.outcomes]
    return "\n".join(rows)


def examples_table(examples: list[dict]) -> str:
    columns = list(dict.fromkeys(k for e in examples for k in e))
    rows = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    rows += ["| " + " | ".join(_cell(e.get(c)) for c in columns) + " |" for e in examples]
    return "\n".join(rows)


def _cell(value) -> str:
    return "" if value is None else str(value).replace("|", "\\|")


CHECKS = [pct_in_range, parts_sum_to_totals, year_over_year]

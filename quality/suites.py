"""Great Expectations suites on the `indicators` table, built from the rules in `quality/rules.py`.

Each check prepares one small frame from the indicators (the percentages; one column of
differences per sum rule; the year-over-year changes) and states one expectation per rule on it
(`Between`: a column's values within bounds). Two validators read the same expectations:

- `ArithmeticValidator` evaluates them with pandas, with GX's semantics (bounds included, missing
  values neither expected nor unexpected). The Dagster checks use it: GX's import alone costs ~3 s
  of CPU, most of a monthly refresh, for three comparisons.
- `Validator` runs them as a GX suite on an ephemeral context (nothing written in the repository)
  and reads each rule's verdict back from the validation result (the rule name is the
  expectation's `meta.rule`). The data-quality report uses it to build its GX Data Docs, whenever
  the indicators or the rules changed since the Data Docs in its folder were built (`validate_all`).

`tests/test_quality_checks.py` holds both to the same verdicts. GX is imported lazily, once per
process: loading the code location and the checks do not pay for it. Its import also loads, for
expectations and renderers the suites never use (the KL-divergence expectation's statistics and
charts), SciPy's statistics and Altair: `import_great_expectations` defers those two until something
uses them, about 1 s of CPU off each run that builds the Data Docs.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import re
import shutil
import sys
import types
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from quality.history import ERROR, WARN, CheckRecord
from quality.rules import PCT_RANGE, SUM_RULES, YEAR_OVER_YEAR, PctRange, SumRule, YearOverYear

INDICATORS = "indicators"
PCT_CHECK = "pct_in_range"
SUMS_CHECK = "parts_sum_to_totals"
YOY_CHECK = "year_over_year"
MAX_EXAMPLES = 10


@dataclass(frozen=True)
class RuleOutcome:
    rule: str
    description: str
    passed: bool
    evaluated: int  # rows the rule applied to (skipped years not counted)
    failing: int
    examples: list[dict] = field(default_factory=list)  # indicator_id, report_year, value, ...


@dataclass(frozen=True)
class SuiteResult:
    check_name: str
    severity: str  # ERROR or WARN
    outcomes: list[RuleOutcome]

    @property
    def passed(self) -> bool:
        return all(o.passed for o in self.outcomes)

    @property
    def failing_rows(self) -> int:
        return sum(o.failing for o in self.outcomes)

    def record(self, asset: str = INDICATORS) -> CheckRecord:
        return CheckRecord(
            asset=asset,
            check_name=self.check_name,
            severity=self.severity,
            passed=self.passed,
            failing_rows=self.failing_rows,
            details={o.rule: o.failing for o in self.outcomes if not o.passed},
        )


def read_indicators(warehouse) -> pd.DataFrame:
    frame = warehouse.read_sql("select report_year, indicator_id, period, value, unit, domain from indicators")
    return frame.astype({"report_year": "int64", "value": "float64"})


# --- the frames each suite validates --------------------------------------------------------------

def pct_frame(indicators: pd.DataFrame, rule: PctRange = PCT_RANGE) -> pd.DataFrame:
    """Percentages other than evolutions, one row each."""
    pct = indicators[indicators["unit"] == "pct"]
    excluded = pct["indicator_id"].str.fullmatch(rule.exclude)
    return pct[~excluded][["indicator_id", "report_year", "value"]].reset_index(drop=True)


def sums_frame(indicators: pd.DataFrame, rules: list[SumRule] = SUM_RULES) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(differences, detail): one row per report year and one column per rule holding
    `sum(parts) - total` (empty where the rule does not apply that year); `detail` has one row per
    year and rule that applies, with the total, the parts' sum and their count."""
    years = sorted(indicators["report_year"].unique().tolist())
    differences = pd.DataFrame({"report_year": years}, dtype="int64")
    detail = []
    for rule in rules:
        totals = indicators[indicators["indicator_id"] == rule.total].groupby("report_year")["value"].sum()
        parts = indicators[indicators["indicator_id"].str.fullmatch(rule.parts)].groupby("report_year")["value"].agg(["sum", "count"])
        both = parts.join(totals.rename("total"), how="inner")
        differences[rule.name] = differences["report_year"].map(both["sum"] - both["total"]).astype("float64")
        detail += [
            {"rule": rule.name, "report_year": int(y), "indicator_id": rule.total, "value": float(row.total),
             "parts_sum": float(row["sum"]), "parts": int(row["count"])}
            for y, row in both.iterrows()
        ]
    return differences, pd.DataFrame(detail, columns=["rule", "report_year", "indicator_id", "value", "parts_sum", "parts"])


def yoy_frame(indicators: pd.DataFrame, rule: YearOverYear = YEAR_OVER_YEAR) -> pd.DataFrame:
    """Indicators of the `rule.years` latest report years next to their value of the year before,
    with the change in percent (counts whose previous value is under `rule.min_previous` left out)."""
    counts = indicators[indicators["unit"].isin(rule.units)][["indicator_id", "report_year", "value"]]
    if counts.empty:
        return counts.assign(previous=pd.Series(dtype="float64"), change_pct=pd.Series(dtype="float64"))
    latest = sorted(counts["report_year"].unique())[-rule.years:]
    current = counts[counts["report_year"].isin(latest)]
    previous = counts.assign(report_year=counts["report_year"] + 1).rename(columns={"value": "previous"})
    frame = current.merge(previous, on=["indicator_id", "report_year"], how="inner")
    frame = frame[frame["previous"].abs() >= rule.min_previous]
    frame = frame.assign(change_pct=(frame["value"] - frame["previous"]) / frame["previous"].abs() * 100)
    return frame.sort_values(["report_year", "indicator_id"]).reset_index(drop=True)


# --- the expectations and their validators --------------------------------------------------------

@dataclass(frozen=True)
class Between:
    """Every value of `column` lies in [min_value, max_value] (GX's ExpectColumnValuesToBeBetween)."""

    column: str
    min_value: float
    max_value: float
    rule: str
    description: str


class ArithmeticValidator:
    """Expectations evaluated with pandas, as GX evaluates them: bounds included, missing values
    counted apart (neither expected nor unexpected), unexpected rows by index."""

    def __init__(self):
        self.shown: list = []  # what GX's Data Docs would show of each verdict (results_fingerprint)

    def validate(self, name: str, frame: pd.DataFrame, expectations: list[Between]) -> dict[str, dict]:
        verdicts = {}
        for e in expectations:
            values = frame[e.column]
            present = values.notna()
            unexpected = present & ~values.between(e.min_value, e.max_value)
            verdicts[e.rule] = {
                "success": not unexpected.any(),
                "element_count": len(values),
                "missing_count": int((~present).sum()),
                "unexpected_count": int(unexpected.sum()),
                "unexpected_index_list": frame.index[unexpected].tolist(),
            }
            self.shown.append((name, e, verdicts[e.rule], values[unexpected].astype(str).tolist()))
        return verdicts


# Imported by GX's own import for what the suites never run: the KL-divergence expectation's
# statistics (SciPy) and its charts (Altair), half of GX's import time.
UNUSED_BY_THE_SUITES = ("scipy.stats", "altair")


class _Deferred(types.ModuleType):
    """Stands in `sys.modules` for a module not imported yet; the first attribute asked of it
    imports the real module (which then replaces it in `sys.modules`) and answers from it. The
    standard library's `importlib.util.LazyLoader` cannot serve here: on Python 3.11 an `import`
    statement reads the lazy module's `__spec__`, which loads it."""

    def __init__(self, spec):
        super().__init__(spec.name)
        self.__spec__ = spec

    def __getattr__(self, attribute: str):
        name = self.__spec__.name
        if sys.modules.get(name) is self:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)


def import_great_expectations():
    """`great_expectations`, with `UNUSED_BY_THE_SUITES` deferred until something uses them."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")  # no usage statistics, no network
    if "great_expectations" not in sys.modules:
        for name in UNUSED_BY_THE_SUITES:
            try:
                spec = None if name in sys.modules else importlib.util.find_spec(name)
            except ModuleNotFoundError:  # its package missing: GX's import says so itself
                spec = None
            if spec is not None:
                sys.modules[name] = _Deferred(spec)
    import great_expectations  # noqa: PLC0415

    return great_expectations


class Validator:
    """One ephemeral GX context; with `docs_dir`, a Data Docs site is built there on request."""

    def __init__(self, docs_dir: Path | None = None):
        gx = import_great_expectations()
        from great_expectations.data_context.types.base import (
            DataContextConfig,
            InMemoryStoreBackendDefaults,
            ProgressBarsConfig,
        )

        self.gx = gx
        self.docs_dir = Path(docs_dir) if docs_dir else None
        sites = {}
        if self.docs_dir is not None:
            sites["quality"] = {
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(self.docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        config = DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False),
            data_docs_sites=sites,
        )
        self.context = gx.get_context(mode="ephemeral", project_config=config)
        self.source = self.context.data_sources.add_pandas("warehouse")

    def validate(self, name: str, frame: pd.DataFrame, expectations: list[Between]) -> dict[str, dict]:
        """Validate `frame` against `expectations` as a GX suite; per rule, GX's verdict: success,
        element/missing/unexpected counts, unexpected row indexes."""
        gx = self.gx
        batch = self.source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole table")
        suite = self.context.suites.add(gx.ExpectationSuite(name=f"indicators.{name}"))
        for e in expectations:
            suite.add_expectation(gx.expectations.ExpectColumnValuesToBeBetween(
                column=e.column, min_value=e.min_value, max_value=e.max_value, meta={"rule": e.rule}, description=e.description,
            ))
        definition = self.context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
        result = definition.run(batch_parameters={"dataframe": frame}, result_format="COMPLETE")
        verdicts = {}
        for r in result.results:
            if r.exception_info and r.exception_info.get("raised_exception"):
                raise RuntimeError(f"GX expectation {r.expectation_config.type} failed to run: {r.exception_info.get('exception_message')}")
            verdicts[r.expectation_config.meta["rule"]] = {
                "success": bool(r.success),
                "element_count": int(r.result.get("element_count") or 0),
                "missing_count": int(r.result.get("missing_count") or 0),
                "unexpected_count": int(r.result.get("unexpected_count") or 0),
                "unexpected_index_list": list(r.result.get("unexpected_index_list") or []),
            }
        return verdicts

    def build_data_docs(self) -> Path | None:
        if self.docs_dir is None:
            return None
        if self.docs_dir.exists():  # our own generated folder: start afresh so no stale page survives
            shutil.rmtree(self.docs_dir)
        self.context.build_data_docs(site_names=["quality"])
        for page in self.docs_dir.rglob("*.html"):
            page.write_text(offline(page.read_text(encoding="utf-8")), encoding="utf-8")
        return self.docs_dir / "index.html"


def validate_pct(validator: ArithmeticValidator | Validator, indicators: pd.DataFrame, rule: PctRange = PCT_RANGE) -> SuiteResult:
    frame = pct_frame(indicators, rule)
    name = "pct_between_0_and_100"
    description = f"percentages (unit pct, except ids matching {rule.exclude}) between {rule.minimum:g} and {rule.maximum:g}"
    expectation = Between("value", rule.minimum, rule.maximum, name, description)
    verdict = validator.validate(PCT_CHECK, frame, [expectation])[name]
    failing = frame.loc[verdict["unexpected_index_list"]]
    outcome = RuleOutcome(name, description, verdict["success"], len(frame), verdict["unexpected_count"], _examples(failing))
    return SuiteResult(PCT_CHECK, ERROR, [outcome])


def validate_sums(validator: ArithmeticValidator | Validator, indicators: pd.DataFrame, rules: list[SumRule] = SUM_RULES) -> SuiteResult:
    differences, detail = sums_frame(indicators, rules)
    expectations = [Between(rule.name, -rule.tolerance, rule.tolerance, rule.name, _sum_description(rule)) for rule in rules]
    verdicts = validator.validate(SUMS_CHECK, differences, expectations)
    outcomes = []
    for rule in rules:
        verdict = verdicts[rule.name]
        years = differences.loc[verdict["unexpected_index_list"], "report_year"].tolist()
        failing = detail[(detail["rule"] == rule.name) & detail["report_year"].isin(years)]
        evaluated = verdict["element_count"] - verdict["missing_count"]
        outcomes.append(RuleOutcome(rule.name, _sum_description(rule), verdict["success"], evaluated,
                                    verdict["unexpected_count"], _examples(failing, ["parts_sum", "parts"])))
    return SuiteResult(SUMS_CHECK, ERROR, outcomes)


def validate_yoy(validator: ArithmeticValidator | Validator, indicators: pd.DataFrame, rule: YearOverYear = YEAR_OVER_YEAR) -> SuiteResult:
    frame = yoy_frame(indicators, rule)
    name = "yoy_change_within_bound"
    description = (f"{'/'.join(rule.units)} of the {rule.years} latest report year(s) within ±{rule.max_change_pct:g} % "
                   f"of the year before (previous value ≥ {rule.min_previous:g})")
    expectation = Between("change_pct", -rule.max_change_pct, rule.max_change_pct, name, description)
    verdict = validator.validate(YOY_CHECK, frame, [expectation])[name]
    failing = frame.loc[verdict["unexpected_index_list"]]
    outcome = RuleOutcome(name, description, verdict["success"], len(frame), verdict["unexpected_count"],
                          _examples(failing, ["previous", "change_pct"]))
    return SuiteResult(YOY_CHECK, WARN, [outcome])


_REMOTE = re.compile(
    r"""<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>|<link[^>]*\bhref="https?://[^"]*"[^>]*/?>|<img[^>]*\bsrc="https?://[^"]*"[^>]*/?>""",
    re.IGNORECASE,
)
_OFFLINE_STYLE = """<style>body{font-family:"DejaVu Sans",Arial,sans-serif;margin:1rem 2rem}table{border-collapse:collapse}
td,th{border:1px solid #d0d7de;padding:.2rem .5rem;vertical-align:top}.hide,.d-none{display:none}
.ok{color:#1a7f37;font-weight:bold}.failed{color:#b42318;font-weight:bold}.cooltip .top{display:none}
div[id$="-table-toolbar"]{display:none}</style>"""


_TABLE_CALL = re.compile(r"""\$\(['"]#([\w-]+)['"]\)\.bootstrapTable\((.*?)</script>""", re.S)
_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.IGNORECASE)
_ICONS = [  # Font Awesome icons (drawn by a stylesheet from a CDN) as characters, with their words for screen readers
    (re.compile(r'<i class="fas fa-check-circle[^"]*"[^>]*>\s*</i>'), '<span class="ok" title="réussi">✔</span>'),
    (re.compile(r'<i class="fas fa-times(?:-circle)?[^"]*"[^>]*>\s*</i>'), '<span class="failed" title="en échec">✖</span>'),
    (re.compile(r'<i class="fas fa-exclamation-triangle[^"]*"[^>]*>\s*</i>'), '<span class="failed" title="alerte">⚠</span>'),
    (re.compile(r'<i class="fa[sbr]? [^"]*"[^>]*>\s*</i>'), ""),
]


def offline(html: str) -> str:
    """A Data Docs page with no asset from the network (scripts, stylesheets, logos from CDNs),
    readable offline with a small inline stylesheet: the quality report must open anywhere. The
    tables GX fills with a script from a CDN (bootstrap-table: the index of validations) are
    written out as plain HTML from the data GX inlines in the page, the status icons as characters,
    and the then useless scripts are dropped."""
    html = _static_tables(_REMOTE.sub("", html))
    html = _INLINE_SCRIPT.sub("", html)
    for icon, text in _ICONS:
        html = icon.sub(text, html)
    return html.replace("</head>", _OFFLINE_STYLE + "</head>", 1)


def _static_tables(html: str) -> str:
    """Each `$('#id').bootstrapTable({columns: [...], data: [...]})` table as plain rows: a status,
    the run time linking to the validation's page, then the other columns."""
    for table_id, body in _TABLE_CALL.findall(html):
        columns, data = _literal(body, "columns"), _literal(body, "data")
        if columns is None or data is None:
            continue
        head = "".join(f"<th>{c.get('title', c['field'])}</th>" for c in columns)
        rows = []
        for row in data:
            cells = []
            for column in columns:
                value = str(row.get(column["field"], "")).strip()
                if column["field"] == "validation_success" and row.get("_validation_success_text"):
                    value += f" {row['_validation_success_text']}"
                if column["field"] == "run_time" and row.get("_table_row_link_path"):
                    value = f'<a href="{row["_table_row_link_path"]}">{value}</a>'
                cells.append(f"<td>{value}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        filled = f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
        html = re.sub(rf'(<table\s+id="{re.escape(table_id)}"[^>]*>)\s*</table>', lambda m: m.group(1) + filled + "</table>", html)
    return html


def _literal(body: str, key: str):
    """The Python-like literal GX writes after `key:` in a table's options (a list of dicts)."""
    import ast  # noqa: PLC0415

    start = re.search(rf"\b{key}:\s*\[", body)
    if start is None:
        return None
    depth, quote, i = 0, None, start.end() - 1
    while i < len(body):  # the matching bracket, strings skipped
        char = body[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                try:
                    return ast.literal_eval(body[start.end() - 1:i + 1])
                except (ValueError, SyntaxError):
                    return None
        i += 1
    return None


DOCS_FINGERPRINT = ".results.sha256"


def validate_all(indicators: pd.DataFrame, docs_dir: Path | None = None) -> tuple[list[SuiteResult], Path | None]:
    """Every suite (the data-quality report's view), and GX Data Docs in `docs_dir` if asked.

    The verdicts come from `ArithmeticValidator`, which gives GX's verdicts without paying for its
    import. The Data Docs are built by GX (one context for the three suites) only when what they
    show changed: the rules, and each expectation's verdict, counts, and unexpected rows and values
    (`results_fingerprint`, stored beside them). A refresh whose new figures all pass as before
    keeps the Data Docs it has."""
    arithmetic = ArithmeticValidator()
    results = [validate_pct(arithmetic, indicators), validate_sums(arithmetic, indicators), validate_yoy(arithmetic, indicators)]
    if docs_dir is None:
        return results, None
    fingerprint = results_fingerprint(arithmetic)
    stamp = docs_dir / DOCS_FINGERPRINT
    if not ((docs_dir / "index.html").exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == fingerprint):
        validator = Validator(docs_dir)
        results = [validate_pct(validator, indicators), validate_sums(validator, indicators), validate_yoy(validator, indicators)]
        validator.build_data_docs()
        stamp.write_text(fingerprint, encoding="utf-8")
    return results, docs_dir / "index.html"


def results_fingerprint(validator: ArithmeticValidator) -> str:
    """SHA-256 of what the Data Docs show: the rules, and per expectation its verdict, its counts and
    its unexpected rows (indexes and values). Passing values are not shown, so they are not in it."""
    digest = hashlib.sha256(repr((asdict(PCT_RANGE), [asdict(r) for r in SUM_RULES], asdict(YEAR_OVER_YEAR))).encode())
    for name, expectation, verdict, values in validator.shown:
        digest.update(repr((name, asdict(expectation), sorted(verdict.items()), values)).encode())
    return digest.hexdigest()


def _sum_description(rule: SumRule) -> str:
    return f"{rule.total} = sum of /{rule.parts}/ (±{rule.tolerance:g}; skipped for years lacking them)"


def _examples(failing: pd.DataFrame, extra: list[str] | None = None) -> list[dict]:
    columns = ["indicator_id", "report_year", "value", *(extra or [])]
    rows = failing[columns].sort_values(["report_year", "indicator_id"], ascending=[False, True]).head(MAX_EXAMPLES)
    return [{k: _plain(v) for k, v in row.items()} for row in rows.to_dict("records")]


def _plain(value):
    """Python scalars only: Dagster metadata and JSON refuse numpy types."""
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else round(float(value), 3)
    return value

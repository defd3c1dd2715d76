"""The Great Expectations checks on a small hand-made `indicators` table: a percentage out of range
and a broken sum fail (ERROR), a year-over-year jump warns (WARN), rules whose indicators are absent
are skipped, and every result lands in `dq_check_history` (DuckDB and PostgreSQL)."""
from __future__ import annotations

import json

import dagster as dg
from pathlib import Path

import pandas as pd
import pytest

from assets.quality.checks import CHECKS
from quality import history, suites
from quality.alerts import AlertsResource
from pipelines.resources import ProjectConfig, WarehouseResource
from warehouse import Warehouse

COMMUNES = ["59328", "59368", "59378"]


def indicators(year: int, population: list[float], participants: list[float], participants_total: float) -> list[dict]:
    rows = [("territoire.population.total", sum(population), "count"), ("territoire.population.communes", 3.0, "count")]
    rows += [(f"territoire.population.{c}", v, "count") for c, v in zip(COMMUNES, population)]
    rows += [(f"plie.participants.commune.{c}", v, "count") for c, v in zip(COMMUNES, participants)]
    rows += [
        ("plie.participants.total", participants_total, "count"),
        ("plie.participants.hommes", 100.0, "count"),
        ("plie.participants.femmes", participants_total - 100.0, "count"),
        ("plie.participants.femmes.part_pct", (participants_total - 100.0) / participants_total * 100, "pct"),
        ("territoire.defm.abc.evol_pct", -12.5, "pct"),  # an evolution: negative is fine
    ]
    return [{"report_year": year, "indicator_id": i, "period": str(year), "value": v, "unit": u,
             "domain": i.split(".")[0]} for i, v, u in rows]


def write_indicators(url: str, rows: list[dict]) -> Warehouse:
    warehouse = Warehouse(url)
    warehouse.replace_table("indicators", pd.DataFrame(rows))
    return warehouse


def run_checks(url: str, output_dir: Path | None = None) -> dg.ExecuteInProcessResult:
    output_dir = output_dir or Path(url.removeprefix("duckdb:///")).parent / "out"
    project = ProjectConfig(extracts_dir="", output_dir=str(output_dir), territory_file="", pseudonymisation_key="k")
    return dg.materialize(
        [dg.AssetSpec("indicators"), *CHECKS],
        selection=dg.AssetSelection.checks_for_assets("indicators"),
        resources={"warehouse": WarehouseResource(url=url), "alerts": AlertsResource(), "project": project},
        raise_on_error=False,
    )


def evaluations(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


@pytest.fixture
def good_rows() -> list[dict]:
    return indicators(2024, [27000, 22000, 40000], [150, 80, 70], 300) + indicators(2025, [27500, 22100, 40900], [160, 76, 83], 319)


def test_clean_indicators_pass_every_check(tmp_path, good_rows):
    url = f"duckdb:///{tmp_path / 'w.duckdb'}"
    write_indicators(url, good_rows)
    result = run_checks(url)
    assert result.success
    assert {name: e.passed for name, e in evaluations(result).items()} == {
        "pct_in_range": True, "parts_sum_to_totals": True, "year_over_year": True}


def test_pct_out_of_range_and_broken_sum_are_errors(tmp_path, good_rows):
    rows = [dict(r) for r in good_rows]
    for r in rows:
        if r["indicator_id"] == "plie.participants.femmes.part_pct" and r["report_year"] == 2025:
            r["value"] = 120.0  # a share above 100 %
        if r["indicator_id"] == "plie.participants.commune.59378" and r["report_year"] == 2025:
            r["value"] = 90.0  # communes now add up to 326, not 319
    url = f"duckdb:///{tmp_path / 'w.duckdb'}"
    write_indicators(url, rows)
    result = run_checks(url)
    checks = evaluations(result)

    assert not result.success  # the blocking ERROR checks fail the run
    pct = checks["pct_in_range"]
    assert not pct.passed and pct.severity == dg.AssetCheckSeverity.ERROR
    assert pct.metadata["failing_rows"].value == 1
    assert "plie.participants.femmes.part_pct | 2025 | 120.0" in pct.metadata["examples"].value
    assert "evol_pct" not in pct.metadata["examples"].value

    sums = checks["parts_sum_to_totals"]
    assert not sums.passed and sums.severity == dg.AssetCheckSeverity.ERROR
    assert sums.metadata["failed_rules"].value == ["plie_participants_communes"]
    assert "plie.participants.total | 2025 | 319.0 | 326.0 | 3" in sums.metadata["examples"].value
    # Rules whose indicators are absent (PLIE entries, exits) are skipped, not failed.
    assert "| plie_entrees_communes | pass | 0 | 0 |" in sums.metadata["rules"].value


def test_a_blocking_failure_withdraws_the_year_s_older_outputs(tmp_path, good_rows):
    out = tmp_path / "out"
    for year in (2024, 2025):
        (out / str(year)).mkdir(parents=True)
        (out / str(year) / f"rapport-activite-{year}.html").write_text("old report", encoding="utf-8")
    rows = [dict(r, value=90.0) if (r["indicator_id"], r["report_year"]) == ("plie.participants.commune.59378", 2025) else r
            for r in good_rows]
    url = f"duckdb:///{tmp_path / 'w.duckdb'}"
    write_indicators(url, rows)
    run_checks(url, out)

    assert not (out / "2025" / "rapport-activite-2025.html").exists()  # no longer looks current
    assert (out / "2025" / "obsolete" / "rapport-activite-2025.html").read_text(encoding="utf-8") == "old report"
    notice = (out / "2025" / "LISEZ-MOI-rapport-retire.txt").read_text(encoding="utf-8")
    assert "plie_participants_communes" in notice and "plie.participants.total" in notice
    assert (out / "2024" / "rapport-activite-2024.html").exists()  # 2024 passed: untouched


def test_sum_rule_is_skipped_for_a_year_lacking_its_indicators(tmp_path, good_rows):
    # 2023 has populations but no PLIE figures: the PLIE rules apply to 2024-2025 only.
    rows = good_rows + [r for r in indicators(2023, [26000, 21000, 39000], [1, 1, 1], 1) if r["indicator_id"].startswith("territoire.")]
    outcomes = {o.rule: o for o in suites.validate_sums(suites.Validator(), pd.DataFrame(rows)).outcomes}
    assert outcomes["territoire_population_communes"].evaluated == 3
    assert outcomes["plie_participants_communes"].evaluated == 2
    assert all(o.passed for o in outcomes.values())


def test_year_over_year_jump_warns_without_blocking(tmp_path, good_rows):
    rows = [dict(r) for r in good_rows]
    for r in rows:
        if r["indicator_id"] == "territoire.population.59328" and r["report_year"] == 2025:
            r["value"] = 60000.0  # more than doubled
        if r["indicator_id"] == "territoire.population.total" and r["report_year"] == 2025:
            r["value"] += 60000.0 - 27500.0  # keep the sum right: only the jump is wrong
    url = f"duckdb:///{tmp_path / 'w.duckdb'}"
    write_indicators(url, rows)
    result = run_checks(url)
    checks = evaluations(result)

    assert result.success  # a warning does not fail the run
    yoy = checks["year_over_year"]
    assert not yoy.passed and yoy.severity == dg.AssetCheckSeverity.WARN and not yoy.blocking
    assert yoy.metadata["failing_rows"].value == 1
    assert "territoire.population.59328 | 2025 | 60000.0 | 27000.0 | 122.222" in yoy.metadata["examples"].value
    assert checks["parts_sum_to_totals"].passed


def test_year_over_year_bound_is_configurable(tmp_path, good_rows):
    url = f"duckdb:///{tmp_path / 'w.duckdb'}"
    write_indicators(url, good_rows)  # participants.commune.59378 goes 70 -> 83: +18.6 %
    result = dg.materialize(
        [dg.AssetSpec("indicators"), *CHECKS],
        selection=dg.AssetSelection.checks_for_assets("indicators"),
        resources={"warehouse": WarehouseResource(url=url), "alerts": AlertsResource(),
                   "project": ProjectConfig(extracts_dir="", output_dir=str(tmp_path / "out"), territory_file="", pseudonymisation_key="k")},
        run_config={"ops": {"indicators_year_over_year": {"config": {"max_change_pct": 10.0}}}},
    )
    yoy = evaluations(result)["year_over_year"]
    assert not yoy.passed and "plie.participants.commune.59378" in yoy.metadata["examples"].value


def test_check_results_are_appended_to_the_history(warehouse_url, good_rows):
    rows = [dict(r, value=150.0) if r["indicator_id"] == "plie.participants.femmes.part_pct" else r for r in good_rows]
    write_indicators(warehouse_url, rows)
    run_checks(warehouse_url)
    run_checks(warehouse_url)  # append-only: a second evaluation adds rows, never replaces
    frame = history.read(Warehouse(warehouse_url))

    assert len(frame) == 6
    assert set(frame["asset"]) == {"indicators"} and frame["partition"].isna().all()
    latest = frame.tail(3).set_index("check_name")
    assert latest.loc["pct_in_range", "severity"] == "ERROR"
    assert not bool(latest.loc["pct_in_range", "passed"])
    assert int(latest.loc["pct_in_range", "failing_rows"]) == 2  # 2024 and 2025
    assert json.loads(latest.loc["pct_in_range", "details"]) == {"pct_between_0_and_100": 2}
    assert bool(latest.loc["parts_sum_to_totals", "passed"]) and json.loads(latest.loc["parts_sum_to_totals", "details"]) == {}
    assert latest.loc["year_over_year", "severity"] == "WARN"
    checked_at = pd.to_datetime(frame["checked_at"])
    assert checked_at.notna().all() and checked_at.is_monotonic_increasing


def test_a_failing_commune_sum_names_the_source_rows_behind_it(tmp_path, good_rows):
    """A participant living outside the communes served breaks the sum: the check names its file and line."""
    rows = [dict(r, value=320.0) if (r["indicator_id"], r["report_year"]) == ("plie.participants.total", 2025) else r
            for r in good_rows]
    url = f"duckdb:///{tmp_path / 'w.duckdb'}"
    warehouse = write_indicators(url, rows)
    warehouse.replace_table("ref_territory__communes", pd.DataFrame(
        {"code_commune": ["59328", "59368", "59378", "59000"], "in_territory": [True, True, True, False]}))
    warehouse.replace_table("stg_plie__participants", pd.DataFrame(
        {"code_commune": ["59328", "59000"], "source_file": ["plie/2025/plie_participants_2025-03.csv"] * 2, "source_line": [2, 7]}))
    sums = evaluations(run_checks(url))["parts_sum_to_totals"]
    assert not sums.passed
    assert "| plie/2025/plie_participants_2025-03.csv | 7 | 59000 | plie_participants_communes |" in sums.metadata["source_rows"].value


def test_pandas_verdicts_are_great_expectations_verdicts(good_rows):
    """The checks evaluate the suites' expectations with pandas (no GX import per refresh); GX,
    which builds the Data Docs, must reach the same verdicts on the same frames: out of range,
    exactly on a bound, missing values."""
    rows = [dict(r) for r in good_rows]
    for r in rows:
        if r["indicator_id"] == "plie.participants.femmes.part_pct" and r["report_year"] == 2025:
            r["value"] = 100.0  # on the bound: expected
        if r["indicator_id"] == "plie.participants.femmes.part_pct" and r["report_year"] == 2024:
            r["value"] = 130.0  # out of range
        if (r["indicator_id"], r["report_year"]) == ("plie.participants.commune.59378", 2025):
            r["value"] = 90.0  # the sum breaks
        if r["indicator_id"] == "territoire.population.59328" and r["report_year"] == 2025:
            r["value"] = 60000.0  # a jump
    frame = pd.DataFrame(rows + [dict(rows[0], indicator_id="plie.x.part_pct", unit="pct", value=float("nan"))])
    frame = frame.astype({"report_year": "int64", "value": "float64"})
    gx, arithmetic = suites.Validator(), suites.ArithmeticValidator()
    for validate in (suites.validate_pct, suites.validate_sums, suites.validate_yoy):
        assert validate(arithmetic, frame) == validate(gx, frame), validate.__name__
    assert not suites.validate_pct(arithmetic, frame).passed
    assert suites.validate_pct(arithmetic, frame).outcomes[0].failing == 1
    assert not suites.validate_sums(arithmetic, frame).passed
    assert not suites.validate_yoy(arithmetic, frame).passed


def test_data_docs_are_rebuilt_only_when_the_results_change(tmp_path, good_rows, monkeypatch):
    frame = pd.DataFrame(good_rows).astype({"report_year": "int64", "value": "float64"})
    docs = tmp_path / "docs"
    results, index = suites.validate_all(frame, docs)
    assert index.exists() and all(r.passed for r in results)
    built = index.stat().st_mtime_ns

    def no_gx(*args, **kwargs):
        raise AssertionError("GX run although the indicators did not change")

    with monkeypatch.context() as patch:
        patch.setattr(suites, "Validator", no_gx)
        again, index_again = suites.validate_all(frame, docs)
    assert again == results and index_again == index and index.stat().st_mtime_ns == built

    # New figures that pass every rule as before (a share moved within 0-100 %, no sum involved):
    # the Data Docs show verdicts, counts and unexpected rows, which did not change: GX is not run.
    share = frame["indicator_id"].eq("plie.participants.femmes.part_pct") & frame["report_year"].eq(2025)
    assert share.sum() == 1
    moved = frame.copy()
    moved.loc[share, "value"] = moved.loc[share, "value"] + 1
    with monkeypatch.context() as patch:
        patch.setattr(suites, "Validator", no_gx)
        kept, _ = suites.validate_all(moved, docs)
    assert all(r.passed for r in kept) and index.stat().st_mtime_ns == built

    changed = frame.copy()
    changed.loc[0, "value"] += 1  # the population total no longer adds up
    results_changed, _ = suites.validate_all(changed, docs)
    assert not results_changed[1].passed and index.stat().st_mtime_ns != built


def test_great_expectations_is_imported_without_the_modules_the_suites_never_use(tmp_path):
    """GX's import loads SciPy's statistics and Altair for an expectation the suites never run:
    building the Data Docs in a fresh process leaves them unloaded, and they still load, whole,
    the moment something uses them."""
    import subprocess
    import sys

    script = f"""
import sys
import pandas as pd
from quality import suites
frame = pd.DataFrame({{"indicator_id": ["a.part_pct"], "report_year": [2025], "period": ["2025"], "value": [50.0],
                       "unit": ["pct"], "domain": ["plie"]}})
from pathlib import Path
results, index = suites.validate_all(frame, Path({str(tmp_path / "docs")!r}))
assert index.exists() and all(r.passed for r in results)
loaded = [m for m in ("scipy.stats._stats_py", "altair.vegalite") if m in sys.modules]
assert not loaded, loaded
from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl
assert round(kl.stats.entropy([0.5, 0.5], [0.9, 0.1]), 4) == 0.5108
assert kl.alt.Chart.__module__.startswith("altair.")
import scipy.stats
assert scipy.stats is sys.modules["scipy.stats"] and "scipy.stats._stats_py" in sys.modules
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]

"""Every run the command line launches goes through a named job (`pipelines/jobs.py`), tagged with
the command: the UI's run list and timeline say « year_report_job », not `__ephemeral_asset_job__`."""
from __future__ import annotations

import shutil

import dagster as dg

from conftest import make_settings
from pipelines.definitions import build_definitions
from pipelines.run import backfill, materialize_year


def test_the_command_line_runs_are_named_jobs_tagged_with_their_command(tmp_path, core_extracts):
    extracts = tmp_path / "extracts"
    shutil.copytree(core_extracts / "insee", extracts / "insee")  # one yearly source: a small run
    settings = make_settings(tmp_path, f"duckdb:///{tmp_path / 'w.duckdb'}", extracts)
    with dg.instance_for_test() as instance:
        materialize_year(settings, 2025, instance=instance, raise_on_error=False, log_level="ERROR")
        runs = instance.get_runs()
        assert {r.job_name for r in runs} == {"vintage_extracts_job", "year_report_job", "data_quality_report_job"}
        assert {r.tags.get("mno/command") for r in runs} == {"year 2025"}
        backfill(settings, "2024-01", "2025-12", instance=instance, raise_on_error=False, log_level="ERROR", full=True)
        latest = [r for r in instance.get_runs() if r.tags.get("mno/command") == "backfill 2024-01..2025-12"]
        assert {r.job_name for r in latest} == {"vintage_extracts_job", "backfill_reports_job", "data_quality_report_job"}
        assert not any(r.job_name.startswith("__") for r in instance.get_runs())


def test_the_jobs_select_what_their_names_say(tmp_path):
    defs = build_definitions(make_settings(tmp_path, f"duckdb:///{tmp_path / 'w.duckdb'}", tmp_path))
    selected = {name: {k.to_user_string() for k in defs.resolve_job_def(name).asset_layer.executable_asset_keys}
                for name in ("year_report_job", "backfill_reports_job", "data_quality_report_job", "monthly_extracts_job")}
    assert {"annual_report", "indicators", "indicators_workbook", "open_data_release"} <= selected["year_report_job"]
    assert not any(k.startswith("raw_") for k in selected["year_report_job"]) and "data_quality_report" not in selected["year_report_job"]
    assert selected["year_report_job"] == selected["backfill_reports_job"]
    assert selected["data_quality_report_job"] == {"data_quality_report"}
    assert all(k.startswith("raw_") for k in selected["monthly_extracts_job"])

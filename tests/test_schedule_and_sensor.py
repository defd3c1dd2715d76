"""The monthly refresh and the new-file sensor request exactly the right runs, and declarative
automation then rebuilds everything downstream, the year's report to date included."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from conftest import make_settings
from pipelines.definitions import build_definitions, resources_for
from pipelines import sensors
from pipelines.sensors import new_extract_files

PARIS = ZoneInfo("Europe/Paris")


def test_monthly_refresh_ingests_the_previous_month_on_the_5th(tmp_path):
    defs = build_definitions(make_settings(tmp_path, f"duckdb:///{tmp_path / 'w.duckdb'}", tmp_path))
    schedule = defs.get_schedule_def("monthly_refresh")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 6 5 * *", "Europe/Paris")
    context = dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 1, 5, 6, 0, tzinfo=PARIS))
    [request] = schedule.evaluate_tick(context).run_requests
    assert request.partition_key == "2025-12"
    job = defs.resolve_job_def(schedule.job_name)
    selected = {k.to_user_string() for k in job.asset_layer.executable_asset_keys}
    assert "raw_france_travail" in selected and "raw_plie" in selected
    assert not {k for k in selected if not k.startswith("raw_")}  # downstream follows by automation


def _copy_extracts(source: Path, target: Path, names: list[str], age_seconds: float = 3600) -> None:
    for name in names:
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, path)
        old = time.time() - age_seconds
        os.utime(path, (old, old))


def _evaluate(tmp_path: Path, cursor: str | None, log_handler=None, instance=None):
    resources = resources_for(make_settings(tmp_path, f"duckdb:///{tmp_path / 'w.duckdb'}", tmp_path / "extracts"))
    context = dg.build_sensor_context(cursor=cursor, resources={"project": resources["project"]}, instance=instance)
    if log_handler is not None:
        context.log.addHandler(log_handler)  # the tick's log, shown in the UI
    return new_extract_files(context)


def test_sensor_requests_each_new_or_changed_file_once(tmp_path, sample_extracts):
    names = ["plie/2025/plie_sorties_2025-03.csv", "plie/2025/plie_etapes_2025-03.csv", "france_travail/defm_communes_2025-09.csv",
             "insee/populations_legales_communes_2023.csv"]
    _copy_extracts(sample_extracts, tmp_path / "extracts", names)
    first = _evaluate(tmp_path, None)
    got = {(r.asset_selection[0].to_user_string(), r.partition_key) for r in first.run_requests}
    assert got == {("raw_plie", "2025-03"), ("raw_france_travail", "2025-09"), ("raw_insee", "2023")}  # a source's files: one run
    assert {r.tags["mno/extract_files"] for r in first.run_requests if r.partition_key == "2025-03"} == {"2"}

    again = _evaluate(tmp_path, first.cursor)
    assert again.run_requests == [] and "no new extract" in again.skip_reason.skip_message

    changed = tmp_path / "extracts" / names[0]
    changed.write_bytes(changed.read_bytes() + b"")  # same content, newer file: a re-export
    old = time.time() - 600
    os.utime(changed, (old, old))
    third = _evaluate(tmp_path, again.cursor)
    assert [(r.asset_selection[0].to_user_string(), r.partition_key) for r in third.run_requests] == [("raw_plie", "2025-03")]


def test_sensor_skips_files_already_ingested_since_they_last_changed(tmp_path, sample_extracts, monkeypatch):
    """`make dev` after `make run`: the daemon's first tick finds every file in, and re-runs nothing."""
    names = ["plie/2025/plie_sorties_2025-03.csv", "plie/2025/plie_sorties_2025-04.csv"]
    _copy_extracts(sample_extracts, tmp_path / "extracts", names)
    settings = make_settings(tmp_path, f"duckdb:///{tmp_path / 'w.duckdb'}", tmp_path / "extracts")
    defs = build_definitions(settings)
    with dg.instance_for_test() as instance:
        dg.materialize(list(defs.assets), selection=[dg.AssetKey("raw_plie")], partition_key="2025-03",
                       resources=defs.resources, instance=instance)
        first = _evaluate(tmp_path, None, instance=instance)
        assert [(r.asset_selection[0].to_user_string(), r.partition_key) for r in first.run_requests] == [("raw_plie", "2025-04")]
        monkeypatch.setattr(sensors, "SETTLE_SECONDS", 0)
        changed = tmp_path / "extracts" / names[0]
        time.sleep(0.01)
        os.utime(changed)  # re-dropped after the run
        again = _evaluate(tmp_path, first.cursor, instance=instance)
        assert [r.partition_key for r in again.run_requests] == ["2025-03"]


def test_sensor_groups_consecutive_months_of_a_source_in_one_run(tmp_path, sample_extracts):
    months = ["2024-11", "2024-12", "2025-01", "2025-03"]
    _copy_extracts(sample_extracts, tmp_path / "extracts", [f"plie/{m[:4]}/plie_sorties_{m}.csv" for m in months])
    requests = _evaluate(tmp_path, None).run_requests
    ranges = [(r.tags.get("dagster/asset_partition_range_start"), r.tags.get("dagster/asset_partition_range_end"), r.partition_key)
              for r in requests]
    assert ranges == [("2024-11", "2025-01", None), (None, None, "2025-03")]
    assert {r.job_name for r in requests} == {"monthly_extracts_job"}


def test_sensor_waits_for_files_being_written_and_reports_unexpected_ones(tmp_path, sample_extracts, caplog):
    extracts = tmp_path / "extracts"
    _copy_extracts(sample_extracts, extracts, ["plie/2025/plie_etapes_2025-04.csv"], age_seconds=5)  # just written
    _copy_extracts(sample_extracts, extracts, ["plie/2025/plie_etapes_2025-05.csv"])
    (extracts / "plie" / "2025" / "plie_etapes_2025-06.csv.part").write_text("id_etape;")  # transfer in progress
    misplaced = extracts / "plie" / "2024" / "plie_etapes_2025-07.csv"  # year folder disagrees with the month
    misplaced.parent.mkdir(parents=True)
    misplaced.write_text("x")
    (extracts / "notes.txt").write_text("x")
    for path in (misplaced, extracts / "notes.txt"):
        os.utime(path, (time.time() - 3600,) * 2)

    result = _evaluate(tmp_path, None, caplog.handler)
    assert [r.partition_key for r in result.run_requests] == ["2025-05"]
    cursor = json.loads(result.cursor)
    assert "plie/2025/plie_etapes_2025-04.csv" not in cursor  # picked up on a later tick
    warnings = " ".join(r.getMessage() for r in caplog.records)
    assert "unexpected file" in warnings and "plie_etapes_2025-07.csv" in warnings and "notes.txt" in warnings


@pytest.mark.parametrize("year_2025", ["duckdb"], indirect=True)
def test_automation_rebuilds_models_and_the_year_report_after_a_monthly_ingestion(year_2025_copy):
    settings = year_2025_copy.settings  # the sample year as `materialize_year` left it, runs' history included
    with year_2025_copy.instance() as instance:
        defs = build_definitions(settings)
        january = dt.datetime(2026, 1, 5, 6, 30, tzinfo=PARIS)
        settled = dg.evaluate_automation_conditions(defs, instance, evaluation_time=january)

        # The schedule's run: December 2025 of every monthly extract.
        job = defs.resolve_job_def("monthly_extracts_job")
        assert job.execute_in_process(partition_key="2025-12", instance=instance).success

        result = dg.evaluate_automation_conditions(defs, instance, evaluation_time=january, cursor=settled.cursor)
        requested = {r.key for r in result.results if r.true_subset.size > 0}
        names = {k.to_user_string() for k in requested}
        assert {"stg_plie", "ind_plie", "indicators", "stg_france_travail"} <= names
        assert not any(n.startswith("raw_") for n in names)

        # The daemon runs them; on its next tick the reports follow (another partitions definition,
        # so another run), for the year just finished.
        assert dg.materialize(list(defs.assets), selection=list(requested), resources=defs.resources, instance=instance).success
        result = dg.evaluate_automation_conditions(defs, instance, evaluation_time=january, cursor=result.cursor)
        report = next(r for r in result.results if r.key.to_user_string() == "annual_report")
        assert "2025" in report.true_subset.expensively_compute_partition_keys()

"""Command line: materialize a report year, or backfill a range of months, in one process.

    python -m pipelines.run year 2025 [--generate-sample]
    python -m pipelines.run backfill --from 2019-01 --to 2025-12
    python -m pipelines.run publish 2025 [--replace]

Extract partitions are the files present in the extracts folder within the range (for a report
year, every export present up to today: a 2025 parcours may have begun in 2019, and a January
2026 export may hold a record dated in December 2025; yearly public extracts, every vintage up to
the last year); then every SQL model; then the report artefacts of each year in the range, and of
every other year whose figures the new exports changed and whose artefacts were written before
(a late entry in a later export revises its year's report in the same run). Whatever the order of
the commands, the warehouse and the artefacts are those one run from scratch gives. Each step is an
ordinary Dagster run, recorded in DAGSTER_HOME when it is set, so the UI shows it. (Dagster runs one partitions definition per run,
hence one run per group; the same backfill can be launched from the UI, where the daemon plans it.)

Only what changed is ingested: a partition whose file and ingestion context are those of its last
successful ingestion is skipped (`pipelines/changes.py`); `--full` ingests every file present.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import logging
import os
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

import dagster as dg

# Beta and preview notices of the Dagster APIs we use are for us, not for the people running the command.
warnings.filterwarnings("ignore", category=dg.BetaWarning)
warnings.filterwarnings("ignore", category=dg.PreviewWarning)

from ingestion import ExtractContract  # noqa: E402
from ingestion.files import ignored_files, without_folder  # noqa: E402
from pipelines import changes  # noqa: E402
from pipelines.definitions import build_definitions  # noqa: E402
from pipelines.jobs import COMMAND_TAG, EXTRACT_JOB_NAMES, backfill_reports_job, data_quality_report_job, year_report_job  # noqa: E402
from pipelines.partitions import FIRST_MONTH, contiguous_ranges, range_tags, report_years  # noqa: E402
from pipelines.settings import SAMPLE_MARKER, Settings, require_real_key  # noqa: E402
from quality import publication  # noqa: E402
from quality.alerts import Alerter  # noqa: E402
from quality.data_state import Readings, data_state  # noqa: E402
from schemas import ALL_SCHEMAS  # noqa: E402
from warehouse import Warehouse  # noqa: E402

QUALITY_REPORT = dg.AssetKey("data_quality_report")


def present_partitions(extracts_dir: Path, first_month: str, last_month: str) -> dict[str, list[str]]:
    """Per raw table, the partition keys whose extract file is present within the range.

    Monthly extracts: months from `first_month` to `last_month`; yearly vintages: every vintage up
    to `last_month`'s year (a report cites vintages older than its year)."""
    found: dict[str, set[str]] = defaultdict(set)
    files = [p.relative_to(extracts_dir).as_posix() for p in sorted(extracts_dir.rglob("*")) if p.is_file()]
    for schema in ALL_SCHEMAS:
        contract = ExtractContract(schema)
        for relative in files:
            key = contract.partition_of(relative)
            if key is None:
                continue
            in_range = first_month <= key <= last_month if contract.partitioning == "month" else key <= last_month[:4]
            if in_range:
                found[contract.table].add(key)
    return {table: sorted(keys) for table, keys in found.items()}


def materialize_range(
    settings: Settings,
    first_month: str,
    last_month: str,
    years: list[int],
    instance: dg.DagsterInstance | None = None,
    log_level: str = "DEBUG",
    raise_on_error: bool = True,
    full: bool = False,
    outputs_only: bool = False,
    command: str = "",
) -> list[dg.ExecuteInJobResult]:
    """Ingest the extracts present in [first_month, last_month] that changed since their last
    ingestion (all of them with `full`), rebuild the models, then write the outputs of `years`
    (only them with `outputs_only`: after a publication). With `raise_on_error=False`, a failed run
    (a source's unreadable file) does not stop the others: its result says it failed. Each run goes
    through its named job (`pipelines/jobs.py`), tagged with `command`, so the UI shows what it was."""
    defs = build_definitions(settings)
    graph = defs.resolve_asset_graph()
    results = []
    run_config = {"loggers": {"console": {"config": {"log_level": log_level}}}}
    reports_job = backfill_reports_job.name if command.startswith("backfill") else year_report_job.name

    def run(selection: list[dg.AssetKey], job: str, tags: dict | None = None) -> None:
        try:  # the job's checks of the selected assets run with them
            result = defs.resolve_job_def(job).execute_in_process(
                asset_selection=selection, instance=instance, run_config=run_config, raise_on_error=raise_on_error,
                tags={**(tags or {}), **({COMMAND_TAG: command} if command else {})})
        except Exception as exc:  # the CLI has no daemon to watch failed runs: alert here
            Alerter(settings.alerts).run_failed("pipelines.run", "-", f"{type(exc).__name__} while materializing {len(selection)} assets")
            raise
        if not result.success:
            Alerter(settings.alerts).run_failed("pipelines.run", result.run_id, f"a step failed while materializing {len(selection)} assets")
        results.append(result)

    # Assets sharing a partitions definition and the same present keys go in the same runs.
    # Only the partitions whose file changed since its last successful ingestion (all with `full`).
    contracts = {c.table: c for c in map(ExtractContract, ALL_SCHEMAS)}
    context, warehouse, todo = changes.context_sha256(settings), Warehouse(settings.warehouse_url), {}
    present = {} if outputs_only else present_partitions(settings.extracts_dir, first_month, last_month)
    current = {table: changes.fingerprints(settings, contracts[table], keys) for table, keys in present.items()}
    skip = {} if full else changes.unchanged_by_table(warehouse, current, context)
    todo = {table: {k: sha for k, sha in shas.items() if k not in skip.get(table, set())} for table, shas in current.items()}
    warehouse.dispose()
    # A source's asset loads several tables: it runs for every partition any of them needs.
    by_asset: dict[dg.AssetKey, set[str]] = defaultdict(set)
    for table, current in todo.items():
        by_asset[dg.AssetKey(contracts[table].asset)] |= set(current)
    groups: dict[tuple, list[dg.AssetKey]] = defaultdict(list)
    for asset_key, partitions in by_asset.items():
        pdef = graph.get(asset_key).partitions_def
        if partitions:
            groups[(id(pdef), tuple(sorted(partitions)))].append(asset_key)
    for (_, keys), asset_keys in groups.items():
        pdef = graph.get(asset_keys[0]).partitions_def
        tables = [t for t in todo if dg.AssetKey(contracts[t].asset) in asset_keys]
        job = EXTRACT_JOB_NAMES[contracts[tables[0]].partitioning]
        for start, end in contiguous_ranges(list(keys), pdef):
            run(asset_keys, job, tags=range_tags(start, end))
            if results[-1].success:
                warehouse = Warehouse(settings.warehouse_url)
                changes.record(warehouse, settings, [(contracts[t], {k: sha for k, sha in todo[t].items() if start <= k <= end})
                                                     for t in tables], context)
                warehouse.dispose()

    everything = graph.get_all_asset_keys()
    try:
        models = [k for k in everything if graph.get(k).partitions_def is None and graph.get(k).is_materializable and k != QUALITY_REPORT]
        yearly = [k for k in everything if graph.get(k).partitions_def == report_years]
        before = year_digests(settings)
        if not outputs_only:
            run(models, reports_job)
        if outputs_only or results[-1].success:  # a failed blocking check on the figures stops their outputs, as within one run
            revised = [y for y, digest in year_digests(settings).items()
                       if before.get(y) != digest and y not in years and (settings.output_dir / str(y)).is_dir()]
            for start, end in contiguous_ranges([str(y) for y in sorted({*years, *revised})], report_years):
                run(yearly, reports_job, tags=range_tags(start, end))
    finally:  # the data-quality report is written even when a blocking check stopped the run
        run([QUALITY_REPORT], data_quality_report_job.name)
    return results


def year_digests(settings: Settings) -> dict[int, str]:
    """The SHA-256 of each report year's indicators: a year whose digest a run changed has new figures."""
    warehouse = Warehouse(settings.warehouse_url)
    try:
        if not warehouse.table_exists("indicators"):
            return {}
        frame = warehouse.read_sql("select report_year, indicator_id, period, cast(value as varchar) as value from indicators")
    finally:
        warehouse.dispose()
    frame = frame.sort_values(["report_year", "indicator_id", "period"]).astype(str)
    return {int(year): hashlib.sha256(part.to_csv(index=False).encode()).hexdigest()
            for year, part in frame.groupby("report_year")}


def materialize_year(settings: Settings, year: int, instance: dg.DagsterInstance | None = None,
                     **options) -> list[dg.ExecuteInJobResult]:
    """Everything report year `year` needs: every export present up to today (the whole history,
    and the later exports that may hold records of the year), its outputs."""
    return materialize_range(settings, FIRST_MONTH, max(f"{year}-12", dt.date.today().strftime("%Y-%m")), [year], instance,
                             **{"command": f"year {year}", **options})


def backfill(settings: Settings, first_month: str, last_month: str, instance: dg.DagsterInstance | None = None,
             **options) -> list[dg.ExecuteInJobResult]:
    """Every month of the range and the outputs of every year it touches."""
    years = list(range(int(first_month[:4]), int(last_month[:4]) + 1))
    return materialize_range(settings, first_month, last_month, years, instance,
                             **{"command": f"backfill {first_month}..{last_month}", **options})


def publish_year(settings: Settings, year: int, replace: bool, instance: dg.DagsterInstance | None = None,
                 **options) -> tuple[str, list[dg.ExecuteInJobResult]]:
    """Freeze `year`'s figures as published (`quality.publication`), then write its outputs again:
    they say « publié » from now on. Raises `PublicationExists` or `ValueError` (nothing written)."""
    warehouse = Warehouse(settings.warehouse_url)
    try:
        done, changed = publication.publish(warehouse, year, replace=replace)
    finally:
        warehouse.dispose()
    lines = [f"{year}: {done.figures} figures published on {done.date_fr} (version {done.version}, code {done.code_version})."]
    if done.version > 1:
        lines.append(f"  {len(changed)} figure(s) changed against version {done.version - 1}"
                     + "".join(f"\n  - {r.indicator_id} ({r.period}): {r.published} -> {r.current}" for r in changed[:20]))
    results = materialize_range(settings, FIRST_MONTH, f"{year}-12", [year], instance, outputs_only=True,
                                **{"command": f"publish {year}", **options})
    return "\n".join(lines), results


FAILURE_CHARS = 300  # a failed step's message in the summary: its first line, cut there


def failures(results: list[dg.ExecuteInJobResult], extracts_dir: Path) -> dict[str, str]:
    """Each failed step and the first line of its message (its `Failure`'s description, else its
    error's), the extracts folder left out of the file names: the summary says it without Dagster's
    stack traces, which the terminal shows only with --verbose."""
    out: dict[str, str] = {}
    for result in results:
        for event in result.all_events:
            if not (event.is_step_failure and event.step_key) or event.step_key in out:
                continue
            data = event.step_failure_data
            described = data.user_failure_data.description if data.user_failure_data else None
            message = (described or (data.error.message if data.error else "") or "no message").strip().splitlines()[0]
            message = without_folder(message, extracts_dir)
            out[event.step_key] = message if len(message) <= FAILURE_CHARS else message[:FAILURE_CHARS - 1] + "…"
    return dict(sorted(out.items()))


def summary(settings: Settings, years: list[int], results: list[dg.ExecuteInJobResult], seconds: float) -> tuple[str, bool]:
    """The few lines a command ends with, and whether everything went right."""
    warehouse = Warehouse(settings.warehouse_url)
    failed_steps = failures(results, settings.extracts_dir)
    lines = [f"{'Done' if not failed_steps else 'Finished with failures'} in {seconds:.0f} s."]
    ok = not failed_steps
    readings = Readings.read(warehouse)  # once for every year
    for step, message in failed_steps.items():
        lines.append(f"  FAILED: {step} ({message}; the Dagster run log and the data-quality report have the rest)")
    for year in years:
        figures = warehouse.row_count("indicators", "report_year = :y", {"y": year}) if warehouse.table_exists("indicators") else 0
        state = data_state(warehouse, year, year_to_date=year >= dt.date.today().year, readings=readings)  # ignored files: below
        folder = settings.output_dir / str(year)
        verdict = "data complete" if state.complete else (
            f"DATA INCOMPLETE ({state.rows_quarantined} rows quarantined, {state.rows_set_aside} set aside by the models)")
        lines.append(f"{year}: {figures} figures, {verdict}; outputs in {folder}")
        lines += [f"  - {issue}" for issue in state.issues_fr()]
        ok &= state.complete
    ignored = ignored_files(settings.extracts_dir, [ExtractContract(s) for s in ALL_SCHEMAS])
    if ignored:
        lines.append(f"{len(ignored)} file(s) in {settings.extracts_dir} ignored:")
        lines += [f"  - {f.relative}: {f.reason}" for f in ignored[:10]]
        ok = False
    lines.append(f"Data-quality report: {settings.output_dir / 'qualite'}")
    return "\n".join(lines), ok


def with_sample_extracts(settings: Settings) -> Settings:
    """Write the synthetic sample extracts to their own folder and run on it: a configured real
    extracts folder is never written to (a folder holding files the generator did not write is refused)."""
    from sample_data import write_sample_extracts

    folder = settings.sample_extracts_dir
    if folder.exists() and any(folder.iterdir()) and not (folder / SAMPLE_MARKER).exists():
        raise SystemExit(f"{folder} holds files the sample generator did not write: refusing to write sample extracts there "
                         "(set MNO_SAMPLE_EXTRACTS_DIR to an empty folder)")
    written = write_sample_extracts(folder, territory_file=settings.territory_file, mde_file=settings.mde_file)
    (folder / SAMPLE_MARKER).write_text("written by python -m pipelines.run --generate-sample\n", encoding="utf-8")
    print(f"sample extracts: {len(written)} files under {folder} (the extracts folder {settings.extracts_dir} is not used)")
    return dataclasses.replace(settings, extracts_dir=folder, sample_mode=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    year_cmd = commands.add_parser("year", help="materialize everything a report year needs")
    year_cmd.add_argument("year", type=int)
    fill = commands.add_parser("backfill", help="backfill a range of months and their years' reports")
    fill.add_argument("--from", dest="first", default=FIRST_MONTH, help="first month, YYYY-MM (default %(default)s)")
    fill.add_argument("--to", dest="last", default="2025-12", help="last month, YYYY-MM (default %(default)s)")
    publish = commands.add_parser("publish", help="freeze a report year's figures as published (later changes show as revisions)")
    publish.add_argument("year", type=int)
    publish.add_argument("--replace", action="store_true", help="publish a year again: the current figures become the published ones")
    publish.add_argument("--verbose", action="store_true", help="show Dagster's event log in the terminal")
    for command in (year_cmd, fill):
        command.add_argument("--generate-sample", action="store_true", help="first write the synthetic sample extracts")
        command.add_argument("--sample-if-empty", action="store_true", help="write the sample extracts if the extracts folder is empty")
        command.add_argument("--verbose", action="store_true", help="show Dagster's event log in the terminal")
        command.add_argument("--full", action="store_true", help="ingest every file present, changed or not")
    args = parser.parse_args(argv)

    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    settings = Settings.from_env()
    empty = not settings.extracts_dir.exists() or not any(settings.extracts_dir.iterdir())
    if getattr(args, "generate_sample", False) or (getattr(args, "sample_if_empty", False) and empty):
        settings = with_sample_extracts(settings)
    try:
        require_real_key(settings.pseudonymisation_key, settings.sample_mode)
    except ValueError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 2
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else None
    started = time.monotonic()
    # Without --verbose the terminal shows the summary only: a failed step's message is in it, its
    # stack trace in the Dagster run log (the UI), not twice above the summary.
    options = {"log_level": "DEBUG" if args.verbose else "CRITICAL", "raise_on_error": False}
    if not args.verbose:
        logging.getLogger("dagster").setLevel(logging.ERROR)
        warnings.filterwarnings("ignore")
    if args.command == "publish":
        try:
            published, results = publish_year(settings, args.year, args.replace, instance, **options)
        except (publication.PublicationExists, ValueError) as exc:
            print(f"refused: {exc}", file=sys.stderr)
            return 2
        print(published)
        text, ok = summary(settings, [args.year], results, time.monotonic() - started)
        print(text)
        return 0 if ok else 1
    options["full"] = args.full
    if args.command == "year":
        results = materialize_year(settings, args.year, instance, **options)
        years = [args.year]
    else:
        results = backfill(settings, args.first, args.last, instance, **options)
        years = list(range(int(args.first[:4]), int(args.last[:4]) + 1))
    text, ok = summary(settings, years, results, time.monotonic() - started)
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

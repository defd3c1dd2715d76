"""Command line: materialize a report year, or backfill a range of months, in one process.

    python -m pipelines.run year 2025 [--generate-sample]
    python -m pipelines.run backfill --from 2019-01 --to 2025-12

Extract partitions are the files present in the extracts folder within the range (for a report
year, the whole history up to its end: a 2025 parcours may have begun in 2019; yearly public
extracts, every vintage up to the last year); then every SQL model; then the report artefacts of
each year in the range, in one run. Each step is an ordinary Dagster run, recorded in
DAGSTER_HOME when it is set, so the UI shows it. (Dagster runs one partitions definition per run,
hence one run per group; the same backfill can be launched from the UI, where the daemon plans it.)
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

import dagster as dg

from ingestion import ExtractContract
from pipelines.definitions import build_definitions
from pipelines.partitions import FIRST_MONTH, contiguous_ranges, range_tags, report_years
from pipelines.settings import Settings
from quality.alerts import Alerter
from schemas import ALL_SCHEMAS

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
) -> list[dg.ExecuteInJobResult]:
    """Ingest the extracts present in [first_month, last_month], rebuild the models, then write
    the outputs of `years`."""
    defs = build_definitions(settings)
    graph = defs.resolve_asset_graph()
    assets = [*defs.assets, *defs.asset_checks]  # checks run with the assets they check
    results = []

    def run(selection: list[dg.AssetKey], **kwargs) -> None:
        try:
            results.append(dg.materialize(assets, selection=selection, resources=defs.resources, instance=instance, **kwargs))
        except Exception as exc:  # the CLI has no daemon to watch failed runs: alert here
            Alerter(settings.alerts).run_failed("pipelines.run", "-", f"{type(exc).__name__} while materializing {len(selection)} assets")
            raise

    # Assets sharing a partitions definition and the same present keys go in the same runs.
    groups: dict[tuple, list[dg.AssetKey]] = defaultdict(list)
    for table, keys in present_partitions(settings.extracts_dir, first_month, last_month).items():
        pdef = graph.get(dg.AssetKey(table)).partitions_def
        groups[(id(pdef), tuple(keys))].append(dg.AssetKey(table))
    for (_, keys), asset_keys in groups.items():
        pdef = graph.get(asset_keys[0]).partitions_def
        for start, end in contiguous_ranges(list(keys), pdef):
            run(asset_keys, tags=range_tags(start, end))

    everything = graph.get_all_asset_keys()
    try:
        run([k for k in everything if graph.get(k).partitions_def is None and graph.get(k).is_materializable and k != QUALITY_REPORT])
        if years:
            yearly = [k for k in everything if graph.get(k).partitions_def == report_years]
            run(yearly, tags=range_tags(str(min(years)), str(max(years))))
    finally:  # the data-quality report is written even when a blocking check stopped the run
        run([QUALITY_REPORT])
    return results


def materialize_year(settings: Settings, year: int, instance: dg.DagsterInstance | None = None) -> list[dg.ExecuteInJobResult]:
    """Everything report year `year` needs: the whole history up to December, its outputs."""
    return materialize_range(settings, FIRST_MONTH, f"{year}-12", [year], instance)


def backfill(settings: Settings, first_month: str, last_month: str, instance: dg.DagsterInstance | None = None) -> list[dg.ExecuteInJobResult]:
    """Every month of the range and the outputs of every year it touches."""
    years = list(range(int(first_month[:4]), int(last_month[:4]) + 1))
    return materialize_range(settings, first_month, last_month, years, instance)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    year_cmd = commands.add_parser("year", help="materialize everything a report year needs")
    year_cmd.add_argument("year", type=int)
    fill = commands.add_parser("backfill", help="backfill a range of months and their years' reports")
    fill.add_argument("--from", dest="first", default=FIRST_MONTH, help="first month, YYYY-MM (default %(default)s)")
    fill.add_argument("--to", dest="last", default="2025-12", help="last month, YYYY-MM (default %(default)s)")
    for command in (year_cmd, fill):
        command.add_argument("--generate-sample", action="store_true", help="first write the synthetic sample extracts")
        command.add_argument("--sample-if-empty", action="store_true", help="write the sample extracts if the extracts folder is empty")
    args = parser.parse_args(argv)

    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    settings = Settings.from_env()
    empty = not settings.extracts_dir.exists() or not any(settings.extracts_dir.iterdir())
    if args.generate_sample or (args.sample_if_empty and empty):
        from sample_data import write_sample_extracts

        print(f"sample extracts: {len(write_sample_extracts(settings.extracts_dir))} files under {settings.extracts_dir}")
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else None
    started = time.monotonic()
    if args.command == "year":
        materialize_year(settings, args.year, instance)
        years = [args.year]
    else:
        backfill(settings, args.first, args.last, instance)
        years = list(range(int(args.first[:4]), int(args.last[:4]) + 1))
    print(f"done in {time.monotonic() - started:.1f} s")
    for year in years:
        for path in sorted((settings.output_dir / str(year)).glob("*")):
            print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

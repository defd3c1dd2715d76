"""Command line: materialize everything a report year needs, in one process.

    python -m pipelines.run --year 2025 [--generate-sample]

Extract partitions are the files present in the extracts folder up to the end of the year (the
whole history: a 2025 parcours may have begun in 2019); then every SQL model; then the year's
report artefacts. Each step is an ordinary Dagster run (recorded in DAGSTER_HOME when set, so
the UI shows it). Dagster runs one partitions definition per run, hence one run per group.
"""
from __future__ import annotations

import argparse
import sys
import warnings
from collections import defaultdict
from pathlib import Path

import dagster as dg

from ingestion import ExtractContract
from pipelines.definitions import build_definitions
from pipelines.partitions import report_years
from pipelines.settings import Settings
from schemas import ALL_SCHEMAS

RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"


def present_partitions(extracts_dir: Path, last_key_by_partitioning: dict[str, str]) -> dict[str, list[str]]:
    """Per raw table, the partition keys whose extract file is present, up to the given last keys."""
    found: dict[str, list[str]] = defaultdict(list)
    files = [p.relative_to(extracts_dir).as_posix() for p in sorted(extracts_dir.rglob("*")) if p.is_file()]
    for schema in ALL_SCHEMAS:
        contract = ExtractContract(schema)
        last = last_key_by_partitioning[contract.partitioning]
        for relative in files:
            key = contract.partition_of(relative)
            if key is not None and key <= last:
                found[contract.table].append(key)
    return {table: sorted(set(keys)) for table, keys in found.items()}


def _contiguous_ranges(keys: list[str], all_keys: list[str]) -> list[tuple[str, str]]:
    positions = sorted(all_keys.index(k) for k in keys)
    ranges, start = [], None
    for i, pos in enumerate(positions):
        if start is None:
            start = pos
        if i + 1 == len(positions) or positions[i + 1] != pos + 1:
            ranges.append((all_keys[start], all_keys[pos]))
            start = None
    return ranges


def materialize_year(settings: Settings, year: int, instance: dg.DagsterInstance | None = None) -> list[dg.ExecuteInJobResult]:
    defs = build_definitions(settings)
    graph = defs.resolve_asset_graph()
    assets = list(defs.assets)
    resources = defs.resources
    results = []

    def run(selection: list[dg.AssetKey], **kwargs) -> None:
        result = dg.materialize(assets, selection=selection, resources=resources, instance=instance, raise_on_error=True, **kwargs)
        results.append(result)

    last_keys = {"month": f"{year}-12", "vintage": str(year)}
    by_table = present_partitions(settings.extracts_dir, last_keys)
    # Assets sharing a partitions definition and the same present keys go in the same runs.
    groups: dict[tuple, list[dg.AssetKey]] = defaultdict(list)
    for table, keys in by_table.items():
        pdef = graph.get(dg.AssetKey(table)).partitions_def
        groups[(id(pdef), tuple(keys))].append(dg.AssetKey(table))
    for (_, keys), asset_keys in groups.items():
        pdef = graph.get(asset_keys[0]).partitions_def
        for start, end in _contiguous_ranges(list(keys), pdef.get_partition_keys()):
            run(asset_keys, tags={RANGE_START: start, RANGE_END: end})

    unpartitioned = [k for k in graph.get_all_asset_keys() if graph.get(k).partitions_def is None and graph.get(k).is_materializable]
    run(unpartitioned)
    yearly = [k for k in graph.get_all_asset_keys() if graph.get(k).partitions_def == report_years]
    run(yearly, partition_key=str(year))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, required=True, help="report year, e.g. 2025")
    parser.add_argument("--generate-sample", action="store_true", help="first write the synthetic sample extracts")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    settings = Settings.from_env()
    if args.generate_sample:
        from sample_data import write_sample_extracts

        written = write_sample_extracts(settings.extracts_dir)
        print(f"sample extracts: {len(written)} files under {settings.extracts_dir}")
    instance = dg.DagsterInstance.get() if _has_dagster_home() else None
    materialize_year(settings, args.year, instance)
    out = settings.output_dir / str(args.year)
    print(f"report year {args.year}: artefacts under {out}")
    for path in sorted(out.glob("*")):
        print(f"  {path}")
    return 0


def _has_dagster_home() -> bool:
    import os

    return bool(os.environ.get("DAGSTER_HOME"))


if __name__ == "__main__":
    sys.exit(main())

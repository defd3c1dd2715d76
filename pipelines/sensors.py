"""The new-file sensor: a new or changed extract file requests a run for exactly its source's
ingestion asset and its partition (the new files of one source and partition share one run; files
of consecutive partitions of one source, such as a first load of years of history, share one run
over the range). Its cursor remembers each file's signature (modification time and size), so a file
is ingested once per version. A file modified less than `SETTLE_SECONDS` ago, or named as a
transfer in progress (`*.part`, `*.tmp`, hidden), is left for a later tick. A file in an unexpected
place or with an unexpected name is reported in the tick's log, once per version, never ignored
silently. A file whose partition was materialized after the file last changed (by `make run`, a
backfill, an earlier daemon) is already in: starting the daemon after a command-line run re-runs
nothing.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from ingestion import ExtractContract
from ingestion.files import IGNORED_NAMES
from pipelines.partitions import BY_NAME, contiguous_ranges, range_tags
from pipelines.resources import ProjectConfig
from pipelines.schedules import EXTRACT_JOBS
from schemas import ALL_SCHEMAS

SETTLE_SECONDS = 120
IN_TRANSFER_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial")
CONTRACTS = [ExtractContract(schema) for schema in ALL_SCHEMAS]


@dataclass(frozen=True)
class FileVersion:
    relative: str
    signature: str
    age_seconds: float
    modified: float = 0.0  # POSIX time of the last change


def _versions(folder: Path, now: float) -> list[FileVersion]:
    out = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name in IGNORED_NAMES:
            continue
        stat = path.stat()
        relative = path.relative_to(folder).as_posix()
        out.append(FileVersion(relative, f"{stat.st_mtime_ns}:{stat.st_size}", now - stat.st_mtime, stat.st_mtime))
    return out


def _in_transfer(relative: str, age_seconds: float) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return name.startswith((".", "~$")) or name.endswith(IN_TRANSFER_SUFFIXES) or age_seconds < SETTLE_SECONDS


def _match(relative: str) -> tuple[ExtractContract, str] | None:
    for contract in CONTRACTS:
        key = contract.partition_of(relative)
        if key is not None and key in BY_NAME[contract.partitioning].get_partition_keys():
            return contract, key
    return None


def _requests(asset: str, files: list[tuple[str, FileVersion]]) -> list[dg.RunRequest]:
    contract = next(c for c in CONTRACTS if c.asset == asset)
    job = EXTRACT_JOBS[contract.partitioning]
    versions: dict[str, list[FileVersion]] = defaultdict(list)  # partition -> its new files (a source has several)
    for key, version in files:
        versions[key].append(version)
    out = []
    for first, last in contiguous_ranges(list(versions), BY_NAME[contract.partitioning]):
        in_range = sorted((v.relative, v.signature) for k in versions if first <= k <= last for v in versions[k])
        fingerprint = hashlib.sha1("|".join(f"{relative}@{signature}" for relative, signature in in_range).encode()).hexdigest()
        partition = {"partition_key": first} if first == last else {"tags": range_tags(first, last)}
        tags = {**partition.pop("tags", {}), "mno/extract_files": str(len(in_range))}
        out.append(dg.RunRequest(run_key=f"{asset}:{first}..{last}@{fingerprint[:16]}", job_name=job.name,
                                 asset_selection=[dg.AssetKey(asset)], tags=tags, **partition))
    return out


def _not_yet_ingested(instance: dg.DagsterInstance | None, asset: str, files: list[tuple[str, FileVersion]]) -> list[tuple[str, FileVersion]]:
    """The files whose partition has no materialization since the file last changed."""
    if instance is None or not files:
        return files
    records = instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=dg.AssetKey(asset), asset_partitions=[key for key, _ in files]), limit=10 * len(files)
    ).records
    latest: dict[str, float] = {}
    for record in records:
        key = record.partition_key
        latest[key] = max(latest.get(key, 0.0), record.timestamp)
    return [(key, version) for key, version in files if latest.get(key, 0.0) < version.modified]


@dg.sensor(
    name="new_extract_files",
    jobs=list(EXTRACT_JOBS.values()),  # one job per partitions definition
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Requests the ingestion of each new or changed extract file, for its source and partition.",
)
def new_extract_files(context: dg.SensorEvaluationContext, project: ProjectConfig):
    seen: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    folder = project.extracts_path
    if not folder.exists():
        return dg.SkipReason(f"extracts folder {folder} does not exist")
    new: dict[str, list[tuple[str, FileVersion]]] = defaultdict(list)  # ingestion asset -> (partition, file)
    unexpected, waiting = [], 0
    for version in _versions(folder, time.time()):
        if seen.get(version.relative) == version.signature:
            continue
        if _in_transfer(version.relative, version.age_seconds):
            waiting += 1
            continue
        matched = _match(version.relative)
        seen[version.relative] = version.signature
        if matched is None:
            unexpected.append(version.relative)
            continue
        contract, key = matched
        new[contract.asset].append((key, version))  # one asset loads every file of its source
    instance = context.instance if context.instance_ref is not None or getattr(context, "_instance", None) else None
    new = {asset: _not_yet_ingested(instance, asset, files) for asset, files in new.items()}
    requests = [request for asset, files in sorted(new.items()) if files for request in _requests(asset, files)]
    for relative in unexpected:
        context.log.warning(
            f"unexpected file {folder / relative}: no extract contract expects this name or place "
            "(see docs/operations.md for the expected layout); it is not ingested"
        )
    if not requests:
        reasons = [f"{len(unexpected)} unexpected file(s) reported"] if unexpected else []
        reasons += [f"{waiting} file(s) still being written"] if waiting else []
        return dg.SensorResult(skip_reason=dg.SkipReason("; ".join(reasons) or "no new extract"), cursor=json.dumps(seen, sort_keys=True))
    return dg.SensorResult(run_requests=requests, cursor=json.dumps(seen, sort_keys=True))

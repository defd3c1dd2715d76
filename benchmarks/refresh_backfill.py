"""Benchmark: the association's monthly refresh and seven-year backfill, end to end, against the floor.

    .venv/bin/python benchmarks/refresh_backfill.py [--scenario refresh|backfill|make-run|all] [--runs 3] [--profile]
        [--storage project|dagster]

- refresh: the warehouse and the Dagster instance already hold every month up to 2025-11 (a warm-up
  run, not measured); the 2025-12 files land; `python -m pipelines.run year 2025` is measured.
- backfill: a fresh warehouse and instance; `python -m pipelines.run backfill --from 2019-01 --to 2025-12`
  (every month, seven years of reports) is measured.
- make-run: what `make run` runs on a fresh clone, set-up aside: `python -m pipelines.run year 2025
  --generate-sample` into a fresh warehouse, instance and sample folder (the sample's generation
  included). Its floor is the backfill's: DuckDB loading every file and running the models once.

Each run also counts the events the Dagster instance recorded for it (every event-log entry of the
runs it created), and `--storage dagster` runs on Dagster's own SQLite storage instead of the
project's (`pipelines/storage.py`), to measure what that subclass still saves.

Each measured command runs in a process of its own (`python -m pipelines.run`, imports included), on
the synthetic sample extracts (`sample_data/`), with the DuckDB warehouse and the local instance file
(`deploy/dagster.yaml`). Reported per run: wall time, CPU time (user + system: the compute, which
other work on the machine does not inflate), peak resident memory of the whole process, rows of the
files ingested per second of wall time, and the ratio to the floor: the same extract files loaded
by DuckDB's own CSV reader and the same SQL models run in DuckDB, in order, with no orchestration,
no validation and no pseudonymisation. Medians over `--runs`; one JSON line per run appended to
benchmarks/results/refresh_backfill.jsonl. `--profile` adds one run under cProfile, timed by CPU
(`benchmarks/cpu_profile.py`; not counted in the medians), and prints its top entries.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NEW_MONTH = "2025-12"


def _env(work: Path, extracts: Path) -> dict[str, str]:
    return {**os.environ, "MNO_EXTRACTS_DIR": str(extracts), "MNO_WAREHOUSE_URL": f"duckdb:///{work / 'wh.duckdb'}",
            "MNO_OUTPUT_DIR": str(work / "out"), "DAGSTER_HOME": str(work / "dagster_home"),
            "MNO_PSEUDONYMISATION_KEY": KEY, "PYTHONWARNINGS": "ignore"}


KEY = "benchmark-" + secrets.token_urlsafe(32)


STORAGE = {"project": ROOT / "deploy" / "dagster.yaml", "dagster": None}  # None: Dagster's default local storage
storage = "project"


def _fresh(work: Path) -> None:
    for name in ("wh.duckdb", "wh.duckdb.wal", "out", "dagster_home", "sample-extracts"):
        path = work / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    (work / "dagster_home").mkdir()
    if STORAGE[storage] is not None:
        shutil.copy(STORAGE[storage], work / "dagster_home" / "dagster.yaml")


def events(dagster_home: Path, before: set[str]) -> int:
    """Event-log entries of the runs created since `before` (run ids) in a local instance."""
    import sqlite3

    total = 0
    for db in (dagster_home / "history" / "runs").glob("*.db"):
        if db.stem == "index" or db.stem in before:
            continue
        with sqlite3.connect(db) as conn:
            total += conn.execute("select count(*) from event_logs").fetchone()[0]
    return total


def run_ids(dagster_home: Path) -> set[str]:
    return {db.stem for db in (dagster_home / "history" / "runs").glob("*.db")}


def measure(args: list[str], env: dict[str, str], profile: Path | None = None) -> dict:
    """Run `python -m pipelines.run args` in a child (under the CPU profiler with `profile`); its wall, CPU, peak RSS."""
    runner = [str(ROOT / "benchmarks" / "cpu_profile.py"), str(profile), "pipelines.run"] if profile else ["-m", "pipelines.run"]
    command = [sys.executable, *runner, *args]
    home = Path(env["DAGSTER_HOME"])
    before = run_ids(home)
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = child.stdout.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    # 1 is data incomplete (still a full run) or a failed step: a run with a failed step did less
    # work than the one measured, so it is refused too.
    if child.returncode not in (0, 1) or "Finished with failures" in output:
        raise SystemExit(f"{' '.join(args)} failed ({child.returncode}):\n{output[-3000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024,
            "exit": child.returncode, "events": events(home, before), "storage": storage,
            "summary": output.strip().splitlines()[-1:]}


def rows_in(files: list[Path]) -> int:
    """Data rows of the extract files (lines after the header; workbooks counted by openpyxl)."""
    total = 0
    for path in files:
        if path.suffix == ".xlsx":
            import openpyxl
            total += max(openpyxl.load_workbook(path, read_only=True).active.max_row - 1, 0)
        else:
            with path.open("rb") as handle:
                total += max(sum(1 for _ in handle) - 1, 0)
    return total


def floor(files: list[Path], warehouse_file: Path, work: Path) -> dict:
    """The same files loaded by DuckDB's CSV reader, then every SQL model, in order, on a copy of the
    pipeline's warehouse (its raw tables): no Dagster, no validation, no pseudonymisation."""
    import duckdb

    from warehouse.models import discover_models

    models = _in_order(discover_models())
    copy = work / "floor.duckdb"
    shutil.copy(warehouse_file, copy)
    started = time.perf_counter()
    cpu = time.process_time()
    with duckdb.connect(str(work / "floor_load.duckdb")) as conn:
        for i, path in enumerate(f for f in files if f.suffix == ".csv"):
            for encoding in ("utf-8", "latin-1"):  # the exports come in both
                try:
                    conn.execute(f"create or replace table f{i} as select * from "
                                 f"read_csv('{path}', all_varchar = true, encoding = '{encoding}')")
                    break
                except duckdb.Error:
                    continue
    load = time.perf_counter() - started
    with duckdb.connect(str(copy)) as conn:
        for model in models:
            conn.execute(f'create or replace table "{model.name}" as {model.sql}')
    seconds = time.perf_counter() - started
    result = {"floor_s": seconds, "floor_load_s": load, "floor_models_s": seconds - load, "floor_cpu_s": time.process_time() - cpu,
              "models": len(models)}
    for name in ("floor.duckdb", "floor_load.duckdb"):
        (work / name).unlink(missing_ok=True)
    return result


def _in_order(models):
    by_name, done, ordered = {m.name: m for m in models}, set(), []

    def visit(model):
        if model.name in done:
            return
        done.add(model.name)
        for upstream in model.upstream_tables:
            if upstream in by_name:
                visit(by_name[upstream])
        ordered.append(model)

    for model in models:
        visit(model)
    return ordered


def refresh(sample: Path, work: Path, runs: int, profile: bool) -> list[dict]:
    extracts = work / "extracts"
    shutil.copytree(sample, extracts, ignore=shutil.ignore_patterns(f"*{NEW_MONTH}*"))
    new_files = sorted(p for p in sample.rglob(f"*{NEW_MONTH}*") if p.is_file())
    _fresh(work)
    env = _env(work, extracts)
    measure(["year", "2025"], env)  # warm-up: history up to 2025-11 in the warehouse and the instance
    snapshot = work / "snapshot"
    shutil.rmtree(snapshot, ignore_errors=True)
    snapshot.mkdir()
    for name in ("wh.duckdb", "dagster_home", "out"):
        src = work / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, snapshot / name)
    for path in new_files:
        target = extracts / path.relative_to(sample)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    rows = rows_in(new_files)
    results = []
    for i in range(runs + (1 if profile else 0)):  # the profiled run, last, is not counted
        _fresh(work)
        for name in ("wh.duckdb", "dagster_home", "out"):
            src = snapshot / name
            shutil.copytree(src, work / name, dirs_exist_ok=True) if src.is_dir() else shutil.copy(src, work / name)
        if i == runs:
            measure(["year", "2025"], env, work / "refresh.prof")
            break
        result = {"scenario": "refresh", "files": len(new_files), "rows": rows, **measure(["year", "2025"], env)}
        result.update(floor(new_files, snapshot / "wh.duckdb", work))
        results.append(result)
    return results


def from_scratch(name: str, command: list[str], sample: Path, work: Path, env: dict[str, str], runs: int, profile: bool) -> list[dict]:
    """`command` on a fresh warehouse and instance, `runs` times (and once profiled, not counted);
    the floor loads every file of `sample` and runs the models."""
    files = sorted(p for p in sample.rglob("*") if p.is_file() and not p.name.startswith("."))
    rows = rows_in(files)
    results = []
    for i in range(runs + (1 if profile else 0)):  # the profiled run, last, is not counted
        _fresh(work)
        if i == runs:
            measure(command, env, work / f"{name}.prof")
            break
        result = {"scenario": name, "files": len(files), "rows": rows, **measure(command, env)}
        empty = work / "empty.duckdb"
        empty.unlink(missing_ok=True)
        shutil.copy(work / "wh.duckdb", empty)  # the models read the raw tables the run loaded
        result.update(floor(files, empty, work))
        results.append(result)
    return results


def backfill(sample: Path, work: Path, runs: int, profile: bool) -> list[dict]:
    return from_scratch("backfill", ["backfill", "--from", "2019-01", "--to", "2025-12"], sample, work, _env(work, sample), runs, profile)


def make_run(sample: Path, work: Path, runs: int, profile: bool) -> list[dict]:
    """`make run` on a fresh clone: the sample written by the command itself, into its own folder."""
    env = {**_env(work, work / "no-extracts"), "MNO_SAMPLE_EXTRACTS_DIR": str(work / "sample-extracts")}
    return from_scratch("make-run", ["year", "2025", "--generate-sample"], sample, work, env, runs, profile)


def machine() -> dict:
    load = os.getloadavg()
    memory = next((int(line.split()[1]) // 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), None)
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_mb": memory, "load_avg_1m": round(load[0], 2),
            "python": platform.python_version()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["refresh", "backfill", "make-run", "both", "all"], default="both",
                        help="both: refresh and backfill; all: the three")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the first measured run of each scenario")
    parser.add_argument("--storage", choices=sorted(STORAGE), default="project",
                        help="the instance's storage: the project's (deploy/dagster.yaml) or Dagster's own")
    args = parser.parse_args()
    global storage
    storage = args.storage
    from sample_data import write_sample_extracts

    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mno-bench-") as tmp:
        work = Path(tmp)
        sample = work / "sample"
        write_sample_extracts(sample)
        scenarios = {"both": ["refresh", "backfill"], "all": ["refresh", "backfill", "make-run"]}.get(args.scenario, [args.scenario])
        for name in scenarios:
            runs = {"refresh": refresh, "backfill": backfill, "make-run": make_run}[name](sample, work, args.runs, args.profile)
            with (out / "refresh_backfill.jsonl").open("a") as handle:
                for run in runs:
                    handle.write(json.dumps({**run, "machine": machine(), "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}) + "\n")
            if runs:  # none with --runs 0 --profile: the profiled run alone
                med = {k: statistics.median(r[k] for r in runs) for k in ("wall_s", "cpu_s", "peak_rss_mb", "floor_s", "floor_cpu_s", "events")}
                rows = runs[0]["rows"]
                print(f"{name}: {len(runs)} runs, {runs[0]['files']} files, {rows} rows; median wall {med['wall_s']:.1f} s, "
                      f"CPU {med['cpu_s']:.1f} s, peak RSS {med['peak_rss_mb']:.0f} MB, {rows / med['wall_s']:.0f} rows/s, "
                      f"{med['events']:.0f} Dagster events ({storage} storage); "
                      f"floor {med['floor_s']:.2f} s (CPU {med['floor_cpu_s']:.2f} s): ratio {med['wall_s'] / med['floor_s']:.0f}x wall, "
                      f"{med['cpu_s'] / med['floor_cpu_s']:.0f}x CPU; machine {machine()}")
            if args.profile:
                stats = pstats.Stats(str(work / f"{name}.prof"))
                stats.dump_stats(str(out / f"{name}.prof"))
                print(f"cProfile of one {name} run, CPU time (top 40 by cumulative time), saved to {out / f'{name}.prof'}:")
                stats.sort_stats("cumulative").print_stats(40)
                print(f"top 25 by own time:")
                stats.sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: a network's volumes (the sample x10, a region x100, the country x600) end to end, against the floor.

    .venv/bin/python benchmarks/national.py --scale 100 [--scenario year|refresh|backfill|all] [--data DIR] [--runs 1]
    .venv/bin/python benchmarks/national.py --scale 600 --data DIR --generate-only

The sample extracts are generated at `--scale` (`python -m sample_data DIR --scale N`: N copies of the
association, each with its own people, and its own communes in the public territory files), into
`--data DIR` if given (kept, and reused by the next run with the same scale) or a temporary folder.
Scenarios, each command in a process of its own (`python -m pipelines.run`, imports included), with
the DuckDB warehouse and the local instance file (`deploy/dagster.yaml`):
- year: a fresh warehouse; `pipelines.run year 2025` (every month up to 2025-12, every model, the
  2025 report) is measured. National target (x600): < 60 s, peak memory < 2 GB.
- refresh: the warehouse and instance hold every month up to 2025-11 (a warm-up run, not measured);
  the 2025-12 files land; `pipelines.run year 2025` is measured. National target: < 20 s.
- backfill: a fresh warehouse; `pipelines.run backfill --from 2019-01 --to 2025-12` (every month,
  seven years of reports) is measured. National target: < 3 min.
Reported per run: wall time, CPU time (user + system, the compute: other work on a shared machine
does not inflate it), peak resident memory of the process (its waited-for children included), rows
of the files ingested per second of wall time, and the ratio to the floor measured right after in
the same benchmark run: the same files loaded by DuckDB's CSV reader and the same SQL models run in
order in DuckDB, no orchestration, no validation, no pseudonymisation (`refresh_backfill.floor`).
One JSON line per measurement (and one for the generation: rows and seconds per domain) appended to
benchmarks/results/national.jsonl, with the machine and its load average.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from refresh_backfill import NEW_MONTH, ROOT, _env, _fresh, floor, machine, measure  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "national.jsonl"
TARGETS_X600 = {"year": {"wall_s": 60, "peak_rss_mb": 2048}, "refresh": {"wall_s": 20}, "backfill": {"wall_s": 180}}
SCALE_MARKER = ".scale"  # in a --data folder: the scale its extracts were generated at


def generate(folder: Path, scale: int) -> dict | None:
    """The sample extracts at `scale` in `folder`, generated unless already there; rows and seconds
    of the generation per domain when generated."""
    marker = folder / SCALE_MARKER
    if marker.exists() and marker.read_text().strip() == str(scale):
        return None
    shutil.rmtree(folder, ignore_errors=True)
    from pipelines.settings import SAMPLE_MARKER
    from sample_data import scale_extracts, write_ml_extracts, write_mde_extracts, write_plie_extracts, write_territory_extracts

    timings = {}
    for domain, write in (("territory", write_territory_extracts), ("plie", write_plie_extracts),
                          ("ml", write_ml_extracts), ("mde", write_mde_extracts)):
        started, cpu = time.perf_counter(), time.process_time()
        paths = write(folder)
        written = time.perf_counter() - started
        scale_extracts(paths, scale)
        timings[domain] = {"files": len(paths), "rows": rows_in(paths), "write_s": round(written, 2),
                           "scale_s": round(time.perf_counter() - started - written, 2),
                           "cpu_s": round(time.process_time() - cpu, 2)}
    (folder / SAMPLE_MARKER).write_text("written by benchmarks/national.py\n", encoding="utf-8")
    marker.write_text(f"{scale}\n")
    return timings


def rows_in(files: list[Path]) -> int:
    """Data rows of the extract files: lines after the header (workbooks: their sheets' rows, by openpyxl)."""
    total = 0
    for path in files:
        if path.suffix == ".xlsx":
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True)
            total += sum(max(sheet.max_row - 1, 0) for sheet in book.worksheets)
            book.close()
            continue
        with path.open("rb") as handle:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b""))
        total += max(lines - 1, 0)
    return total


def extract_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def linked_copy(source: Path, target: Path, skip: str | None = None) -> None:
    """`source`'s extracts under `target` as hard links (no copy of gigabytes), without names containing `skip`."""
    ignore = shutil.ignore_patterns(f"*{skip}*") if skip else None
    shutil.copytree(source, target, copy_function=os.link, ignore=ignore)


def year(extracts: Path, work: Path) -> dict:
    files = extract_files(extracts)
    _fresh(work)
    result = {"files": len(files), "rows": rows_in(files), **measure(["year", "2025"], _env(work, extracts))}
    return {**result, **_floor_on_raw_tables(files, work)}


def refresh(extracts: Path, work: Path) -> dict:
    history = work / "extracts"
    shutil.rmtree(history, ignore_errors=True)
    linked_copy(extracts, history, skip=NEW_MONTH)
    env = _env(work, history)
    _fresh(work)
    measure(["year", "2025"], env)  # warm-up: history up to 2025-11 in the warehouse and the instance
    snapshot = work / "before.duckdb"
    shutil.copy(work / "wh.duckdb", snapshot)
    new_files = [p for p in extract_files(extracts) if NEW_MONTH in p.name]
    for path in new_files:
        os.link(path, history / path.relative_to(extracts))
    result = {"files": len(new_files), "rows": rows_in(new_files), **measure(["year", "2025"], env)}
    result.update(floor(new_files, snapshot, work))
    snapshot.unlink()
    shutil.rmtree(history)
    return result


def backfill(extracts: Path, work: Path) -> dict:
    files = extract_files(extracts)
    _fresh(work)
    result = {"files": len(files), "rows": rows_in(files),
              **measure(["backfill", "--from", "2019-01", "--to", "2025-12"], _env(work, extracts))}
    return {**result, **_floor_on_raw_tables(files, work)}


def _floor_on_raw_tables(files: list[Path], work: Path) -> dict:
    """The floor on the same files, its models run on a copy of the warehouse the pipeline loaded."""
    loaded = work / "loaded.duckdb"
    shutil.copy(work / "wh.duckdb", loaded)
    try:
        return floor(files, loaded, work)
    finally:
        loaded.unlink()


SCENARIOS = {"year": year, "refresh": refresh, "backfill": backfill}


def summary(name: str, scale: int, runs: list[dict]) -> str:
    med = {k: statistics.median(r[k] for r in runs) for k in ("wall_s", "cpu_s", "peak_rss_mb", "floor_s", "floor_cpu_s")}
    rows = runs[0]["rows"]
    line = (f"{name} x{scale}: {len(runs)} run(s), {runs[0]['files']} files, {rows:,} rows; wall {med['wall_s']:.1f} s, "
            f"CPU {med['cpu_s']:.1f} s, peak RSS {med['peak_rss_mb']:.0f} MB, {rows / med['wall_s']:,.0f} rows/s; "
            f"floor {med['floor_s']:.1f} s (CPU {med['floor_cpu_s']:.1f} s): ratio {med['wall_s'] / med['floor_s']:.1f}x wall, "
            f"{med['cpu_s'] / med['floor_cpu_s']:.1f}x CPU")
    if scale >= 600:
        misses = [f"{k} {med[k]:.0f} > {v}" for k, v in TARGETS_X600[name].items() if med[k] > v]
        line += "; national target " + ("met" if not misses else "missed: " + ", ".join(misses))
    return line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="copies of the association: 10, 100 (a region), 600 (the country)")
    parser.add_argument("--scenario", choices=[*SCENARIOS, "all"], default="all")
    parser.add_argument("--data", type=Path, help="folder of the scaled extracts, kept and reused (default: a temporary one)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--generate-only", action="store_true", help="only generate the extracts into --data (rows and time per domain)")
    args = parser.parse_args()
    RESULTS.parent.mkdir(exist_ok=True)
    names = [] if args.generate_only else list(SCENARIOS) if args.scenario == "all" else [args.scenario]
    if args.generate_only and not args.data:
        parser.error("--generate-only needs --data")
    with tempfile.TemporaryDirectory(prefix="mno-national-") as tmp:
        work = Path(tmp)
        extracts = args.data.resolve() if args.data else work / "sample"
        started = time.perf_counter()
        generated = generate(extracts, args.scale)
        if generated:
            total = sum(d["rows"] for d in generated.values())
            _record({"scenario": "generate", "scale": args.scale, "rows": total, "wall_s": time.perf_counter() - started,
                     "domains": generated})
            print(f"generated x{args.scale}: {total:,} rows in {time.perf_counter() - started:.0f} s; per domain: "
                  + ", ".join(f"{d} {v['rows']:,} rows {v['write_s'] + v['scale_s']:.0f} s" for d, v in generated.items()))
        by_scenario = defaultdict(list)
        for name in names:
            for _ in range(args.runs):
                result = {"scenario": name, "scale": args.scale, **SCENARIOS[name](extracts, work)}
                _record(result)
                by_scenario[name].append(result)
            print(summary(name, args.scale, by_scenario[name]), flush=True)
    print(f"machine: {machine()}; results appended to {RESULTS}")
    return 0


def _record(result: dict) -> None:
    with RESULTS.open("a") as handle:
        handle.write(json.dumps({**result, "machine": machine(), "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}) + "\n")


if __name__ == "__main__":
    sys.exit(main())

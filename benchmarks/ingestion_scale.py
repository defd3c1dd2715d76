"""Benchmark: ingest national-scale extracts (millions of rows) per source, against the floor.

For each source (France Travail job seekers, a PLIE table, Mission Locale tables) one extract of
`--rows` rows is written, then:

- **ingestion**: `ingestion.ingest_partitions` loads it in one partition (strict reading, typing,
  validation, quarantine, pseudonymisation, keys and plausibility in the warehouse, one
  transaction; in DuckDB, the plain file validated by SQL generated from the contract,
  `ingestion.sql_validation`);
- **floor**: the same file read by DuckDB's `read_csv` (every cell as text), trimmed, cast, checked
  against the same contract's rules, split into a valid table and a quarantine table, and
  pseudonymised with HMAC-SHA-256 in SQL: no orchestration, no Python per row. A lower bound, not a
  competitor (no line numbers, no per-cell reasons, no reading verdicts). Written here by hand,
  except each check's condition, which is the ingestion's own translation (`check_sql`,
  `row_check_sql`: one copy of it).

Wall time, CPU time (user + system), rows/s and the ratio to the floor are reported per source;
peak RSS (`ru_maxrss`) is the whole process's, so the first source sets it unless `--sources`
names one. `--memory-limit`/`--temp-directory` set MNO_DUCKDB_MEMORY_LIMIT/MNO_DUCKDB_TEMP_DIRECTORY
(the warehouse engine's bounds, `pipelines/settings.py`) for the ingestion.

    .venv/bin/python benchmarks/ingestion_scale.py --rows 1000000 [--sources defm plie__participants ...]
    .venv/bin/python benchmarks/ingestion_scale.py --rows 4000000 --sources defm --memory-limit 1GB --no-floor
    .venv/bin/python benchmarks/ingestion_scale.py --rows 1000000 --sources defm --warehouse-url postgresql://...

Writes one JSON line per source to stdout (and appends them to benchmarks/results/ingestion_scale.jsonl).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import sqlalchemy as sa

from ingestion import ExtractContract, ingest_partitions
from ingestion.reading import detect_format
from ingestion.sql_validation import check_sql, literal, row_check_sql
from schemas.ml import ml__aides, ml__evenements
from schemas.plie import plie__participants
from schemas.territory import DEFM_AGE_BANDS, DEFM_CATEGORIES, DEFM_SENIORITY, DEFM_SEXES, france_travail__defm
from warehouse import Warehouse
from warehouse.engine import with_duckdb_bounds

KEY = "benchmark-key"
SAMPLE_PARTITION = "2025-03"  # the month whose sample file is replicated for the PLIE and ML sources
SOURCES = {
    "defm": france_travail__defm,
    "plie__participants": plie__participants,
    "ml__evenements": ml__evenements,
    "ml__aides": ml__aides,
}


def write_defm_extract(path: Path, rows: int) -> None:
    """`rows` distinct records (commune x category x sex x age band x seniority, up to 4.3 million)."""
    communes = [f"{d}{s}{c:03d}" for d in range(10) for s in [*map(str, range(10)), "A", "B"] for c in range(1000)]
    combos = [(cat, sex, age, sen) for cat in DEFM_CATEGORIES for sex in DEFM_SEXES for age in DEFM_AGE_BANDS for sen in DEFM_SENIORITY]
    if rows > len(communes) * len(combos):
        raise ValueError(f"at most {len(communes) * len(combos)} distinct job-seekers rows")
    counts = np.random.default_rng(1).integers(0, 500, rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["date", "code_commune", "commune", "categorie", "sexe", "tranche_d_age", "anciennete", "nombre_de_demandeurs_d_emploi"])
        for i in range(rows):
            code = communes[i // len(combos)]
            writer.writerow(["30/09/2025", code, f"Commune {code}", *combos[i % len(combos)], counts[i]])


def write_replicated_extract(contract: ExtractContract, sample_dir: Path, path: Path, rows: int) -> None:
    """The sample's file for SAMPLE_PARTITION, its rows repeated up to `rows`: each copy's key and
    identifier columns get a suffix, so copies are distinct records of distinct people."""
    source = contract.path_for(sample_dir, SAMPLE_PARTITION)
    fmt = detect_format(source)
    with source.open(encoding=fmt.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=fmt.separator)
        header = next(reader)
        data = list(reader)
    distinct = {c for c in contract.key if contract.kind_of(c) == "str"}
    distinct |= {c for c in header if contract.personal(c) == "pseudonymise"}
    suffixed = [i for i, c in enumerate(header) if c in distinct]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:  # UTF-8 and ';' whatever the sample's
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        for n in range(rows):
            row = list(data[n % len(data)])
            copy = n // len(data)
            for i in suffixed:
                if row[i]:
                    row[i] = f"{row[i]}-{copy}"
            writer.writerow(row)


# The floor ---------------------------------------------------------------------------------------

def floor_sql(contract: ExtractContract, path: Path, ipad: bytes, opad: bytes) -> list[str]:
    """Read, trim, cast, check, split and pseudonymise the file in DuckDB SQL."""
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\r\n").split(";")
    columns = contract.expected_columns(header)
    casts, checks = [], []
    for name in columns:
        q = f'"{name}"'
        text = f"nullif(trim({q}), '')"
        kind = contract.kind_of(name)
        if kind == "date":
            typed = f"try_strptime({text}, '%d/%m/%Y')::date"
        elif kind in ("int", "float", "decimal"):
            target = {"int": "bigint", "float": "double", "decimal": f"decimal(18, {contract.scale_of(name) or 0})"}[kind]
            typed = f"try_cast(replace(replace({text}, ' ', ''), ',', '.') as {target})"
        else:
            typed = text
        casts.append(f"{typed} as {q}")
        checks.append(f'("_raw_{name}" is null or {q} is not null)')  # typing
        spec = contract._spec(name)
        if not spec.nullable:
            checks.append(f"{q} is not null")
        for check in spec.checks:
            checks.append(f"coalesce({check_sql(check, q)}, true)")  # the ingestion's translation of the check
    for check in contract.schema.checks:  # row rules (end not before start): their SQL twins
        checks.append(f"coalesce({row_check_sql(check)}, true)")
    if contract.key:  # a key shared by two rows sends both to quarantine
        checks.append(f"count(*) over (partition by {', '.join(f'{chr(34)}{c}{chr(34)}' for c in contract.key)}) = 1")
    ok = " and ".join(checks)
    kept = []
    for name in columns:
        treatment = contract.personal(name)
        q = f'"{name}"'
        if treatment == "drop":
            continue
        if treatment == "pseudonymise":
            kept.append(f"left(sha256({_blob(opad)} || unhex(sha256({_blob(ipad)} || encode({q})))), 24) as {q}")
        else:
            kept.append(q)
    return [
        f"""create table typed as select *, {ok} as ok from (
                select {', '.join(casts)}, {', '.join(f'nullif(trim("{c}"), {literal("")}) as "_raw_{c}"' for c in columns)}
                from read_csv({literal(path)}, delim=';', header=true, all_varchar=true))""",
        f"create table valid as select {', '.join(kept)} from typed where ok",
        f"create table quarantine as select * exclude (ok) from typed where not ok",
    ]


def _blob(data: bytes) -> str:
    return "'" + "".join(f"\\x{b:02x}" for b in data) + "'::blob"


def run_floor(contract: ExtractContract, path: Path, folder: Path) -> dict:
    key = KEY.encode().ljust(64, b"\0")
    ipad, opad = bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)
    database = folder / "floor.duckdb"
    con = duckdb.connect(str(database))
    started, cpu = time.perf_counter(), time.process_time()
    con.execute("begin")
    for statement in floor_sql(contract, path, ipad, opad):
        con.execute(statement)
    con.execute("commit")
    result = {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu,
              "valid": con.execute("select count(*) from valid").fetchone()[0]}
    con.close()
    database.unlink()
    return result


# The run -----------------------------------------------------------------------------------------

def measure_ingestion(contract: ExtractContract, folder: Path, partition: str, url: str) -> dict:
    warehouse = Warehouse(url)
    started, cpu = time.perf_counter(), time.process_time()
    [report] = ingest_partitions(contract, warehouse, folder, [partition], KEY)
    result = {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu,
              "rows_loaded": report.rows_loaded, "rows_quarantined": report.rows_quarantined}
    if warehouse.is_duckdb:
        warehouse.dispose()
    else:
        with warehouse.begin() as conn:
            conn.execute(sa.text(f'drop table if exists "{contract.table}"'))
            conn.execute(sa.text("delete from quarantine where source = :s"), {"s": contract.name})
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sources", nargs="*", default=list(SOURCES), choices=list(SOURCES))
    parser.add_argument("--warehouse-url", default=None)
    parser.add_argument("--memory-limit", default=None, help="e.g. 1GB: sets MNO_DUCKDB_MEMORY_LIMIT for the ingestion")
    parser.add_argument("--temp-directory", default=None, help="sets MNO_DUCKDB_TEMP_DIRECTORY (spill folder)")
    parser.add_argument("--no-floor", action="store_true", help="measure the ingestion only")
    args = parser.parse_args()
    if args.memory_limit:
        os.environ["MNO_DUCKDB_MEMORY_LIMIT"] = args.memory_limit
    if args.temp_directory:
        os.environ["MNO_DUCKDB_TEMP_DIRECTORY"] = args.temp_directory
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample_dir = folder / "sample"
        if any(name != "defm" for name in args.sources):
            from sample_data import write_sample_extracts
            write_sample_extracts(sample_dir)
        for name in args.sources:
            contract = ExtractContract(SOURCES[name])
            partition = "2025-09" if name == "defm" else SAMPLE_PARTITION
            extracts = folder / "extracts"
            path = contract.path_for(extracts, partition)
            if name == "defm":
                write_defm_extract(path, args.rows)
            else:
                write_replicated_extract(contract, sample_dir, path, args.rows)
            # DuckDB's bounds travel in its URL (pipelines.settings does the same)
            url = args.warehouse_url or with_duckdb_bounds(f"duckdb:///{folder / f'bench_{name}.duckdb'}",
                                                           args.memory_limit, args.temp_directory)
            ours = measure_ingestion(contract, extracts, partition, url)
            floor = None if args.no_floor else run_floor(contract, path, folder)
            result = {
                "benchmark": "ingestion_scale", "source": name, "rows": args.rows,
                "file_mb": round(path.stat().st_size / 1e6, 1), "warehouse": sa.make_url(url).get_backend_name(),
                "memory_limit": args.memory_limit, "seconds": round(ours["seconds"], 2),
                "cpu_seconds": round(ours["cpu_seconds"], 2), "rows_per_second": int(args.rows / ours["seconds"]),
                "rows_loaded": ours["rows_loaded"], "rows_quarantined": ours["rows_quarantined"],
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
            if floor:
                result.update({
                    "floor_seconds": round(floor["seconds"], 2), "floor_cpu_seconds": round(floor["cpu_seconds"], 2),
                    "floor_valid": floor["valid"], "ratio_wall": round(ours["seconds"] / floor["seconds"], 2),
                    "ratio_cpu": round(ours["cpu_seconds"] / floor["cpu_seconds"], 2),
                })
            result["machine"] = f"{os.cpu_count()} cpu, {platform.python_version()}, duckdb {duckdb.__version__}, load {os.getloadavg()[0]:.1f}"
            line = json.dumps(result)
            print(line, flush=True)
            lines.append(line)
            path.unlink()
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    with (results / "ingestion_scale.jsonl").open("a") as handle:
        handle.writelines(line + "\n" for line in lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())

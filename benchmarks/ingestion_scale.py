"""Benchmark: ingest one national-scale job-seekers extract (millions of rows) and report the
time and the peak memory. The reader streams the file in batches, so memory stays flat as the
file grows.

    .venv/bin/python benchmarks/ingestion_scale.py --rows 2000000 [--warehouse-url URL]

Writes one JSON line to stdout (and appends it to benchmarks/results/ingestion_scale.jsonl).
"""
from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from ingestion import ExtractContract, ingest_partitions
from schemas.territory import DEFM_AGE_BANDS, DEFM_CATEGORIES, DEFM_SENIORITY, DEFM_SEXES, france_travail__defm
from warehouse import Warehouse


def write_extract(path: Path, rows: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    communes = [f"{d:02d}{c:03d}" for d in range(1, 96) for c in range(1, 120)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["date", "code_commune", "commune", "categorie", "sexe", "tranche_d_age", "anciennete", "nombre_de_demandeurs_d_emploi"])
        for start in range(0, rows, 100_000):
            n = min(100_000, rows - start)
            picks = [rng.integers(0, len(v), n) for v in (communes, DEFM_CATEGORIES, DEFM_SEXES, DEFM_AGE_BANDS, DEFM_SENIORITY)]
            counts = rng.integers(0, 500, n)
            for i in range(n):
                code = communes[picks[0][i]]
                writer.writerow(["30/09/2025", code, f"Commune {code}", DEFM_CATEGORIES[picks[1][i]], DEFM_SEXES[picks[2][i]],
                                 DEFM_AGE_BANDS[picks[3][i]], DEFM_SENIORITY[picks[4][i]], counts[i]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--warehouse-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        contract = ExtractContract(france_travail__defm)
        write_extract(contract.path_for(folder, "2025-09"), args.rows)
        size_mb = contract.path_for(folder, "2025-09").stat().st_size / 1e6
        warehouse = Warehouse(args.warehouse_url or f"duckdb:///{folder / 'bench.duckdb'}")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        [report] = ingest_partitions(contract, warehouse, folder, ["2025-09"], "benchmark-key")
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result = {
            "benchmark": "ingestion_scale", "rows": args.rows, "file_mb": round(size_mb, 1),
            "warehouse": warehouse.engine.dialect.name, "seconds": round(seconds, 1),
            "rows_per_second": int(report.rows_loaded / seconds), "peak_rss_mb": round(peak), "rss_before_mb": round(before),
            "rows_loaded": report.rows_loaded, "rows_quarantined": report.rows_quarantined,
        }
        warehouse.dispose()
    line = json.dumps(result)
    print(line)
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    with (results / "ingestion_scale.jsonl").open("a") as handle:
        handle.write(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

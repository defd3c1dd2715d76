"""What changed since the last refresh: the extract files to ingest again, and the record of those ingested.

A partition is ingested again only when its file's content or the ingestion's context changed since
its last successful ingestion. Each successful ingestion run records, per partition, the SHA-256 of
the file and of the context (the pseudonymisation key, the plausibility rules, the contracts and the
ingestion code) in the warehouse table `ingested_files`, next to the data it describes: a fresh
warehouse has none and ingests everything; a file rewritten with the same bytes is not re-ingested;
a new key, new rules or new ingestion code re-ingest everything. `python -m pipelines.run ... --full`
ignores the record.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ingestion import ExtractContract
from pipelines.settings import PROJECT_ROOT, Settings
from warehouse import Warehouse

TABLE = "ingested_files"
_COLUMNS = ["raw_table", "partition_key", "file", "content_sha256", "context_sha256"]
# The code an ingested row depends on (besides its file): a change here re-ingests every partition.
# Besides these, every module under assets/ that builds an ingestion asset (its reshape function).
_CODE = ["schemas", "ingestion", "assets/extracts.py"]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def context_sha256(settings: Settings) -> str:
    """One hash of everything besides the file that decides what ingestion writes."""
    digest = hashlib.sha256(hashlib.sha256(settings.pseudonymisation_key.encode()).digest())
    files = [settings.plausibility_file] if settings.plausibility_file.exists() else []
    for path in dict.fromkeys(files + code_files()):
        digest.update(str(path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def code_files() -> list[Path]:
    """The code that decides what ingestion writes: the contracts, the ingestion package, the asset
    builder and the domain modules that build ingestion assets (their reshapes)."""
    files = []
    for entry in _CODE:
        path = PROJECT_ROOT / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files + [p for p in sorted((PROJECT_ROOT / "assets").rglob("*.py")) if "source_assets(" in p.read_text(encoding="utf-8")]


def fingerprints(settings: Settings, contract: ExtractContract, keys: list[str]) -> dict[str, str]:
    """partition key -> SHA-256 of its file, for the partitions whose file is present."""
    paths = {key: contract.path_for(settings.extracts_dir, key) for key in keys}
    return {key: file_sha256(path) for key, path in paths.items() if path.is_file()}


def unchanged(warehouse: Warehouse, table: str, current: dict[str, str], context: str) -> set[str]:
    """The partitions of `table` whose file and context are those of their last successful ingestion."""
    return unchanged_by_table(warehouse, {table: current}, context)[table]


def unchanged_by_table(warehouse: Warehouse, current: dict[str, dict[str, str]], context: str) -> dict[str, set[str]]:
    """`unchanged` for every raw table of `current` (table -> partition -> file SHA-256), in two queries."""
    out: dict[str, set[str]] = {table: set() for table in current}
    present = warehouse.existing([TABLE, *current])
    tables = [t for t, keys in current.items() if keys and t in present]
    if TABLE not in present or not tables:
        return out
    done = warehouse.read_sql(f"select raw_table, partition_key, content_sha256 from {TABLE} where context_sha256 = :c",
                              {"c": context})  # one row per file ever ingested: small
    previous = {(t, k): sha for t, k, sha in zip(done["raw_table"], done["partition_key"], done["content_sha256"], strict=True)}
    for table in tables:
        out[table] = {key for key, sha in current[table].items() if previous.get((table, key)) == sha}
    return out


def record(warehouse: Warehouse, settings: Settings, ingested: list[tuple[ExtractContract, dict[str, str]]], context: str) -> None:
    """After a successful ingestion run: its partitions' files (per contract, partition -> file
    SHA-256) are the ones now in the warehouse. One transaction for the run's tables."""
    ingested = [(contract, current) for contract, current in ingested if current]
    if not ingested:
        return
    frame = pd.concat([pd.DataFrame({
        "raw_table": contract.table,
        "partition_key": list(current),
        "file": [contract.path_for(settings.extracts_dir, k).relative_to(settings.extracts_dir).as_posix() for k in current],
        "content_sha256": list(current.values()),
        "context_sha256": context,
    }) for contract, current in ingested], ignore_index=True)[_COLUMNS]
    table = sa.Table(TABLE, sa.MetaData(), *(sa.Column(c, sa.Text, nullable=False) for c in _COLUMNS))
    delete = sa.text(f"delete from {TABLE} where raw_table = :t and partition_key in :keys").bindparams(
        sa.bindparam("keys", expanding=True))
    with warehouse.begin() as conn:
        warehouse.ensure_table(conn, table)
        for contract, current in ingested:
            conn.execute(delete, {"t": contract.table, "keys": list(current)})
        warehouse.insert_frame(conn, TABLE, frame)

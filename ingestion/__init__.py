"""The ingestion contract shared by every source.

Belongs here: reading French extracts (encodings, separators, decimal commas, dd/mm/yyyy dates,
XLSX), lazy pandera validation with row-level quarantine, pseudonymisation of personal columns,
and the transactional replace of one partition. Not here: any source's columns (see `schemas/`)
or business rules (see `dbt_like_sql/`).
"""
from ingestion.aliases import Aliases
from ingestion.contract import ExtractContract, StructuralError
from ingestion.load import IngestionReport, ingest_partition, ingest_partitions

__all__ = ["Aliases", "ExtractContract", "IngestionReport", "StructuralError", "ingest_partition", "ingest_partitions"]

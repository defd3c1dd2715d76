"""Dagster assets, one package per domain (`territory`, `plie`, ...), plus the shared builders:
`extracts` (an ingestion asset from a contract), `sql_models` (an asset per SQL file),
`indicators` and `reports` (the annual outputs).
"""

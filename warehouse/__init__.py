"""The warehouse behind SQLAlchemy: DuckDB embedded by default, PostgreSQL for shared deployments.

Belongs here: connections, dialect differences, transactional writes of frames and partitions.
Not here: what the tables mean (SQL models in `dbt_like_sql/`, contracts in `schemas/`).
"""
from warehouse.engine import Warehouse

__all__ = ["Warehouse"]

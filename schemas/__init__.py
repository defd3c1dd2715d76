"""Extract contracts: one pandera schema per source extract, the single source of its columns,
types, rules, file location, partitioning and personal-data treatment (see `ingestion.contract`).

Belongs here: what a file must look like. Not here: how it is read (`ingestion/`) or what its
figures mean (`dbt_like_sql/`).
"""

from schemas import ml_actions, plie, territory

ALL_SCHEMAS = [*territory.CONTRACTS, *plie.CONTRACTS, *ml_actions.CONTRACTS]

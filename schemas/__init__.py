"""Extract contracts: one pandera schema per source extract, the single source of its columns,
types, rules, file location, partitioning and personal-data treatment (see `ingestion.contract`).

Belongs here: what a file must look like. Not here: how it is read (`ingestion/`) or what its
figures mean (`dbt_like_sql/`).
"""

from schemas import mde, ml, ml_actions, plie, territory

# The extracts of each domain (the `domain` of the indicators their figures feed).
DOMAINS = {
    "territory": territory.CONTRACTS,
    "plie": plie.CONTRACTS,
    "ml": [*ml.CONTRACTS, *ml_actions.CONTRACTS],
    "mde": mde.MDE_CONTRACTS,
    "communication": mde.COMMUNICATION_CONTRACTS,
}

ALL_SCHEMAS = [schema for schemas in DOMAINS.values() for schema in schemas]

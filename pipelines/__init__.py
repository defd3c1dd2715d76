"""The Dagster code location: definitions, partitions, schedules, sensors and resources.

Domain logic lives in `assets/`, extract contracts in `schemas/`, SQL models in `dbt_like_sql/`.
"""

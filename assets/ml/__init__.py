"""Mission Locale domain: the ingestion assets of the i-milo extracts and of the ML's own registers
of collective actions and partnerships (`schemas/ml.py`, `schemas/ml_actions.py`).

Belongs here: those ingestion assets. Not here: the figures themselves (SQL models in
`dbt_like_sql/ml/`).
"""

"""Data-quality monitoring: the record of every check result, the Great Expectations suites on the
indicators, the data-quality report and the alerts.

Belongs here: plain Python that any asset, check or sensor can call (the `dq_check_history`
table, the indicator rules as configuration, GX validation, report rendering, e-mail alerts).
Not here: Dagster definitions (see `assets/quality/`) and the extract contracts themselves (the
pandera schemas in `schemas/`, validated at ingestion by `ingestion/`).

Nothing in this package ever holds a personal value: check details are rule names and counts,
and the report shows quarantined values as the quarantine stores them (personal ones masked).
"""

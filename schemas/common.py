"""Pieces every extract contract uses: the personal-data treatments of a column and the kind of text
a non-personal text column holds (`ingestion.contract`), and the row rule that an end date is not before its start.

Belongs here: what two or more contracts share. Not here: one source's vocabularies or columns.
"""
from __future__ import annotations

from pandera import Check

PSEUDONYMISE = {"personal": "pseudonymise"}  # person ids: keyed hash
DROP = {"personal": "drop"}  # names, contact details, health, justice, staff free text: never leave ingestion
# What a text column without a list or a pattern holds, when it is not personal (`ingestion.contract`):
ID = {"text": "id"}  # a technical identifier (a step, an event, an operation), never a person's
LABEL = {"text": "label"}  # the name of an organisation, a place, a category: loaded as it is
SCRUB = {"text": "scrub"}  # staff free text a figure needs (a title, a place): scrubbed at ingestion (ingestion.scrub)


def end_not_before_start(start: str, end: str) -> Check:
    """A row whose end is before its start (same row) fails, with the row's line in quarantine.

    A boolean Series makes the failure row-level; an empty end (still running) passes."""
    return Check(
        lambda frame: frame[end].isna() | frame[start].isna() | (frame[end] >= frame[start]),
        name=f"{end}_not_before_{start}",
        description=f"{end} must be empty or on/after {start}",
        # the columns a quarantine row names, and the rule in SQL (ingestion.sql_validation)
        statistics={"columns": [start, end], "sql": f'"{end}" is null or "{start}" is null or "{end}" >= "{start}"'},
    )

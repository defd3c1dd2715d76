"""Rows the SQL models set aside: what a figure leaves out because a rule across extracts fails (an
exit of a participant no participants extract holds, clause hours of an operation in no register,
an attendance at an unknown action). Ingestion checks one file at a time and cannot see these.

Every `qa_` model lists such rows with the columns `rule`, `reason`, `file`, `line` and
`reference_date` (the date that places the row in a report year). They are read here, once, for
the run summary, every output's data state (`quality.data_state`) and the quality report: the same
path as the rows quarantined at ingestion. Each row is attributed to the extract whose file it
came from (its contract), so that a reader sees which source to correct.

Belongs here: reading the `qa_` tables. Not here: the rules themselves (the `qa_` models in
`dbt_like_sql/`), nor how outputs show them (`reporting/`, `quality/report.py`).
"""
from __future__ import annotations

import pandas as pd

from ingestion import ExtractContract
from ingestion.workbook import sheet_of
from schemas import DOMAINS
from warehouse import Warehouse
from warehouse.models import discover_models

COLUMNS = ["model", "domain", "source", "partition_key", "file", "line", "rule", "reason", "report_year"]


def qa_models() -> list[str]:
    return [m.name for m in discover_models() if m.name.startswith("qa_")]


def read_set_aside(warehouse: Warehouse) -> pd.DataFrame:
    """One row per row set aside by a `qa_` model (COLUMNS), those of models not built yet left out."""
    frames = []
    for model in qa_models():
        if not warehouse.table_exists(model):
            continue
        frame = warehouse.read_sql(f"select rule, reason, file, line, reference_date from {model}")
        if frame.empty:
            continue
        frame["model"] = model
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    rows = pd.concat(frames, ignore_index=True)
    rows["report_year"] = pd.to_datetime(rows["reference_date"]).dt.year.astype("Int64")
    rows["line"] = pd.to_numeric(rows["line"]).astype("Int64")
    origin = rows["file"].map(_origin)
    rows["domain"] = [o[0] for o in origin]
    rows["source"] = [o[1] for o in origin]
    rows["partition_key"] = [o[2] for o in origin]
    return rows[COLUMNS].sort_values(["source", "file", "line"], kind="stable").reset_index(drop=True)


def _origin(file: str) -> tuple[str | None, str | None, str | None]:
    """(domain, contract name, partition) of a raw row's `source_file` (`path` or `path#sheet`)."""
    path, _, sheet = str(file).partition("#")
    for domain, schemas in DOMAINS.items():
        for schema in schemas:
            contract = ExtractContract(schema)
            key = contract.partition_of(path)
            if key is None:
                continue
            expected = sheet_of(contract)
            if sheet and expected is not None and expected.name != sheet:
                continue
            return domain, contract.name, key
    return None, None, None

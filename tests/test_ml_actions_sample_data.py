"""The synthetic registers of the ML's collective actions and partnerships: deterministic, in the
layout of docs/ml-actions-extracts.md, and never a duplicate key within one file (a re-export of a
record lies in another month's file)."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from ingestion import ExtractContract
from sample_data.ml.actions import COLUMNS, write_ml_actions_extracts
from schemas import ml_actions


def _contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.csv"))}


def test_same_bytes_on_every_run_and_the_contracts_layout(tmp_path):
    first = write_ml_actions_extracts(tmp_path / "a")
    write_ml_actions_extracts(tmp_path / "b")
    assert _contents(tmp_path / "a") == _contents(tmp_path / "b")
    assert len(first) == 7 * 12 * len(ml_actions.CONTRACTS)
    for schema in ml_actions.CONTRACTS:
        contract = ExtractContract(schema)
        assert COLUMNS[schema.name.removeprefix("ml__")] == list(schema.columns)
        path = contract.path_for(tmp_path / "a", "2025-03")
        header = path.read_bytes().decode("cp1252").split("\r\n")[0]
        assert header == ";".join(schema.columns)


def test_no_duplicate_key_within_a_file(tmp_path):
    paths = write_ml_actions_extracts(tmp_path)
    for schema in ml_actions.CONTRACTS:
        key = ExtractContract(schema).key
        register = schema.name.removeprefix("ml__")
        for path in (p for p in paths if p.name.startswith(f"ml_{register}_")):
            with path.open(encoding="cp1252", newline="") as handle:
                keys = Counter(tuple(row[k] for k in key) for row in csv.DictReader(handle, delimiter=";"))
            assert [k for k, n in keys.items() if n > 1] == [], path.name

"""Synthetic Mission Locale extracts: the i-milo record-level extracts (`sample_data.ml.imilo`) and,
when present, the Mission Locale's own records of collective actions (`sample_data.ml.actions`).

`write_ml_extracts(folder)` writes both and returns the paths written."""
from __future__ import annotations

import importlib
from pathlib import Path

from sample_data.ml.imilo import write_imilo_extracts


def write_ml_extracts(extracts_dir: Path) -> list[Path]:
    paths = write_imilo_extracts(Path(extracts_dir))
    try:
        actions = importlib.import_module("sample_data.ml.actions")
    except ModuleNotFoundError as exc:  # the actions generator is another module, maybe not merged yet
        if exc.name != "sample_data.ml.actions":
            raise
        return paths
    return paths + actions.write_ml_actions_extracts(Path(extracts_dir))

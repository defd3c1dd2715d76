"""Synthetic sample extracts, calibrated to the published 2025 report, in the real layouts.

`write_sample_extracts(folder)` writes every source; `python -m sample_data FOLDER` does the same.
Deterministic: the same bytes on every run. The data are synthetic: no real person is in them.
"""
from __future__ import annotations

from pathlib import Path

from sample_data.mde import write_mde_extracts
from sample_data.ml import write_ml_extracts
from sample_data.plie import write_plie_extracts
from sample_data.territory import write_territory_extracts


def write_sample_extracts(extracts_dir: Path) -> list[Path]:
    folder = Path(extracts_dir)
    return write_territory_extracts(folder) + write_plie_extracts(folder) + write_ml_extracts(folder) + write_mde_extracts(folder)

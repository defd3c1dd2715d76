"""Synthetic sample extracts, calibrated to the published 2025 report, in the real layouts.

`write_sample_extracts(folder)` writes every source; `python -m sample_data FOLDER [--scale N]` does
the same. Deterministic: the same bytes on every run. The data are synthetic: no real person is in
them. `scale` > 1 appends N - 1 copies of the association to the files (`sample_data.scale`: a
region is about x100, the country x600); scale 1 is the association itself, byte for byte.
"""
from __future__ import annotations

from pathlib import Path

from sample_data.mde import write_mde_extracts
from sample_data.ml import write_ml_extracts
from sample_data.plie import write_plie_extracts
from sample_data.scale import scale_extracts
from sample_data.territory import write_territory_extracts


def write_sample_extracts(extracts_dir: Path, scale: int = 1) -> list[Path]:
    folder = Path(extracts_dir)
    written = write_territory_extracts(folder) + write_plie_extracts(folder) + write_ml_extracts(folder) + write_mde_extracts(folder)
    return scale_extracts(written, scale)

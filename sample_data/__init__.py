"""Synthetic sample extracts, calibrated to the published 2025 report, in the real layouts.

`write_sample_extracts(folder)` writes every source; `python -m sample_data FOLDER [--scale N]` does
the same. Deterministic: the same bytes on every run. The data are synthetic: no real person is in
them. `scale` > 1 appends N - 1 copies of the association to the files (`sample_data.scale`: a
region is about x100, the country x600); scale 1 is the association itself, byte for byte.

The sample describes the territory and the MDE of the configuration (`territory_file`, `mde_file`:
by default config/territory.yaml and config/mde.yaml): another association's files give a demo of
its own communes, sites and networks (`sample_data.relabel`); the project's own files give the
calibrated sample unchanged.
"""
from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from sample_data.mde import write_mde_extracts
from sample_data.ml import write_ml_extracts
from sample_data.plie import write_plie_extracts
from sample_data.relabel import relabel_extracts
from sample_data.scale import scale_extracts
from sample_data.territory import write_territory_extracts


def write_sample_extracts(extracts_dir: Path, scale: int = 1, territory_file: Path | None = None,
                          mde_file: Path | None = None) -> list[Path]:
    from pipelines.mde import DEFAULT_FILE as MDE_FILE, MdeConfig  # noqa: PLC0415
    from pipelines.settings import PROJECT_ROOT  # noqa: PLC0415
    from pipelines.territory import Territory  # noqa: PLC0415

    folder = Path(extracts_dir)
    with _beside(write_ml_extracts, folder) as ml:  # the longest writer, on the second core
        territory, plie, mde = write_territory_extracts(folder), write_plie_extracts(folder), write_mde_extracts(folder)
    written = territory + plie + ml.result() + mde
    territory = Territory.load(Path(territory_file or PROJECT_ROOT / "config" / "territory.yaml"))
    relabel_extracts(written, territory, MdeConfig.load(Path(mde_file or MDE_FILE)))
    return scale_extracts(written, scale)


@contextmanager
def _beside(writer: Callable[[Path], list[Path]], folder: Path) -> Iterator[Future]:
    """`writer(folder)` in a forked process while the caller writes the other sources (each source
    draws from its own seeded generator: the bytes are the same in either order). Where forking is
    unsafe (another thread running, as in a test worker) or unavailable, it runs here, first."""
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        done: Future = Future()
        done.set_result(writer(folder))
        yield done
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool.submit(writer, folder)

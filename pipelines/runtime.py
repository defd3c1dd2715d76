"""The Python runtime of every process that loads the code location: the cyclic garbage collector.

A run allocates millions of short-lived containers (the rows of every extract, dataframes, Dagster's
events), and CPython's collector, with its default thresholds (700, 10, 10), scans the youngest
objects every 700 net allocations and every object alive, the code location's modules included
(about a million objects: Dagster, pandas, SQLAlchemy...), at each full collection. Measured on the
monthly refresh (docs/performance.md): 3.1 s of its CPU in 2 838 collections; with the modules
frozen and the first threshold at 10 000, 0.6 s in 122. Full collections still run (every ten of
the second generation's), so cyclic garbage is still reclaimed in the long-lived processes (the
webserver, the daemon, the code server): this trades about 40 MB of peak memory for the CPU.
"""
from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000  # net allocations between two collections of the youngest generation (CPython: 700)


def tune_garbage_collector() -> None:
    """Freeze what is alive now (the modules just imported: never garbage, never scanned again) and
    collect the youngest generation less often. Idempotent; call it once the code location is imported."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)

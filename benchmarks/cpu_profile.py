"""Profile a module's run by CPU time, not wall time (the machine may be shared: waiting is not work).

    .venv/bin/python benchmarks/cpu_profile.py OUT.prof pipelines.run year 2025
"""
from __future__ import annotations

import cProfile
import runpy
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    out, module, *args = sys.argv[1:]
    sys.path.insert(0, str(Path.cwd()))  # the project root: run from there
    sys.argv = [module, *args]
    profiler = cProfile.Profile(time.process_time)
    try:
        profiler.runcall(runpy.run_module, module, run_name="__main__", alter_sys=True)
    except SystemExit:
        pass
    finally:
        profiler.dump_stats(out)

"""`python -m sample_data [FOLDER] [--scale N]`: write the synthetic sample extracts, N copies of the association."""
import argparse
import time
from pathlib import Path

from pipelines.settings import Settings
from sample_data import write_sample_extracts

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write the synthetic sample extracts.")
    parser.add_argument("folder", nargs="?", default="data/extracts", type=Path)
    parser.add_argument("--scale", type=int, default=1, help="copies of the association: 10, 100 (a region), 600 (the country)")
    args = parser.parse_args()
    started = time.perf_counter()
    settings = Settings.from_env()  # MNO_TERRITORY_FILE, MNO_MDE_FILE: the sample describes that territory
    written = write_sample_extracts(args.folder, scale=args.scale, territory_file=settings.territory_file,
                                    mde_file=settings.mde_file)
    print(f"{len(written)} files written under {args.folder} at scale {args.scale} in {time.perf_counter() - started:.1f} s")

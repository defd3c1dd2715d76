import sys
from pathlib import Path

from sample_data import write_sample_extracts

if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "data/extracts")
    print(f"{len(write_sample_extracts(folder))} files written under {folder}")

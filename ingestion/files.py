"""Which files of the extracts folder no contract expects, and why: reported by name (run summary,
quality report, outputs' data state), never ingested, never a crash.

A near-miss (`… (1).csv`, a Unicode hyphen, `.xlsx` for `.csv`, a bad month such as `2025-03-`)
is the most dangerous case: the file meant to replace a month is ignored and the old month stays,
so each one is named with the name the contract expects. Links pointing outside the folder are
reported too: they are never followed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ingestion.contract import ExtractContract

IGNORED_NAMES = (".sample-extracts",)  # the sample generator's marker


@dataclass(frozen=True)
class IgnoredFile:
    relative: str
    reason: str


def without_folder(message: str, extracts_dir: Path) -> str:
    """`message` with the extracts folder left out of the file names it holds (as reports name files)."""
    for prefix in (f"{Path(extracts_dir).resolve()}/", f"{extracts_dir}/"):
        message = message.replace(prefix, "")
    return message


def ignored_files(extracts_dir: Path, contracts: list[ExtractContract]) -> list[IgnoredFile]:
    folder = Path(extracts_dir)
    if not folder.is_dir():
        return []
    root = folder.resolve()
    out = []
    for path in sorted(folder.rglob("*")):
        if not (path.is_file() or path.is_symlink()) or path.name in IGNORED_NAMES:
            continue
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            out.append(IgnoredFile(relative, "a link to a file outside the extracts folder: never followed"))
        elif not any(c.partition_of(relative) for c in contracts):
            out.append(IgnoredFile(relative, _why(relative, contracts)))
    return out


def _why(relative: str, contracts: list[ExtractContract]) -> str:
    folder = relative.rsplit("/", 1)[0] if "/" in relative else ""
    stem = re.split(r"[\d\u2010-\u2015]", relative.rsplit("/", 1)[-1], maxsplit=1)[0]
    for contract in contracts:
        pattern = contract.file_pattern
        if stem and stem in pattern and (not folder or pattern.startswith(folder.split("/")[0])):
            return f"looks like a {contract.name} extract, but its name does not follow {pattern}: renamed, copied or mistyped?"
    return "its name or place matches no extract contract"

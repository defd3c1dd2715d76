"""Writing the artefacts of a report year under `<output>/<year>/`, and withdrawing them.

Artefacts are written to temporary names in the same folder, then renamed over the old ones
together: a run killed or a disk filled halfway leaves the previous set, never a partial or
0-byte file beside old ones. When a blocking check fails on a year's figures, its artefacts are
withdrawn (moved to `obsolete/` with a notice saying why) rather than left looking current.

An artefact rendered from another (the PDF from the report's HTML: seconds of CPU a year) is
rendered again only when its source changed (`rendered_from`): the SHA-256 of the source is stored
beside it, and an unchanged source keeps the previous file.

Belongs here: file handling of outputs. Not here: their content (`reporting/render.py`, ...).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

OBSOLETE = "obsolete"
NOTICE = "LISEZ-MOI-rapport-retire.txt"
Writer = Callable[[Path], None]  # writes the artefact at the (temporary) path it is given


def write_together(artefacts: dict[Path, Writer]) -> list[Path]:
    """Write every artefact to a temporary sibling, then rename them all into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, write in artefacts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.partial")
            write(temporary)
            with temporary.open("rb") as handle:
                os.fsync(handle.fileno())
            staged.append((temporary, path))
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        for path in artefacts:
            path.with_name(f".{path.name}.partial").unlink(missing_ok=True)
        raise
    for temporary, path in staged:
        os.replace(temporary, path)
    for write in artefacts.values():
        getattr(write, "committed", lambda: None)()
    for folder in {path.parent for path in artefacts}:  # current again: a withdrawal notice no longer holds
        (folder / NOTICE).unlink(missing_ok=True)
    return [path for _, path in staged]


class rendered_from:  # noqa: N801 (used as a function: a writer for `write_together`)
    """The writer of `path`, rendered by `render` from `source`, or the previous `path` kept as it is
    when it was rendered from the same `source` (its SHA-256 stored beside it, `.<name>.sha256`).

    The stored hash is removed before a new rendering and written once the new file is in place
    (`write_together` calls `committed`): a run killed in between leaves no hash, so the next run
    renders again rather than keep a file that does not match its source."""

    def __init__(self, path: Path, source: str, render: Writer):
        self.path, self.render = Path(path), render
        self.stamp = self.path.with_name(f".{self.path.name}.sha256")
        self.digest = hashlib.sha256(source.encode("utf-8")).hexdigest()

    @property
    def unchanged(self) -> bool:
        return self.path.is_file() and self.stamp.is_file() and self.stamp.read_text(encoding="utf-8") == self.digest

    def __call__(self, temporary: Path) -> None:
        if self.unchanged:
            shutil.copyfile(self.path, temporary)
            return
        self.stamp.unlink(missing_ok=True)
        self.render(temporary)

    def committed(self) -> None:
        self.stamp.write_text(self.digest, encoding="utf-8")


def withdraw(folder: Path, reasons: list[str]) -> list[Path]:
    """Move the year's artefacts out of sight, into `obsolete/`, with a French notice saying why."""
    if not folder.is_dir():
        return []
    moved = []
    target = folder / OBSOLETE
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != NOTICE and not path.name.startswith("."):
            target.mkdir(exist_ok=True)
            shutil.move(str(path), target / path.name)
            moved.append(target / path.name)
    now = dt.datetime.now().strftime("%d/%m/%Y %H:%M")
    lines = [f"Rapport retiré le {now} : un contrôle bloquant a échoué sur les indicateurs de l'année.",
             "Les fichiers précédents sont dans le dossier obsolete/ et ne doivent pas être diffusés.", "", *reasons, "",
             "Corrigez les données (voir le rapport qualité des données), puis relancez le traitement de l'année."]
    (folder / NOTICE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return moved

"""The printed report's settings and editorial content, loaded from the report folder
(config/report/, or MNO_REPORT_DIR): `report.yaml` says who publishes the report and the words it
prints for the association's own schemes; one folder per year (`2025/`) holds the Markdown the
association writes itself (foreword, prizes, free paragraphs).

Belongs here: reading and checking those files. Not here: where the report prints them (the
section templates of reporting/templates/) or any figure.

A Markdown file of the year that is absent leaves its part of the report out: the report never
prints a placeholder. The slots a year's folder may fill are EDITORIAL_SLOTS.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipelines.settings import PROJECT_ROOT

DEFAULT_FOLDER = PROJECT_ROOT / "config" / "report"

# The Markdown files a year's folder may hold, and where the report prints each one.
EDITORIAL_SLOTS = {
    "avant-propos": "the foreword, before the territory's key figures (signed: its last lines)",
    "mde-anticipation": "the Maison de l'Emploi's work on anticipating economic change, first in its part",
    "mde-evenements": "a paragraph before the Maison de l'Emploi's list of events",
    "plie-programmation": "a paragraph opening the PLIE's part (its programme of actions)",
    "ml-prix": "the prizes and labels the Mission Locale received, after its « Orientation / Formation »",
    "ml-faits-marquants": "a paragraph opening the Mission Locale's part",
    "communication": "a paragraph opening the Communication part",
}
# The labels the report prints for the association's own schemes (report.yaml, `labels:`).
LABELS = {
    "job_fair": "the association's yearly job fair (events of type « Salon »)",
    "creation_programme": "its business-creation programme",
    "creation_workshops": "the programme's collective workshops (actions « Atelier collectif »)",
    "creation_village": "the creation village of the job fair (actions « Village de la Création »)",
    "creation_contest": "the creators' contest (actions « Concours de créateurs »)",
    "transit_pass": "the public-transport pass whose monthly reloads the MDE pays (aids « Abonnement transport »)",
    "youth_fund": "the youth aid fund (FAJ) as the Mission Locale's funder names it",
    "mobility_aid": "the mobility scheme the MDE funds for the Mission Locale's young people",
}


@dataclass(frozen=True)
class ReportSettings:
    association: str  # who publishes the report, on its cover
    entities: str  # the structures it gathers, under the name
    labels: dict[str, str]
    website: str | None = None
    logo: Path | None = None
    folder: Path = DEFAULT_FOLDER
    _editorial: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, folder: Path | str = DEFAULT_FOLDER) -> ReportSettings:
        folder = Path(folder)
        path = folder / "report.yaml"
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except FileNotFoundError as exc:
            raise FileNotFoundError(f"report settings file {path} not found (set MNO_REPORT_DIR)") from exc
        try:
            labels = {str(k): str(v) for k, v in (raw.get("labels") or {}).items()}
            logo = folder / raw["logo"] if raw.get("logo") else None
            settings = cls(str(raw["association"]), str(raw.get("entities") or ""), labels,
                           str(raw["website"]) if raw.get("website") else None, logo, folder)
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"report settings file {path}: missing or malformed key {exc}") from exc
        missing = sorted(set(LABELS) - set(labels))
        unknown = sorted(set(labels) - set(LABELS))
        if missing or unknown:
            raise ValueError(f"report settings file {path}: labels missing {missing}, unknown {unknown} "
                             f"(expected: {', '.join(LABELS)})")
        if logo is not None and not logo.is_file():
            raise FileNotFoundError(f"report settings file {path}: logo {logo} not found")
        return settings

    def editorial(self, year: int) -> dict[str, str]:
        """The year's Markdown files, by slot, as HTML (French typography); absent ones are absent."""
        if year not in self._editorial:
            self._editorial[year] = _read_editorial(self.folder / str(year))
        return self._editorial[year]


def _read_editorial(folder: Path) -> dict[str, str]:
    import markdown  # noqa: PLC0415 (only where a report is written)

    if not folder.is_dir():
        return {}
    unknown = sorted(p.stem for p in folder.glob("*.md") if p.stem not in EDITORIAL_SLOTS)
    if unknown:
        raise ValueError(f"{folder}: unknown editorial file(s) {unknown}; the slots are {', '.join(EDITORIAL_SLOTS)}")
    out = {}
    for slot in EDITORIAL_SLOTS:
        path = folder / f"{slot}.md"
        if path.is_file() and path.read_text(encoding="utf-8").strip():
            text = path.read_text(encoding="utf-8")
            html = markdown.markdown(text, extensions=["smarty", "sane_lists"], output_format="html", extension_configs={
                "smarty": {"substitutions": {"left-double-quote": "«\u00a0", "right-double-quote": "\u00a0»",
                                             "left-single-quote": "‘", "right-single-quote": "’"}}})
            html = re.sub(r"<(/?)h[1-6]>", r"<\1h4>", html)  # the report's parts and sections are its own
            out[slot] = html.replace("&rsquo;", "’").replace("&hellip;", "…").replace("&ndash;", "–").replace("&mdash;", "—")
    return out

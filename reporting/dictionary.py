"""The indicators of a report year as people read them: French label, commune, unit, the decimals
the report prints them with, and the sources they are computed from.

Wording and precision are the report's own, so a figure reads the same in the report, the export
and the workbook: the report's sections are rendered (without their charts) and every printed
figure read back (`reporting.appendix.printed_figures`). An indicator the report does not print
takes, in order: its line in `reporting/labels.yaml` or the monthly dashboard's label, the words
of the share the report prints for it (a count behind « 9,6 % »), else the words of its id; and
the usual precision of its unit. Sources are the extracts the indicator's SQL model reads in
the end, named as their contracts name their source.

Belongs here: describing indicators. Not here: their values (`indicators`), the layout of the
export or the workbook (assets.reports, reporting.workbook).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from pipelines.territory import Territory
from reporting.appendix import extracts_of, printed_figures
from reporting.figures import Figures, to_decimal
from reporting.formatting import round_half_up

UNITS_FR = {"count": "nombre", "pct": "%", "eur": "€", "hours": "heures", "fte": "ETP", "months": "mois",
            "ratio": "ratio"}
DEFAULT_DECIMALS = {"count": 0, "pct": 1, "eur": 2, "hours": 0, "fte": 1, "months": 1, "ratio": 1}
DOMAINS_FR = {"territory": "Territoire", "plie": "PLIE", "ml": "Mission Locale", "mde": "Maison de l'Emploi",
              "communication": "Communication"}
SOURCES_FR = {
    "insee": "INSEE, populations légales du recensement",
    "urssaf": "URSSAF, effectifs salariés du secteur privé",
    "france_travail": "France Travail, demandeurs d'emploi en fin de mois",
    "plie": "PLIE, suivi des participants",
    "ml": "Mission Locale, i-milo et registres des actions",
    "mde": "Maison de l'Emploi, registres d'activité",
    "communication": "Maison de l'Emploi, statistiques du site et des réseaux sociaux",
}
LABELS = Path(__file__).resolve().parent / "labels.yaml"
_COMMUNE = re.compile(r"\.(\d[0-9AB]\d{3})(?=\.|$)")


@dataclass(frozen=True)
class Entry:
    label: str
    in_report: bool  # the report prints it (its label and precision are the report's)
    decimals: int
    commune_code: str
    commune: str
    unit: str  # in French
    sources: str  # in French, « ; »-separated
    section: str = ""  # the headings the report prints it (or its share) under, « PLIE › Les sorties »; "" if neither
    short_label: str = ""  # its words under that section (the label without the headings)
    order: tuple = ()  # sorts indicators in the report's order (unprinted ones beside their printed share, else last)
    model: str = ""  # the SQL model computing it
    definition: str = ""  # that model's header comment (its definition, in English)


def describe(figures: Figures, html_sections: str, territory: Territory, raw_sources: dict[str, str]) -> dict[str, Entry]:
    """Every indicator of `figures` described. `html_sections`: the report's rendered sections;
    `raw_sources`: raw table -> its contract's source (`insee`, `plie`...); `figures.models` must be set."""
    from warehouse.models import discover_models

    models = {m.name: m for m in discover_models()}
    printed = printed_figures(html_sections)
    communes = {c.code: c.name for c in territory.communes + territory.metropolis_communes}
    configured = _configured_labels()
    position = {indicator: index for index, indicator in enumerate(printed)}
    out: dict[str, Entry] = {}
    for indicator, row in figures.rows.items():
        unit = row["unit"]
        shown = printed.get(indicator)
        if shown is not None:
            label = shown.full_label
        else:
            label = (configured.get(indicator) or _count_of_printed_share(indicator, printed)
                     or _label_from_id(indicator, communes))
        decimals = shown.decimals if shown is not None and shown.decimals is not None else DEFAULT_DECIMALS.get(unit, 2)
        found = _COMMUNE.search(indicator)
        code = found.group(1) if found else ""
        model = figures.models.get(indicator)
        leaves = extracts_of(model, models) if model in models else []
        sources = sorted({SOURCES_FR.get(raw_sources.get(t, ""), "") for t in leaves} - {""})
        near = shown or _printed_share(indicator, printed)  # a count behind a printed share: the share's place
        short = shown.label if shown is not None else f"{near.label} (effectif)" if near is not None else label
        out[indicator] = Entry(label, shown is not None, decimals, code, communes.get(code, ""), UNITS_FR.get(unit, unit),
                               " ; ".join(sources), near.heading if near is not None else "",
                               short, _order(indicator, position), model or "",
                               models[model].description if model in models else "")
    return out


def _order(indicator: str, position: dict[str, int]) -> tuple:
    """Printed figures in the order the report prints them; a count behind a printed share just
    after the share; every other figure after all printed ones, by id."""
    if indicator in position:
        return (position[indicator], 0, indicator)
    for suffix in (".part_pct", ".taux_pct"):
        if indicator + suffix in position:
            return (position[indicator + suffix], 1, indicator)
    return (len(position), 2, indicator)


def rounded(value, decimals: int) -> Decimal | None:
    """The value as printed: rounded half up to `decimals` (the report's rounding)."""
    number = to_decimal(value)
    return None if number is None or number.is_nan() else round_half_up(number, decimals)


@cache
def _configured_labels() -> dict[str, str]:
    """The labels of `labels.yaml` and of the dashboard's rows, files of this package: read once per
    process (a run describes every year of the open data)."""
    from reporting.dashboard import CONFIG  # noqa: PLC0415 (the dashboard's configuration file)

    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    dashboard = {row["id"]: f"{section['title']} : {row['label']}" for section in config["sections"] for row in section["rows"]}
    return {**yaml.safe_load(LABELS.read_text(encoding="utf-8")), **dashboard}


def _printed_share(indicator: str, printed: dict):
    """The share the report prints for a count (`x.part_pct` for `x`), if any."""
    return next((printed[indicator + s] for s in (".part_pct", ".taux_pct") if indicator + s in printed), None)


def _count_of_printed_share(indicator: str, printed: dict) -> str | None:
    """The count behind a share the report prints (`x` for `x.part_pct`): the share's words."""
    share = _printed_share(indicator, printed)
    return f"{share.full_label} (effectif)" if share is not None else None


def _label_from_id(indicator: str, communes: dict[str, str]) -> str:
    """The id's words, for an indicator no page prints: « ml › public › jeunes (<commune>) »."""
    found = _COMMUNE.search(indicator)
    words = _COMMUNE.sub("", indicator).split(".")
    domain = DOMAINS_FR.get({"territoire": "territory"}.get(words[0], words[0]), words[0])
    text = " › ".join([domain, *(w.replace("_", " ") for w in words[1:])])
    return f"{text} ({communes.get(found.group(1), found.group(1))})" if found else text


def raw_sources() -> dict[str, str]:
    """Raw table -> the source its contract names (`insee`, `plie`...)."""
    from ingestion.contract import ExtractContract  # noqa: PLC0415
    from schemas import ALL_SCHEMAS  # noqa: PLC0415

    contracts = [ExtractContract(schema) for schema in ALL_SCHEMAS]
    return {contract.table: contract.source for contract in contracts}

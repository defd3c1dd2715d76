"""The open-data release of a report year: the indicators as a CSV with a Frictionless
`datapackage.json` (schema, licence, sources), under statistical disclosure control.

Disclosure control (thresholds and sensitive populations: `config/open_data.yaml`):

- primary suppression: a count between 1 and the threshold minus one is masked (the threshold is 5,
  11 for sensitive populations such as disability or justice follow-up); so are the figures that
  would give it back: its share (`<id>.part_pct`) and its evolution (`<id>.evol_pct`);
- secondary suppression: within every additive relation among the published counts, a masked cell
  must not be recomputable as the total minus the other parts (or a masked total as the sum of its
  parts): while exactly one cell of a relation is masked, the smallest other published cell is
  masked too (and, in turn, its share and evolution). The relations are derived from the figures
  themselves (`additive_relations`): every set of counts whose ids differ in one segment only (by
  commune, by type, by sex...) and add up exactly to another count of the same domain, besides the
  groups the indicator checks use (`quality/rules.py` `SUM_RULES`).

A masked cell has an empty value and `masque = true`; nothing else about it is published.

Belongs here: choosing what to publish and writing the release. Not here: the figures.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from quality.rules import SUM_RULES, SumRule
from reporting.figures import plain_decimal

CONFIG = Path(__file__).resolve().parent.parent / "config" / "open_data.yaml"
CSV_NAME = "indicateurs-{year}.csv"
SHARE_SUFFIXES = (".part_pct", ".evol_pct")


@dataclass(frozen=True)
class DisclosureRules:
    threshold: int = 5
    sensitive_threshold: int = 11
    sensitive: tuple[str, ...] = ()  # regular expressions on indicator ids (whole-id match)
    not_people: tuple[str, ...] = ()  # counts of things, not of people or firms (sites, events): never primary-masked
    licence: str = "etalab-2.0"
    licence_title: str = "Licence Ouverte / Open Licence version 2.0"
    licence_url: str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

    @classmethod
    def load(cls, path: Path = CONFIG) -> DisclosureRules:
        values = yaml.safe_load(Path(path).read_text(encoding="utf-8")) if Path(path).exists() else {}
        values = values or {}
        for key in ("sensitive", "not_people"):
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)

    def counts_people(self, indicator_id: str) -> bool:
        return not any(re.fullmatch(p, indicator_id) for p in self.not_people)

    def threshold_for(self, indicator_id: str) -> int:
        sensitive = any(re.fullmatch(p, indicator_id) for p in self.sensitive)
        return self.sensitive_threshold if sensitive else self.threshold


def additive_relations(indicators: pd.DataFrame) -> list[list[str]]:
    """Every (total, *parts) among the year's counts that a reader can see adds up: counts whose ids
    differ in one segment only (`x.commune.59328`, `x.commune.59350`...; `x.type.salon.exposants`,
    `x.type.autre.exposants`...) whose sum equals exactly another count of the same domain (the
    id's first segment). An equality by chance is masked as if it were one: the safe side."""
    values = {i: float(v) for i, v, u in zip(indicators["indicator_id"], indicators["value"], indicators["unit"])
              if u == "count" and pd.notna(v)}
    by_value: dict[float, list[str]] = {}
    for i, v in values.items():
        by_value.setdefault(v, []).append(i)
    groups: dict[tuple, list[str]] = {}
    for i in values:
        segments = i.split(".")
        for k in range(1, len(segments)):
            groups.setdefault((k, *segments[:k], "*", *segments[k + 1 :]), []).append(i)
    out = []
    for parts in groups.values():
        if len(parts) < 2:
            continue
        total = sum(values[p] for p in parts)
        domain = parts[0].split(".")[0] + "."
        out += [[t, *sorted(parts)] for t in by_value.get(total, []) if t.startswith(domain) and t not in parts]
    return out


def masked(indicators: pd.DataFrame, rules: DisclosureRules, groups: list[SumRule] = SUM_RULES) -> set[str]:
    """The ids to mask among `indicators` (one report year: indicator_id, value, unit)."""
    values = dict(zip(indicators["indicator_id"], indicators["value"]))
    counts = {i for i, u in zip(indicators["indicator_id"], indicators["unit"]) if u == "count"}
    hidden = {i for i in counts if rules.counts_people(i) and pd.notna(values[i]) and 0 < float(values[i]) < rules.threshold_for(i)}
    relations = [[rule.total, *sorted(i for i in counts if re.fullmatch(rule.parts, i))] for rule in groups if rule.total in values]
    relations += additive_relations(indicators)
    changed = True
    while changed:  # a total equals the sum of its parts: never leave exactly one unknown in it
        changed = False
        for cells in relations:
            if len(cells) < 2 or sum(c in hidden for c in cells) != 1:
                continue
            published = sorted((c for c in cells if c not in hidden and pd.notna(values[c])), key=lambda c: (float(values[c]), c))
            if published:
                hidden.add(published[0])
                changed = True
    return hidden | {i + suffix for i in hidden for suffix in SHARE_SUFFIXES if i + suffix in values}


def release(indicators: pd.DataFrame, year: int, rules: DisclosureRules, sources: str,
            labels: dict[str, str] | None = None) -> dict[str, str]:
    """The release's files, by name: `indicateurs-<year>.csv` and `datapackage.json`; `labels`:
    each indicator's French label (reporting/dictionary.py)."""
    hide = masked(indicators, rules)
    table = pd.DataFrame(
        {
            "annee": year,
            "indicateur": indicators["indicator_id"],
            "libelle": [(labels or {}).get(i, "") for i in indicators["indicator_id"]],
            "periode": indicators["period"],
            "valeur": ["" if i in hide else plain_decimal(v) for i, v in zip(indicators["indicator_id"], indicators["value"])],
            "unite": indicators["unit"],
            "domaine": indicators["domain"],
            "masque": indicators["indicator_id"].isin(hide),
        }
    )
    csv_name = CSV_NAME.format(year=year)
    package = {
        "profile": "tabular-data-package",
        "name": f"mno-indicateurs-{year}",
        "title": f"Indicateurs d'activité {year} : Maison de l'Emploi, PLIE et Mission Locale",
        "licenses": [{"name": rules.licence, "title": rules.licence_title, "path": rules.licence_url}],
        "sources": [{"title": sources}],
        "description": (
            f"Indicateurs calculés à partir de données individuelles pseudonymisées. Secret statistique : "
            f"effectifs de 1 à {rules.threshold - 1} masqués ({rules.sensitive_threshold - 1} pour les publics "
            "sensibles), ainsi que les parts et évolutions qui les redonneraient et, par suppression secondaire, "
            "une autre cellule de chaque total qui permettrait de les recalculer."
        ),
        "resources": [
            {
                "name": f"indicateurs-{year}",
                "path": csv_name,
                "format": "csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": "annee", "type": "integer", "description": "année du rapport"},
                        {"name": "indicateur", "type": "string", "description": "identifiant stable de l'indicateur"},
                        {"name": "libelle", "type": "string", "description": "libellé en français (les mots du rapport)"},
                        {"name": "periode", "type": "string", "description": "date ou période décrite (ISO 8601)"},
                        {"name": "valeur", "type": "number", "description": "valeur non arrondie ; vide si masquée"},
                        {"name": "unite", "type": "string", "description": "count, pct, eur, hours, fte, months, ratio"},
                        {"name": "domaine", "type": "string", "description": "territory, plie, ml, mde, communication"},
                        {"name": "masque", "type": "boolean", "description": "valeur masquée (secret statistique)"},
                    ],
                    "primaryKey": ["annee", "indicateur"],
                },
            }
        ],
    }
    return {csv_name: table.to_csv(index=False), "datapackage.json": json.dumps(package, ensure_ascii=False, indent=2) + "\n"}

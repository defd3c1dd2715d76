"""The open-data release of a report year: the indicators of every year from 2019 to the report
year as one CSV, with a Frictionless `datapackage.json` (a Tabular Data Package: schema, licence,
sources, the metadata a portal shows), under statistical disclosure control.

The release follows the conventions of the French national open-data schemas (schema.data.gouv.fr)
where they apply: column names in lower snake case without accents, UTF-8 CSV separated by commas
with a decimal point, ISO 8601 dates, booleans `true`/`false`, INSEE commune codes as text, codes
in French (`nombre`, `pourcentage`, `mission_locale`), the Licence Ouverte. The publisher, contact
and portal fields come from `config/open_data_portal.yaml`.

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

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from quality.rules import SUM_RULES, SumRule
from reporting.dictionary import Entry
from reporting.export import period_bounds
from reporting.figures import plain_decimal

CONFIG = Path(__file__).resolve().parent.parent / "config" / "open_data.yaml"
PORTAL_CONFIG = CONFIG.with_name("open_data_portal.yaml")
CSV_NAME = "indicateurs-{first}-{year}.csv"
# Codes in French, as the national schemas write them (the warehouse's codes are English identifiers).
UNIT_CODES = {"count": "nombre", "pct": "pourcentage", "eur": "euro", "hours": "heure", "fte": "etp", "months": "mois",
              "ratio": "ratio"}
DOMAIN_CODES = {"territory": "territoire", "plie": "plie", "ml": "mission_locale", "mde": "maison_emploi",
                "communication": "communication"}
COMMUNE_CODE = r"^[0-9][0-9AB][0-9]{3}$"
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


@dataclass(frozen=True)
class Portal:
    """What a portal shows about the release besides the data: who publishes it, whom to ask."""

    publisher: str = ""
    contact_name: str = ""
    contact_email: str = ""
    homepage: str = ""
    frequency: str = "annual"  # data.gouv.fr's frequency codes
    keywords: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def load(cls, path: Path = PORTAL_CONFIG) -> Portal:
        values = (yaml.safe_load(Path(path).read_text(encoding="utf-8")) if Path(path).exists() else None) or {}
        if "keywords" in values:
            values["keywords"] = tuple(values["keywords"])
        return cls(**values)


def _fields() -> list[dict]:
    units, domains = list(UNIT_CODES.values()), list(DOMAIN_CODES.values())
    return [
        {"name": "annee", "type": "integer", "title": "Année", "description": "année du rapport d'activité dont le chiffre est issu",
         "constraints": {"required": True}},
        {"name": "indicateur", "type": "string", "title": "Identifiant de l'indicateur",
         "description": "identifiant stable de l'indicateur (le même d'une année à l'autre)", "constraints": {"required": True}},
        {"name": "libelle", "type": "string", "title": "Libellé", "description": "libellé en français, les mots du rapport de l'année",
         "constraints": {"required": True}},
        {"name": "domaine", "type": "string", "title": "Domaine", "description": "partie du rapport",
         "constraints": {"required": True, "enum": domains}},
        {"name": "code_commune_insee", "type": "string", "title": "Code commune INSEE",
         "description": "code officiel géographique de la commune, pour un chiffre communal ; vide sinon",
         "constraints": {"pattern": COMMUNE_CODE}},
        {"name": "commune", "type": "string", "title": "Commune", "description": "nom de la commune, pour un chiffre communal ; vide sinon"},
        {"name": "date_debut", "type": "date", "format": "default", "title": "Début de la période",
         "description": "premier jour décrit (ISO 8601) ; un stock à une date : ce jour ; un chiffre du recensement : "
                        "le 1er janvier du millésime (date de référence statistique de l'INSEE)", "constraints": {"required": True}},
        {"name": "date_fin", "type": "date", "format": "default", "title": "Fin de la période",
         "description": "dernier jour décrit (ISO 8601)", "constraints": {"required": True}},
        {"name": "millesime_recensement", "type": "integer", "title": "Millésime du recensement",
         "description": "pour un chiffre du recensement de la population, son millésime (2023 pour RP2023) ; vide sinon"},
        {"name": "valeur", "type": "number", "title": "Valeur",
         "description": "valeur non arrondie, point décimal ; les parts en pourcentage (9.6 pour 9,6 %) ; vide si masquée"},
        {"name": "unite", "type": "string", "title": "Unité", "description": "unité de la valeur",
         "constraints": {"required": True, "enum": units}},
        {"name": "masque", "type": "boolean", "title": "Valeur masquée", "trueValues": ["true"], "falseValues": ["false"],
         "description": "true si la valeur est masquée au titre du secret statistique", "constraints": {"required": True}},
    ]


def disclosure_fr(rules: DisclosureRules) -> str:
    """The disclosure rules, as the package's description says them to the data's readers."""
    return (
        f"Secret statistique : un effectif de personnes (ou d'entreprises) de 1 à {rules.threshold - 1} est masqué, "
        f"de 1 à {rules.sensitive_threshold - 1} pour les publics sensibles (handicap, suivi judiciaire, santé) ; "
        "sont masquées avec lui la part et l'évolution qui permettraient de le retrouver. Par suppression secondaire, "
        "quand un total est publié et qu'une seule de ses parties serait masquée, la plus petite autre partie "
        "l'est aussi, pour qu'aucune valeur masquée ne se déduise du total et des autres parties. Les décomptes "
        "de choses (visites, événements, ateliers, lieux) ne sont pas masqués pour eux-mêmes. Une valeur masquée a "
        "une valeur vide et masque = true ; rien d'autre n'en est publié."
    )


def release(indicators: pd.DataFrame, year: int, rules: DisclosureRules, described: dict[int, dict[str, Entry]] | None = None,
            territory=None, portal: Portal | None = None, created: dt.datetime | None = None,
            revisions: str | None = None, version: str | None = None) -> dict[str, str]:
    """The release's files, by name: `indicateurs-<first>-<year>.csv` and `datapackage.json`, and
    `revisions.csv` when `revisions` is given (reporting.revisions: the published figures revised
    since, masked like the figures); `version`: the package's version (the publication's).

    `indicators`: report_year, indicator_id, period, value, unit, domain, for every year published
    (masked year by year: each year's figures are a report's); `described`: per year, each
    indicator as that year's report names it (reporting/dictionary.py); `territory`: the territory
    served (pipelines.territory.Territory), the spatial coverage; `created`: when the release is made."""
    if "report_year" not in indicators:
        indicators = indicators.assign(report_year=year)
    indicators = indicators[indicators["report_year"] <= year].sort_values(["report_year", "indicator_id"], kind="stable")
    years = sorted(int(y) for y in indicators["report_year"].unique())
    described, portal = described or {}, portal or Portal()
    created = created or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    parts = []
    for report_year, part in indicators.groupby("report_year", sort=True):
        hide = masked(part, rules)
        entries = described.get(int(report_year), {})
        bounds = [period_bounds(p) for p in part["period"]]
        ids = part["indicator_id"]
        parts.append(pd.DataFrame({
            "annee": int(report_year),
            "indicateur": ids.to_numpy(),
            "libelle": [entries[i].label if i in entries else "" for i in ids],
            "domaine": [DOMAIN_CODES.get(d, d) for d in part["domain"]],
            "code_commune_insee": [entries[i].commune_code if i in entries else "" for i in ids],
            "commune": [entries[i].commune if i in entries else "" for i in ids],
            "date_debut": [b[0] for b in bounds],
            "date_fin": [b[1] for b in bounds],
            "millesime_recensement": ["" if b[2] is None else str(b[2]) for b in bounds],
            "valeur": ["" if i in hide else plain_decimal(v) for i, v in zip(ids, part["value"])],
            "unite": [UNIT_CODES.get(u, u) for u in part["unit"]],
            "masque": ["true" if i in hide else "false" for i in ids],
        }))
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[f["name"] for f in _fields()])
    csv_name = CSV_NAME.format(first=years[0] if years else year, year=year)
    first_day = min(table["date_debut"], default=f"{year}-01-01")
    sources = sorted({s for entries in described.values() for e in entries.values() for s in e.sources.split(" ; ") if s})
    name = getattr(territory, "name", "")
    zones = [f"fr:commune:{c.code}" for c in getattr(territory, "communes", [])]
    package = {
        "profile": "tabular-data-package",
        "name": f"indicateurs-activite-{year}",
        "title": f"Indicateurs d'activité {years[0] if years else year}-{year} : Maison de l'Emploi, PLIE et Mission Locale"
                 + (f" ({name})" if name else ""),
        "description": (
            f"Indicateurs des rapports d'activité {years[0] if years else year} à {year} de la Maison de l'Emploi, du PLIE "
            "et de la Mission Locale" + (f" du territoire {name}" if name else "") + " : territoire (population, emploi "
            "salarié, demande d'emploi), publics accompagnés, parcours, sorties, actions, communication. Un chiffre "
            "par indicateur, année et période ; les chiffres d'une année sont ceux de son rapport. Calculés à partir "
            "de données individuelles pseudonymisées.\n\n" + disclosure_fr(rules)
        ),
        "version": version or f"{year}.{created:%Y%m%d}",
        "created": created.isoformat().replace("+00:00", "Z"),
        "licenses": [{"name": rules.licence, "title": rules.licence_title, "path": rules.licence_url}],
        "sources": [{"title": s} for s in sources],
        "keywords": list(portal.keywords),
        "temporal_coverage": {"start": first_day, "end": f"{year}-12-31"},
        "spatial": {"granularity": "fr:commune", "zones": zones, "title": name},
        "frequency": portal.frequency,
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": f"indicateurs-{years[0] if years else year}-{year}",
                "title": "Indicateurs d'activité par année",
                "path": csv_name,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "doubleQuote": True, "header": True},
                "schema": {"fields": _fields(), "primaryKey": ["annee", "indicateur"], "missingValues": [""]},
            }
        ],
    }
    if portal.publisher or portal.contact_email:
        package["contributors"] = [
            *([{"title": portal.publisher, "role": "publisher"}] if portal.publisher else []),
            *([{"title": portal.contact_name or portal.publisher, "email": portal.contact_email, "role": "contact"}]
              if portal.contact_email else []),
        ]
    if portal.homepage:
        package["homepage"] = portal.homepage
    files = {csv_name: table.to_csv(index=False, lineterminator="\n")}
    if revisions is not None:
        package["resources"].append(REVISIONS_RESOURCE)
        files[REVISIONS_RESOURCE["path"]] = revisions
    return {**files, "datapackage.json": json.dumps(package, ensure_ascii=False, indent=2) + "\n"}


# The published figures of the year revised since their publication (reporting/revisions.py).
REVISIONS_RESOURCE = {
    "profile": "tabular-data-resource",
    "name": "revisions",
    "title": "Chiffres publiés révisés depuis leur publication",
    "path": "revisions.csv",
    "format": "csv",
    "mediatype": "text/csv",
    "encoding": "utf-8",
    "dialect": {"delimiter": ",", "doubleQuote": True, "header": True},
    "schema": {"fields": [
        {"name": "indicateur", "type": "string", "title": "Identifiant de l'indicateur"},
        {"name": "libelle", "type": "string", "title": "Libellé"},
        {"name": "periode", "type": "string", "title": "Période"},
        {"name": "valeur_publiee", "type": "number", "title": "Valeur publiée (vide : masquée ou absente)"},
        {"name": "valeur_actuelle", "type": "number", "title": "Valeur actuelle (vide : masquée ou absente)"},
        {"name": "export", "type": "string", "title": "Mois de l'export qui l'a modifiée (AAAA-MM)"},
    ], "missingValues": [""]},
}

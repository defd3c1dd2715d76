"""The Maison de l'Emploi's settings, loaded from their YAML file (config/mde.yaml, or
MNO_MDE_FILE): its reception sites (and which have a Cyber-base), the social networks in the
report's order, the hours of a full-time-equivalent year for insertion clauses, and the
association's own words in its files (`aliases`: header labels and values translated at ingestion
to the contracts' neutral ones, per extract; `ingestion.aliases`).

Belongs here: reading and checking that file. Not here: any figure (dbt_like_sql/mde/).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipelines.settings import PROJECT_ROOT

DEFAULT_FILE = PROJECT_ROOT / "config" / "mde.yaml"


@dataclass(frozen=True)
class Site:
    name: str  # as the Cyber-base visit log writes it
    commune: str  # INSEE code
    id: str  # the site's part of indicator ids
    cyberbase: bool
    address: str | None = None  # as the report prints it among the reception sites (optional)


@dataclass(frozen=True)
class MdeConfig:
    sites: tuple[Site, ...]
    social_networks: tuple[str, ...]
    clause_fte_hours: float
    aliases: dict = field(default_factory=dict)  # {extract: {columns: {label: column}, values: {column: {value: value}}}}

    @classmethod
    def load(cls, path: Path = DEFAULT_FILE) -> MdeConfig:
        try:
            raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise FileNotFoundError(f"MDE settings file {path} not found (set MNO_MDE_FILE)") from exc
        try:
            sites = tuple(Site(str(s["name"]), str(s["commune"]), str(s["id"]), bool(s.get("cyberbase", False)),
                               str(s["address"]) if s.get("address") else None)
                          for s in raw["sites"])
            config = cls(sites, tuple(str(n) for n in raw["social_networks"]), float(raw["clause_fte_hours"]),
                         dict(raw.get("aliases") or {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"MDE settings file {path}: missing or malformed key {exc}") from exc
        _check_aliases(path, config.aliases)
        bad = [s.id for s in sites if not re.fullmatch(r"[a-z0-9_]+", s.id)]
        if bad or not sites or config.clause_fte_hours <= 0:
            raise ValueError(f"MDE settings file {path}: site ids must be lowercase words ({bad}), "
                             "at least one site, clause_fte_hours > 0")
        return config


def _check_aliases(path: Path, aliases: dict) -> None:
    """Each aliased extract exists and each alias names a column of its contract: a typo fails the
    load of the settings, not a register's ingestion."""
    from ingestion import Aliases, ExtractContract  # here: the settings are read by layers below the assets too
    from schemas import ALL_SCHEMAS

    schemas = {s.name: s for s in ALL_SCHEMAS}
    unknown = sorted(set(aliases) - set(schemas))
    if unknown:
        raise ValueError(f"MDE settings file {path}: aliases of unknown extract(s) {', '.join(unknown)}")
    for name in aliases:
        try:
            Aliases.for_contract(ExtractContract(schemas[name]), aliases)
        except ValueError as exc:
            raise ValueError(f"MDE settings file {path}: {exc}") from None

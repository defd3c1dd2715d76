"""The territory served, loaded from its YAML configuration file.

Belongs here: reading and checking the territory file. Not here: any commune named in code.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Commune:
    code: str
    name: str


@dataclass(frozen=True)
class Territory:
    name: str
    short_name: str
    metropolis_epci: str
    metropolis_name: str
    metropolis_short_name: str
    communes: tuple[Commune, ...]
    metropolis_communes: tuple[Commune, ...]

    @classmethod
    def load(cls, path: Path) -> Territory:
        try:
            raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise FileNotFoundError(f"territory file {path} not found (set MNO_TERRITORY_FILE)") from exc
        try:
            communes = tuple(Commune(str(c["code"]), c["name"]) for c in raw["communes"])
            others = tuple(Commune(str(c["code"]), c["name"]) for c in raw.get("metropolis_communes", []))
            metropolis = raw["metropolis"]
            territory = cls(
                name=raw["name"],
                short_name=raw["short_name"],
                metropolis_epci=str(metropolis["epci"]),
                metropolis_name=metropolis["name"],
                metropolis_short_name=metropolis.get("short_name", metropolis["name"]),
                communes=communes,
                metropolis_communes=others,
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"territory file {path}: missing or malformed key {exc}") from exc
        bad = [c.code for c in communes + others if not (len(c.code) == 5 and c.code[:2].isalnum())]
        if bad or not communes:
            raise ValueError(f"territory file {path}: commune codes must be 5-character INSEE codes, got {bad or 'none'}")
        return territory

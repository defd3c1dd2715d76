"""The sample extracts moved to another association's territory, sites and networks.

The sample is calibrated on one association (its communes, its two Cyber-base sites, its three
social networks: the SAMPLE_* constants below). `relabel_extracts(paths, territory, mde)` rewrites
the files written for it so that they describe the territory and the MDE of the configuration
given instead (config/territory.yaml and config/mde.yaml, or the files MNO_TERRITORY_FILE and
MNO_MDE_FILE name): another association gets a working demo of its own communes. When the
configuration is the sample's own, nothing is rewritten: the calibrated sample, byte for byte.

What moves, decided from each file's contract (`sample_data.scale.contract_of`):
- commune codes (columns `COM`, `code_commune`) and the parts derived from them (`DEP`, `CODCOM`,
  `code_departement`). In person-level files the sample's communes are dealt over the configured
  ones in turn (several may become one: a person simply lives in a configured commune). In the
  public territory files (one row per commune: INSEE, URSSAF, France Travail) a configured commune
  takes the row of one sample commune; sample communes left over become neighbouring communes
  outside the territory (synthetic codes of the same department), so no key repeats.
- the metropolis: its EPCI code and name, its other communes (the configured ones, then
  synthetic neighbours).
- site names in the Cyber-base log (`site`), dealt over the configured Cyber-base sites; network
  names in the statistics (`reseau`), by rank.
- every name of a place, of the territory, of the metropolis or of one of the sample's own
  schemes in free text (event places, event and operator names), in CSV files and in the MDE's
  workbooks alike.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from sample_data import territory as sample_territory
from sample_data.scale import TERRITORY_SOURCES, contract_of

SAMPLE_SHORT_NAME, SAMPLE_NAME = "MNO", "Métropole Nord-Ouest"
SAMPLE_METROPOLIS = ("200093201", "Métropole Européenne de Lille", "MEL")
SAMPLE_SITES = ("Lambersart", "Marcq-en-Barœul")  # the Cyber-base sites the visit log names
SAMPLE_NETWORKS = ("Facebook", "LinkedIn", "Instagram")
# Names the sample's free text writes otherwise than the territory file does.
SAMPLE_NAME_VARIANTS = {"Marcq-en-Baroeul": "59378", "Marcquoise": "59378", "Madeleinoise": "59368",
                        "Villeneuve d'Ascq": "59009", "Lille Grand Palais": "59350", "Lomme": "59350",
                        "Fort de Mons": "59410"}
# The sample association's own schemes, named in its free text (event and action titles): another
# association's demo names them generically (its own names are the report's labels, config/report/).
SAMPLE_SCHEMES = {"Salon Les Clés de l'Emploi": "Salon de l'Emploi", "MNO Talents Créa": "Concours des créateurs",
                  "Mardi de la création": "Atelier de la création", "Village de la Création": "Village de la création"}
CODE_COLUMNS = ("COM", "code_commune")


@dataclass(frozen=True)
class _Moves:
    people_codes: dict[str, str]  # sample code -> configured code, for person-level files
    public_codes: dict[str, str]  # sample code -> code, for the public territory files
    public_names: dict[str, str]  # sample code -> the name the public files give it
    names: dict[str, str]  # a name in free text -> its replacement
    epci: tuple[str, str]
    sites: dict[str, str]
    networks: dict[str, str]

    @property
    def names_regex(self) -> re.Pattern:
        keys = sorted(self.names, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, keys)) + r")(?![\w-])")


def is_sample_configuration(territory, mde) -> bool:
    sample_codes = [c for c, *_ in sample_territory.MNO_COMMUNES]
    return ([c.code for c in territory.communes] == sample_codes and territory.metropolis_epci == SAMPLE_METROPOLIS[0]
            and territory.short_name == SAMPLE_SHORT_NAME
            and tuple(s.name for s in mde.sites if s.cyberbase) == SAMPLE_SITES
            and tuple(mde.social_networks) == SAMPLE_NETWORKS)


def _moves(territory, mde) -> _Moves:
    configured = list(territory.communes)
    department = configured[0].code[:2]
    taken = {c.code for c in configured + list(territory.metropolis_communes)}
    spare = (f"{department}{n:03d}" for n in range(999, 0, -1) if f"{department}{n:03d}" not in taken)
    people, public, public_names, names = {}, {}, {}, {}
    for i, (code, name, *_) in enumerate(sample_territory.MNO_COMMUNES):
        target = configured[i % len(configured)]
        people[code] = target.code
        names[name] = target.name
        if i < len(configured):
            public[code], public_names[code] = target.code, target.name
        else:
            public[code] = next(spare)
            public_names[code] = f"Commune voisine {public[code]}"
    others = list(territory.metropolis_communes)
    for j, (code, name, *_) in enumerate(sample_territory.OTHER_MEL_COMMUNES):
        if j < len(others):
            public[code], public_names[code] = others[j].code, others[j].name
        else:
            public[code] = next(spare)
            public_names[code] = f"Commune voisine {public[code]}"
        people[code] = public[code]
        names[name] = public_names[code]
    sample_names = {code: name for code, name, *_ in sample_territory.MNO_COMMUNES + sample_territory.OTHER_MEL_COMMUNES}
    for variant, code in SAMPLE_NAME_VARIANTS.items():
        names[variant] = names[sample_names[code]]
    names.update(SAMPLE_SCHEMES)
    names.update({SAMPLE_NAME: territory.name, SAMPLE_METROPOLIS[1]: territory.metropolis_name,
                  SAMPLE_METROPOLIS[2]: territory.metropolis_short_name, SAMPLE_SHORT_NAME: territory.short_name})
    cyberbase = [s.name for s in mde.sites if s.cyberbase] or [mde.sites[0].name]
    sites = {site: cyberbase[k % len(cyberbase)] for k, site in enumerate(SAMPLE_SITES)}
    networks = dict(zip(SAMPLE_NETWORKS, mde.social_networks))
    return _Moves(people, public, public_names, names, (territory.metropolis_epci, territory.metropolis_name),
                  sites, networks)


def relabel_extracts(paths: list[Path], territory, mde) -> list[Path]:
    """Rewrite the sample files among `paths` for `territory` and `mde`, in place; return `paths`."""
    if is_sample_configuration(territory, mde):
        return paths
    moves = _moves(territory, mde)
    regex = moves.names_regex
    for path in map(Path, paths):
        schema = contract_of(path)
        if schema is None:
            continue
        if path.suffix == ".xlsx":
            _relabel_workbook(path, moves, regex)
        else:
            _relabel_csv(path, moves, regex, public=schema.metadata["source"] in TERRITORY_SOURCES)
    return paths


def _text(value: str, moves: _Moves, regex: re.Pattern) -> str:
    return regex.sub(lambda m: moves.names[m.group(1)], value) if value else value


def _relabel_csv(path: Path, moves: _Moves, regex: re.Pattern, public: bool) -> None:
    raw = path.read_bytes()
    try:
        text, encoding = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = raw.decode("cp1252"), "cp1252"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    line_end = "\r\n" if "\r\n" in text[:4096] else "\n"
    rows = list(csv.reader(io.StringIO(text[len(bom):], newline=""), delimiter=";"))
    if not rows:
        return
    at = {column: i for i, column in enumerate(rows[0])}
    codes = moves.public_codes if public else moves.people_codes
    code_cells = {at[c] for c in CODE_COLUMNS if c in at}
    exact = {at[c]: mapping for c, mapping in (("site", moves.sites), ("reseau", moves.networks)) if c in at}
    for row in rows[1:]:
        original = next((row[i] for i in code_cells if row[i] in codes), None)
        for i, value in enumerate(row):
            if i in code_cells:
                row[i] = codes.get(value, value)
            elif i in exact:
                row[i] = exact[i].get(value, value)
            else:
                row[i] = _text(value, moves, regex)
        if "code_epci" in at and row[at["code_epci"]] == SAMPLE_METROPOLIS[0]:
            row[at["code_epci"]], row[at["epci"]] = moves.epci
        if original is not None:
            _departement(row, at, codes[original])
            for name_column in ("Commune", "commune"):
                if public and name_column in at:
                    row[at[name_column]] = moves.public_names[original]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator=line_end).writerows(rows)
    path.write_bytes((bom + buffer.getvalue()).encode(encoding))


def _departement(row: list[str], at: dict[str, int], code: str) -> None:
    if "DEP" in at:
        row[at["DEP"]], row[at["CODCOM"]] = code[:2], code[2:]
        for column in ("CODARR", "CODCAN"):
            if column in at:
                row[at[column]] = code[:2] + row[at[column]][2:]
    if "code_departement" in at:
        row[at["code_departement"]] = code[:2]


def _relabel_workbook(path: Path, moves: _Moves, regex: re.Pattern) -> None:
    from openpyxl import load_workbook  # noqa: PLC0415 (only for the MDE's workbooks)

    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = moves.people_codes.get(cell.value) or _text(cell.value, moves, regex)
    book.save(path)

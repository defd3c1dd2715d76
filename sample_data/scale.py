"""Scale factor of the sample extracts: the association's data as a region's (x100) or the country's (x600).

`scale_extracts(paths, factor)` appends `factor - 1` copies of every row to the sample files written
at scale 1 (which stay the first rows of each file, so scale 1 is the same bytes). A file's rows
are read once and made a template (the csv module's C reader and writer); each copy is the
template filled in with the copy's values by one string operation in C, appended at once: a file is
never held in memory at its scaled size.

What a copy is, decided from each file's contract (`schemas/`), not by file name:
- Person-level extracts (PLIE, Mission Locale i-milo and registers, Cyber-base): the same
  communes with more people. Every column named `id_*` (people, records, sessions, staff) gets the
  copy's suffix (`IM0004210` -> `IM0004210_017`), the same in every file, so a copy's records link
  to each other and never to another copy's, and their pseudonymised keys never collide. Every
  other value, dates and communes included, is the original's: same distributions, and the
  territory's configuration (config/territory.yaml) still selects every row, so every model
  counts every person of every copy.
- Public territory files (INSEE census, URSSAF employment, France Travail job seekers): one row
  per commune (and category), so more rows means more communes, as in the national files these
  extracts really are. A copy's communes are other, synthetic communes (another department and
  EPCI: `synthetic_commune`), consistent across the three sources. Staging models see every row;
  the territory's indicators select the territory's communes as on the real national files, so
  their figures are the same at every scale.
- Not scaled: the MDE's hand-kept monthly workbook (one workbook a month, staff-typed, keyed by
  event names and dates) and the website and social-network statistics (one row per day or
  network of one website): their layouts hold one association, so a copy could only be duplicate
  keys. They are small; the volume of a network is in the files above.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from sample_data import territory
from schemas import ALL_SCHEMAS

SUFFIX_MARK = "\x00"  # where a copy's suffix goes in a person-level template (no extract holds a NUL)
MAX_FACTOR = 1000  # copy suffixes and synthetic department blocks are sized for it
TERRITORY_SOURCES = {"insee", "urssaf", "france_travail"}
NOT_SCALED_SOURCES = {"communication"}  # one website's statistics: see the module docstring
# The communes of the sample's territory files, in a fixed order: copy k's commune n is the
# (k - 1) * len + n-th synthetic commune.
SAMPLE_COMMUNES = [c[0] for c in territory.MNO_COMMUNES + territory.OTHER_MEL_COMMUNES + territory.NON_MEL_COMMUNES]
# Departments a copy's communes are taken from: none the sample uses, no Corsica (2A/2B).
DEPARTMENTS = [f"{d:02d}" for d in range(1, 96) if f"{d:02d}" not in {"20", *(c[:2] for c in SAMPLE_COMMUNES)}]


def scale_extracts(paths: Iterable[Path], factor: int) -> list[Path]:
    """Append `factor - 1` copies of their rows to the sample CSV files among `paths`, in place;
    return the paths given (workbooks and files of sources not scaled are left as they are)."""
    paths = [Path(p) for p in paths]
    if not 1 <= factor <= MAX_FACTOR:
        raise ValueError(f"scale factor must be between 1 and {MAX_FACTOR}, got {factor}")
    if factor > 1:
        for path in paths:
            schema = contract_of(path)
            if schema is not None and path.suffix == ".csv" and schema.metadata["source"] not in NOT_SCALED_SOURCES:
                _append_copies(path, schema, factor)
    return paths


def contract_of(path: Path):
    """The contract (pandera schema) whose file pattern the path matches, or None."""
    text = path.as_posix()
    for schema in ALL_SCHEMAS:
        if _file_regex(schema.metadata["file"]).search(text):
            return schema
    return None


@lru_cache(maxsize=None)
def _file_regex(pattern: str) -> re.Pattern:
    regex = re.escape(pattern).replace(re.escape("{partition}"), r"[0-9-]+").replace(re.escape("{year}"), r"\d{4}")
    return re.compile(r"(^|/)" + regex + "$")


def copy_suffix(copy: int) -> str:
    return f"_{copy:03d}"


def synthetic_commune(code: str, copy: int) -> str:
    """Copy `copy`'s twin of a sample commune: a commune code of a department the sample does not use."""
    n = (copy - 1) * len(SAMPLE_COMMUNES) + SAMPLE_COMMUNES.index(code)
    return f"{DEPARTMENTS[n // 999]}{n % 999 + 1:03d}"


def _append_copies(path: Path, schema, factor: int) -> None:
    # latin-1 maps every byte to one character and back: the file's own encoding (UTF-8, cp1252) passes
    # through untouched, and the identifiers and codes changed are ASCII.
    text = path.read_bytes().decode("latin-1")
    line_end = "\r\n" if "\r\n" in text[:4096] else "\n"
    bom = "\u00ef\u00bb\u00bf" if text.startswith("\u00ef\u00bb\u00bf") else ""
    header_end = text.index(line_end)
    columns = next(csv.reader([text[len(bom):header_end]], delimiter=";"))
    body = text[header_end + len(line_end):]
    if not body:
        return
    territorial = schema.metadata["source"] in TERRITORY_SOURCES
    if territorial:  # literal braces escaped: a copy is the template's `str.format_map` with the copy's values
        body = body.replace("{", "{{").replace("}", "}}")
    rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))
    (_territory_template if territorial else _people_template)(columns, rows)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator=line_end).writerows(rows)
    template = buffer.getvalue()
    parts = None if territorial else template.split(SUFFIX_MARK)
    # One pass in C over the file's rows per copy, each copy written as soon as it is made.
    with path.open("a", encoding="latin-1", newline="") as handle:
        for copy in range(1, factor):
            handle.write(template.format_map(_territory_values(copy)) if territorial else copy_suffix(copy).join(parts))


def _people_template(columns: list[str], rows: list[list[str]]) -> None:
    """Person-level rows, in place: SUFFIX_MARK (the copy's suffix) after every non-empty `id_*` value."""
    ids = [i for i, column in enumerate(columns) if column.startswith("id_")]
    for row in rows:
        for i in ids:
            if row[i]:
                row[i] += SUFFIX_MARK


def _territory_template(columns: list[str], rows: list[list[str]]) -> None:
    """Public territory rows, in place, with the copy's commune for the sample's: `{c<n>}` its code,
    `{d<n>}` its department, `{m<n>}` its code within the department (n: the sample commune's index
    in SAMPLE_COMMUNES), `{t}` the copy's tag after names, `{e}` the first digits of its EPCI."""
    at = {column: i for i, column in enumerate(columns)}
    code = at.get("COM", at.get("code_commune"))
    index = {commune: str(n) for n, commune in enumerate(SAMPLE_COMMUNES)}
    for row in rows:
        if row[code] not in index:
            raise ValueError(f"no synthetic twin for commune {row[code]}: add it to SAMPLE_COMMUNES")
        n = index[row[code]]
        row[code] = "{c" + n + "}"
        for name in ("Commune", "commune", "epci"):
            if name in at:
                row[at[name]] += "{t}"
        if "DEP" in at:  # census: the parts of the code
            row[at["DEP"]] = "{d" + n + "}"
            row[at["CODCOM"]] = "{m" + n + "}"
            for column in ("CODARR", "CODCAN"):
                row[at[column]] = "{d" + n + "}" + row[at[column]][2:]
        if "code_epci" in at:  # URSSAF: another EPCI per copy, so the metropolis's share is unchanged
            row[at["code_departement"]] = "{d" + n + "}"
            row[at["code_epci"]] = "{e}" + row[at["code_epci"]][5:]


def _territory_values(copy: int) -> dict[str, str]:
    values = {"t": f" {copy:03d}", "e": f"29{copy:03d}"}
    for n, code in enumerate(SAMPLE_COMMUNES):
        twin = synthetic_commune(code, copy)
        values.update({f"c{n}": twin, f"d{n}": twin[:2], f"m{n}": twin[2:]})
    return values

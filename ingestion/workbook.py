"""Reading one register (one sheet) of a workbook that staff fill in by hand.

Belongs here: finding a contract's sheet and its header in a workbook laid out for people, and
handing its records to the reader as text with their spreadsheet row numbers. Not here: typing,
validation (`ingestion.parsing`, `ingestion.validation`) or any register's columns (`schemas/`).

A contract reads a sheet when its schema metadata names one (`"sheet": "Événements"`). What staff
do to a spreadsheet, and what happens:

- sheet names and header labels are matched loosely: case, accents, spaces and punctuation do
  not matter (`Date événement` is the column `date_evenement`; the sheet `evenements ` is
  `Événements`). A sheet that is missing or renamed beyond that fails, naming the sheets found.
- title rows above the header are skipped; the header is the first row holding the contract's
  columns. Merged header cells: a column's label is the lowest label of its column in the header
  block, so a group label merged over several columns ("Fréquentation" over "Exposants" and
  "Participants") and a label merged down two rows ("Date" over rows 3-4) both work.
- blank rows are skipped; the row numbers of the other rows are the spreadsheet's.
- a totals row (a cell reading "Total", "Totaux", "Total général", "Sous-total"...) ends the
  register and is not loaded: the models compute totals from the records. A non-blank row after
  it is set aside (quarantined, naming the sheet and both rows).
- dates typed as text are read like date cells (dd/mm/yyyy; a text that is no date is a row-level
  failure naming the sheet, row and column).
- an extra column is ignored (reported in the asset's `ignored_columns`); a row with data under a
  column without header (e.g. a header merged over two data columns) is set aside, naming its row
  and column, rather than being silently left out of a total; the register's other rows load.

Workbooks are read with openpyxl in read-only mode, every row whatever size the sheet declares (its
`<dimension>`, often stale after other tools). A workbook is parsed whole (every sheet) by the
first register that needs it and kept in a cache while its cells fit: the registers of one monthly
workbook are separate contracts, each ingested over every month, so each file is opened once, not
once per register (an unreadable sheet fails only the register reading it). A row with
a formula reading another workbook (`='[1]Feuil1'!B2`: its cached value is a copy nothing checks) is
set aside, naming the cell.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ingestion.contract import StructuralError

HEADER_SCAN_ROWS = 30  # the header must start within the sheet's first rows
HEADER_DEPTH = 3  # rows a header block may span (merged group labels above the labels)
CACHE_CELLS = 2_000_000  # cells of recently read workbooks kept in memory
_TOTAL = re.compile(r"(sous_)?total(aux|_general|_annuel|_mensuel|_du_mois)?")


@dataclass(frozen=True)
class Sheet:
    """A contract's register: the sheet's name and the columns its header must hold."""

    name: str
    columns: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...] = ()  # (normalised label, column): the association's own labels (ingestion.aliases)

    def label(self, value: object) -> str:
        """A header cell as the column it names ("" when empty)."""
        if not _text(value):
            return ""
        label = normalise(value)
        return dict(self.aliases).get(label, label)


def sheet_of(contract, aliases=None) -> Sheet | None:
    """The sheet an `ExtractContract` reads in a workbook, or None (the workbook's first sheet);
    `aliases` (`ingestion.aliases.Aliases`): header labels read as contract columns."""
    name = (contract.schema.metadata or {}).get("sheet")
    return Sheet(name, tuple(contract.required_columns), aliases.columns if aliases else ()) if name else None


def normalise(label: object) -> str:
    """`Date de l'événement ` -> `date_de_l_evenement`: how labels and sheet names are compared."""
    text = str(label).strip().replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower()


def column_letter(index: int) -> str:
    """0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class _Layout:
    sheet: str  # the sheet's actual name
    labels: tuple[str, ...]  # normalised label per spreadsheet column ("" when none)
    header_row: int  # spreadsheet row number of the header's last row


def read_header(path: Path, sheet: Sheet) -> list[str]:
    """The register's column labels, normalised (contract column names where they match)."""
    return [label for label in _layout(path, sheet).labels if label]


def iter_blocks(path: Path, sheet: Sheet, columns: list[str]) -> Iterator[tuple[int, pd.DataFrame, list[tuple[int, str]]]]:
    """(first spreadsheet row, frame of `columns` as text, rows set aside with their reason) for each
    run of consecutive records. A row that cannot be read as a record (a value under a column
    without header, data after the totals row) is set aside alone: it costs its row, never the
    register."""
    rows = _sheet_rows(path, sheet)
    layout = _layout(path, sheet)
    positions = [layout.labels.index(c) for c in columns]
    named = {i for i, label in enumerate(layout.labels) if label}
    links = external_links(path, sheet)
    block: list[list[str]] = []
    block_start = 0
    total_row = None
    set_aside: list[tuple[int, str]] = []

    def flush():
        nonlocal block, set_aside
        if block or set_aside:
            yield block_start if block else set_aside[0][0], pd.DataFrame(block, columns=columns, dtype=str), set_aside
        block, set_aside = [], []

    for offset, values in enumerate(rows[layout.header_row :]):
        row_number = layout.header_row + offset + 1
        texts = [_text(v) for v in values]
        if not any(texts):
            yield from flush()
            continue
        reason = None
        if total_row is not None:
            reason = (f"data after the totals row (row {total_row}) of sheet «{layout.sheet}»: "
                      "the totals row must be the register's last row")
        elif any(_TOTAL.fullmatch(normalise(t)) for t in texts if t):
            total_row = row_number
            continue
        elif stray := [i for i, t in enumerate(texts) if t and i not in named]:
            reason = (f"a value in column {column_letter(stray[0])}, which has no header (a header cell merged over "
                      "several columns?): give each column its own header")
        elif row_number in links:
            reason = (f"cell(s) {', '.join(links[row_number])}: a formula reading another workbook, whose copied value "
                      "may be stale: type the value itself")
        if reason is not None:  # set aside; the records around it stay one block only if consecutive
            yield from flush()
            set_aside.append((row_number, reason))
            continue
        if set_aside:
            yield from flush()
        if not block:
            block_start = row_number
        block.append([texts[i] if i < len(texts) else "" for i in positions])
    yield from flush()


def _layout(path: Path, sheet: Sheet) -> _Layout:
    rows = _sheet_rows(path, sheet)
    actual = _find_sheet_name(path, sheet)
    where = f"{path}: sheet «{actual}»"
    wanted = set(sheet.columns)
    for start in range(min(len(rows), HEADER_SCAN_ROWS)):
        labels = [sheet.label(v) for v in rows[start]]
        if not wanted & set(labels):
            continue
        for end in range(start, min(start + HEADER_DEPTH, len(rows))):
            if end > start:  # a lower header row: its labels win, merged cells above fill the gaps
                lower = [sheet.label(v) for v in rows[end]]
                if not wanted & set(lower):  # a data row: the header block ended incomplete
                    break
                width = max(len(labels), len(lower))
                labels = [(lower[i] if i < len(lower) and lower[i] else (labels[i] if i < len(labels) else "")) for i in range(width)]
            if wanted <= set(labels):
                _check_duplicates(where, end + 1, labels, wanted)
                return _Layout(actual, tuple(labels), end + 1)
        missing = sorted(wanted - set(labels))
        known = [label for label in labels if label in wanted]
        others = sum(1 for label in labels if label and label not in wanted)  # never echoed: could be values
        raise StructuralError(
            f"{where}, header row {start + 1}: missing column(s) {', '.join(missing)}"
            f" (found {', '.join(known)}" + (f" and {others} other label(s))" if others else ")")
        )
    raise StructuralError(
        f"{where}: no header row in the first {HEADER_SCAN_ROWS} rows (expected columns {', '.join(sheet.columns)})"
    )


def _check_duplicates(where: str, row: int, labels: list[str], known: set[str]) -> None:
    seen: dict[str, int] = {}
    for i, label in enumerate(labels):
        if label and label in seen:
            what = f"«{label}»" if label in known else "the same label (not a column of the register: never echoed)"
            raise StructuralError(
                f"{where}, header row {row}: columns {column_letter(seen[label])} and {column_letter(i)} are both {what}"
            )
        seen.setdefault(label, i)


def _text(value: object) -> str:
    """A cell as the reader's text: dates as dd/mm/yyyy, whole numbers without decimals."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "O" if value else "N"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


# ------------------------------------------------------------------------------------------
# Workbook cache: a workbook parsed once, every sheet at once, kept while the cells fit
# ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Parsed:
    """Every sheet of one workbook as rows of cell values, and its cells linking another workbook."""

    sheets: dict[str, list[tuple] | StructuralError]  # sheet title -> its rows (or why it is unreadable), in order
    links: dict[str, dict[int, list[str]]]  # sheet title -> row number -> cells whose formula reads another workbook
    cells: int


_cache: OrderedDict[tuple, _Parsed] = OrderedDict()  # workbook key -> its parsed sheets, least recently used first
_cache_cells = 0
_EXTERNAL = re.compile(r"\[\d+\]")  # how a formula names another workbook: ='[1]Feuil1'!B2, =[1]Feuil1!B2


def file_key(path: Path) -> tuple:
    """A workbook version: its absolute path, modification time and size (what the caches key on).
    The path is not resolved (a system call per folder, 2 % of `make run`): a file reached through
    two links is cached twice, never mixed up."""
    stat = os.stat(path)
    return os.path.abspath(path), stat.st_mtime_ns, stat.st_size


def _parsed(path: Path) -> _Parsed:
    """The workbook's sheets, parsed on first use: the registers of one workbook are separate
    contracts, ingested one after the other over many monthly files, so a workbook opened for one
    register is read whole (a register's sheet is small; opening the zip and its shared strings is
    what costs) and each later register finds its sheet here."""
    global _cache_cells
    key = file_key(path)
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    import openpyxl  # imported here: only workbook extracts need it

    from ingestion.reading import check_workbook_size  # here: ingestion.reading imports this module

    check_workbook_size(path)  # a zip bomb is refused before it is inflated
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt workbook
        raise StructuralError(f"{path}: unreadable workbook ({type(exc).__name__})") from None
    sheets = {}
    try:
        for ws in book.worksheets:
            try:
                sheets[ws.title] = _all_rows(ws)
            except Exception as exc:  # openpyxl raises many types for a corrupt sheet: it fails only its register
                sheets[ws.title] = StructuralError(f"{path}: sheet «{ws.title}»: unreadable ({type(exc).__name__})")
    finally:
        book.close()
    links = _external_links(path) if _has_external_links(path) else {}
    parsed = _Parsed(sheets, links, sum(len(r) for rows in sheets.values() if isinstance(rows, list) for r in rows))
    _cache[key] = parsed
    _cache_cells += parsed.cells
    while _cache_cells > CACHE_CELLS and len(_cache) > 1:
        _cache_cells -= _cache.popitem(last=False)[1].cells
    return parsed


def _find_sheet_name(path: Path, sheet: Sheet) -> str:
    sheets = list(_parsed(path).sheets)
    if sheet.name in sheets:
        return sheet.name
    matches = [name for name in sheets if normalise(name) == normalise(sheet.name)]
    if len(matches) == 1:
        return matches[0]
    found = ", ".join(f"«{name}»" for name in sheets) or "none"
    raise StructuralError(
        f"{path}: no sheet «{sheet.name}» (sheets found: {found}); a renamed register must get its name back"
    )


def _all_rows(ws) -> list[tuple]:
    """Every row of a read-only sheet, whatever size it declares: openpyxl trusts the sheet's
    `<dimension>`, which tools other than Excel leave stale (rows past it would be lost)."""
    ws.reset_dimensions()
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def _has_external_links(path: Path) -> bool:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return any(name.startswith("xl/externalLinks/") for name in archive.namelist())


def _external_links(path: Path) -> dict[str, dict[int, list[str]]]:
    """Per sheet, the cells whose formula reads another workbook, by row: their cached value is a
    copy of someone else's figure, perhaps stale, that nothing here can check."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a corrupt workbook
        raise StructuralError(f"{path}: unreadable workbook ({type(exc).__name__})") from None
    try:
        found: dict[str, dict[int, list[str]]] = {}
        for ws in book.worksheets:
            ws.reset_dimensions()
            for row in ws.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if isinstance(value, str) and value.startswith("=") and _EXTERNAL.search(value):
                        found.setdefault(ws.title, {}).setdefault(cell.row, []).append(cell.coordinate)
        return found
    except Exception as exc:
        raise StructuralError(f"{path}: unreadable workbook ({type(exc).__name__})") from None
    finally:
        book.close()


def external_links(path: Path, sheet: Sheet) -> dict[int, list[str]]:
    """Row number -> cells of the register whose formula links another workbook."""
    return _parsed(path).links.get(_find_sheet_name(path, sheet), {})


def _sheet_rows(path: Path, sheet: Sheet) -> list[tuple]:
    rows = _parsed(path).sheets[_find_sheet_name(path, sheet)]
    if isinstance(rows, StructuralError):
        raise rows
    return rows

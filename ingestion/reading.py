"""Reading extracts as French producers write them, in chunks, every cell as text.

Encodings: UTF-8, UTF-8 with BOM, Windows-1252. Separators: `;`, `,` or tab, sniffed from the
header. XLSX workbooks: first sheet, or the sheet the contract names (`ingestion.workbook`: registers
that staff fill in by hand). Each chunk carries the file line number of its rows so that
errors can name them. Typing (dates, decimal commas) is done by `ingestion.parsing`.
"""
from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ingestion import workbook
from ingestion.contract import StructuralError
from ingestion.workbook import Sheet

CHUNK_ROWS = 200_000
_BLOCK = 1 << 20


@dataclass(frozen=True)
class TextFormat:
    encoding: str
    separator: str


def detect_format(path: Path) -> TextFormat:
    """Sniff encoding (BOM, then strict UTF-8, else Windows-1252) and separator of a text extract."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if not head:
            raise StructuralError(f"{path}: the file is empty (expected a header row and data)")
        encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else _utf8_or_cp1252(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        try:
            header = handle.readline()
        except UnicodeDecodeError as exc:
            raise StructuralError(f"{path}: unreadable text ({exc})") from exc
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    separator = max(counts, key=counts.get)
    return TextFormat(encoding, separator)


def _utf8_or_cp1252(path: Path) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while block := handle.read(_BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


@dataclass
class Chunk:
    frame: pd.DataFrame  # every cell a string ("" when empty)
    first_line: int  # file line number of the chunk's first data row


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def read_header(path: Path, fmt: TextFormat | None = None, sheet: Sheet | None = None) -> list[str]:
    if is_workbook(path) and sheet is not None:
        return workbook.read_header(path, sheet)
    if is_workbook(path):
        frame = _read_excel(path, nrows=0)
        return [str(c).strip() for c in frame.columns]
    fmt = fmt or detect_format(path)
    try:
        with path.open("r", encoding=fmt.encoding, newline="") as handle:
            header = next(csv.reader(handle, delimiter=fmt.separator), [])
    except (csv.Error, UnicodeDecodeError) as exc:
        raise StructuralError(f"{path}: cannot read the header row ({exc})") from exc
    return [c.strip() for c in header]


def iter_chunks(path: Path, columns: list[str], chunk_rows: int = CHUNK_ROWS, fmt: TextFormat | None = None,
                sheet: Sheet | None = None) -> Iterator[Chunk]:
    """Yield the file's rows, `columns` only, as text, chunk by chunk (constant memory)."""
    if is_workbook(path) and sheet is not None:  # one chunk per run of consecutive rows: lines stay exact
        for first_line, frame in workbook.iter_blocks(path, sheet, columns):
            for start in range(0, len(frame), chunk_rows):
                yield Chunk(frame.iloc[start : start + chunk_rows].reset_index(drop=True), first_line=first_line + start)
        return
    if is_workbook(path):
        frame = _read_excel(path)
        frame.columns = [str(c).strip() for c in frame.columns]
        frame = frame[columns].fillna("").astype(str)
        for start in range(0, max(len(frame), 1), chunk_rows):
            part = frame.iloc[start : start + chunk_rows].reset_index(drop=True)
            if len(part):
                yield Chunk(part, first_line=start + 2)
        return
    fmt = fmt or detect_format(path)
    reader = pd.read_csv(
        path,
        sep=fmt.separator,
        encoding=fmt.encoding,
        dtype=str,
        keep_default_na=False,
        na_values=[],
        skipinitialspace=False,
        usecols=lambda c: str(c).strip() in columns,
        chunksize=chunk_rows,
    )
    line = 2
    try:
        for part in reader:
            part.columns = [str(c).strip() for c in part.columns]
            part = part[columns].reset_index(drop=True)
            yield Chunk(part, first_line=line)
            line += len(part)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise StructuralError(f"{path}: unreadable near line {line} ({exc})") from exc


def _read_excel(path: Path, nrows: int | None = None) -> pd.DataFrame:
    try:
        return pd.read_excel(path, sheet_name=0, dtype=str, nrows=nrows, keep_default_na=False)
    except Exception as exc:  # openpyxl raises many types for a corrupt workbook
        raise StructuralError(f"{path}: unreadable workbook ({exc})") from exc

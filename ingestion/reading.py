"""Reading extracts as French producers write them, in chunks, every cell as text.

Encodings: UTF-8, UTF-8 with BOM, Windows-1252, decided per file and then enforced: a file mixing
UTF-8 and Windows-1252 is a structural error naming its first bad line, never silently garbled.
Separators: `;`, `,` or tab, decided from the header and a sample of rows (a header and rows that
disagree are a structural error). Each row must have the header's number of fields: a row with
another count (a stray `;` in a surname) is set aside alone, with its line, instead of shifting its
neighbours' columns. A header naming a column twice is a structural error. XLSX workbooks: first
sheet, or the sheet the contract names (`ingestion.workbook`: registers that staff fill in by
hand), within size and compression-ratio limits (a zip bomb is refused before it is inflated).
Each chunk carries the file line number of its rows so that errors can name them. Typing (dates,
decimal commas) is done by `ingestion.parsing`.
"""
from __future__ import annotations

import codecs
import csv
import mmap
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ingestion import workbook
from ingestion.contract import StructuralError
from ingestion.workbook import Sheet

CHUNK_ROWS = 200_000
_BLOCK = 1 << 20
SAMPLE_LINES = 50
MAX_FIELD_CHARS = 100_000  # default: a cell longer than this is not data, the row is set aside
MAX_WORKBOOK_BYTES = 512 * 1024 * 1024  # uncompressed size of an XLSX's parts
MAX_WORKBOOK_RATIO = 200  # uncompressed / compressed: beyond, a zip bomb
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
csv.field_size_limit(1 << 30)  # long cells are measured and refused by us, with their line


@dataclass(frozen=True)
class TextFormat:
    encoding: str
    separator: str


def detect_format(path: Path) -> TextFormat:
    """Decide the encoding (BOM, then strict UTF-8, else Windows-1252) and the separator (the
    header's, confirmed by a sample of rows) of a text extract."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if not head:
            raise StructuralError(f"{path}: the file is empty (expected a header row and data)")
        encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else _utf8_or_cp1252(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        try:
            lines = [line for _, line in zip(range(SAMPLE_LINES + 1), handle)]
        except UnicodeDecodeError as exc:
            raise StructuralError(f"{path}: unreadable text ({exc.reason})") from None
    header, sample = lines[0], [line for line in lines[1:] if line.strip()]
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    separator = max(counts, key=counts.get)
    if sample and counts[separator] and not any(separator in line for line in sample):
        others = [sep for sep in counts if sep != separator and all(sep in line for line in sample)]
        found = f" (they use {_name(others[0])})" if others else ""
        raise StructuralError(
            f"{path}: the header is separated by {_name(separator)} but none of the first {len(sample)} rows is{found}: "
            "export the file again with one separator"
        )
    return TextFormat(encoding, separator)


def _name(separator: str) -> str:
    return {";": "';'", ",": "','", "\t": "tabs"}[separator]


def _utf8_or_cp1252(path: Path) -> str:
    """UTF-8 if the whole file decodes as such; Windows-1252 if it holds no UTF-8 character at
    all; a file with both is refused, naming the line of its first byte that is not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as handle:
        try:
            while block := handle.read(_BLOCK):
                decoder.decode(block)
                offset += len(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            bad = offset + exc.start - len(decoder.getstate()[0])
        else:
            return "utf-8"
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        mixed = _UTF8_MULTIBYTE.search(data) is not None  # mapped, not read into memory: extracts can be large
        line = data[: max(bad, 0)].count(b"\n") + 1 if mixed else 0
    if mixed:
        raise StructuralError(
            f"{path}: mixed encodings: UTF-8 text, but line {line} holds bytes that are not UTF-8 (Windows-1252?): "
            "export the file again in one encoding"
        )
    return "cp1252"


@dataclass
class Chunk:
    frame: pd.DataFrame  # every cell a string ("" when empty)
    first_line: int  # file line number of the chunk's first data row
    lines: list[int] | None = None  # each row's file line, when rows are not consecutive lines
    malformed: list[tuple[int, str]] = field(default_factory=list)  # (line, reason) of rows set aside

    def line_numbers(self) -> list[int] | range:
        return self.lines if self.lines is not None else range(self.first_line, self.first_line + len(self.frame))


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def read_header(path: Path, fmt: TextFormat | None = None, sheet: Sheet | None = None) -> list[str]:
    if is_workbook(path) and sheet is not None:
        return workbook.read_header(path, sheet)
    if is_workbook(path):
        frame = _read_excel(path, nrows=0)
        header = [str(c).strip() for c in frame.columns]
    else:
        fmt = fmt or detect_format(path)
        try:
            with path.open("r", encoding=fmt.encoding, newline="") as handle:
                header = [c.strip() for c in next(csv.reader(handle, delimiter=fmt.separator), [])]
        except (csv.Error, UnicodeDecodeError) as exc:
            raise StructuralError(f"{path}: cannot read the header row ({type(exc).__name__})") from None
    twice = sorted({c for c in header if c and header.count(c) > 1})
    if twice:
        raise StructuralError(f"{path}: the header names column(s) {', '.join(twice)} more than once: which one to read is unknowable")
    return header


def iter_chunks(path: Path, columns: list[str], chunk_rows: int = CHUNK_ROWS, fmt: TextFormat | None = None,
                sheet: Sheet | None = None, max_field_chars: int = MAX_FIELD_CHARS) -> Iterator[Chunk]:
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
    yield from _iter_text_chunks(path, columns, chunk_rows, fmt, max_field_chars)


def _iter_text_chunks(path: Path, columns: list[str], chunk_rows: int, fmt: TextFormat,
                      max_field_chars: int = MAX_FIELD_CHARS) -> Iterator[Chunk]:
    """Rows with the header's number of fields, chunk by chunk; any other row is set aside with its
    line (csv's line numbers count the physical lines of quoted multi-line cells too)."""
    with path.open("r", encoding=fmt.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=fmt.separator)
        try:
            header = [c.strip() for c in next(reader, [])]
            wanted = [header.index(c) for c in columns]
            width = len(header)
            rows: list[list[str]] = []
            lines: list[int] = []
            malformed: list[tuple[int, str]] = []
            for record in reader:
                if not record or (len(record) == 1 and not record[0].strip()):
                    continue  # a blank line
                if len(record) != width:
                    malformed.append((reader.line_num, f"the row has {len(record)} fields, the header {width}: "
                                                        "a separator inside a value shifts the columns"))
                    continue
                if max(map(len, record)) > max_field_chars:
                    malformed.append((reader.line_num, f"a value is longer than {max_field_chars} characters"))
                    continue
                rows.append([record[i] for i in wanted])
                lines.append(reader.line_num)
                if len(rows) >= chunk_rows:
                    yield Chunk(pd.DataFrame(rows, columns=columns, dtype=str), lines[0], lines, malformed)
                    rows, lines, malformed = [], [], []
        except UnicodeDecodeError as exc:
            raise StructuralError(f"{path}: bytes that are not {fmt.encoding} near line {reader.line_num + 1} "
                                  f"({exc.reason}): export the file again in one encoding") from None
        except csv.Error as exc:
            raise StructuralError(f"{path}: unreadable near line {reader.line_num} ({exc})") from None
    if rows or malformed:
        yield Chunk(pd.DataFrame(rows, columns=columns, dtype=str), lines[0] if lines else 2, lines, malformed)


def check_workbook_size(path: Path) -> None:
    """Refuse a workbook whose parts would inflate beyond the limits (a zip bomb), before reading it."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise StructuralError(f"{path}: unreadable workbook ({type(exc).__name__})") from None
    inflated = sum(p.file_size for p in parts)
    packed = max(sum(p.compress_size for p in parts), 1)
    if inflated > MAX_WORKBOOK_BYTES or inflated / packed > MAX_WORKBOOK_RATIO:
        raise StructuralError(
            f"{path}: refused: the workbook would inflate to {inflated // (1024 * 1024)} MB "
            f"({inflated / packed:.0f} times its size); limits: {MAX_WORKBOOK_BYTES // (1024 * 1024)} MB, "
            f"ratio {MAX_WORKBOOK_RATIO}"
        )


def _read_excel(path: Path, nrows: int | None = None) -> pd.DataFrame:
    check_workbook_size(path)
    try:
        return pd.read_excel(path, sheet_name=0, dtype=str, nrows=nrows, keep_default_na=False)
    except Exception as exc:  # openpyxl raises many types for a corrupt workbook
        raise StructuralError(f"{path}: unreadable workbook ({type(exc).__name__})") from None

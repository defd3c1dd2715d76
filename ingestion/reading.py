"""Reading extracts as French producers write them, in chunks, every cell as text.

Encodings: UTF-8, UTF-8 with BOM, Windows-1252, decided per file and then enforced: a file mixing
UTF-8 and Windows-1252 (a BOM on Windows-1252 text included) is a structural error naming its first
bad line, never silently garbled; a UTF-16 file is refused as such.
Separators: `;`, `,` or tab, decided from the header and a sample of rows (a header and rows that
disagree are a structural error). Each row must have the header's number of fields: a row with
another count (a stray `;` in a surname) is set aside alone, with its line, instead of shifting its
neighbours' columns. A header naming a column twice is a structural error. XLSX workbooks: first
sheet, or the sheet the contract names (`ingestion.workbook`: registers that staff fill in by
hand), within size and compression-ratio limits (a zip bomb is refused before it is inflated).
Each chunk carries the file line number of its rows so that errors can name them. Typing (dates,
decimal commas) is done by `ingestion.parsing`.

Two readers, one verdict. A plain file (no quote, no NUL, no lone carriage return, every byte valid
in its encoding: the national extracts) has one record per line: numpy counts the separators of
every line of the mapped file, which sets aside the same rows the csv reader would, and pandas' C
parser reads the others (millions of rows, no Python per row). Any other file is read by the strict
csv reader. `tests/test_reading_paths.py` holds both to the same raw and quarantine tables.
"""
from __future__ import annotations

import codecs
import csv
import mmap
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
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
_OLE = bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE compound file: an encrypted workbook, or an .xls
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
        start = head + handle.read(4092)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or start.count(0) > len(start) // 4:
            found = "UTF-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "UTF-16 (one NUL byte in two)"
            raise StructuralError(f"{path}: the file is in {found}, not text this reader reads (UTF-8 or Windows-1252): "
                                  "export it again as CSV in UTF-8")
        encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else _utf8_or_cp1252(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        try:
            lines = [line for _, line in zip(range(SAMPLE_LINES + 1), handle)]
        except UnicodeDecodeError as exc:
            raise StructuralError(encoding_error(path, encoding)) from None
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


def encoding_error(path: Path, encoding: str) -> str:
    """What is wrong with a file that does not decode whole in the encoding found: the line and the encodings."""
    line = first_bad_line(path, encoding)
    if encoding == "utf-8-sig":
        return (f"{path}: the file starts with a UTF-8 byte-order mark, but line {line} holds bytes that are not UTF-8 "
                "(Windows-1252?): export the file again in one encoding (UTF-8)")
    if encoding == "cp1252":
        return (f"{path}: Windows-1252 text, but line {line} holds bytes that Windows-1252 does not define: "
                "export the file again in one encoding (UTF-8)")
    return f"{path}: line {line} holds bytes that are not {encoding}: export the file again in one encoding (UTF-8)"


def first_bad_line(path: Path, encoding: str) -> int:
    """The line of the first byte of `path` that does not decode in `encoding` (0 if none)."""
    bad = _first_bad_offset(path, encoding)
    if bad is None:
        return 0
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data[: max(bad, 0)].count(b"\n") + 1


def _first_bad_offset(path: Path, encoding: str) -> int | None:
    """The offset of the first byte of `path` that does not decode in `encoding`, None if none."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with path.open("rb") as handle:
        try:
            while block := handle.read(_BLOCK):
                decoder.decode(block)
                offset += len(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return offset + exc.start - len(decoder.getstate()[0])
    return None


def holds_utf8_character(data) -> bool:
    """Whether `data` (bytes, an mmap) holds a character beyond ASCII written in UTF-8: decoded as
    UTF-8 with the bytes that are not UTF-8 left out (each accent of a Windows-1252 text), what is
    left is ASCII unless it held one. Block by block (extracts can be large), in C: ten times faster
    than searching for UTF-8's byte patterns with a regex."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="ignore")
    for start in range(0, len(data), _BLOCK):
        if not decoder.decode(data[start : start + _BLOCK]).isascii():
            return True
    return not decoder.decode(b"", final=True).isascii()


def _name(separator: str) -> str:
    return {";": "';'", ",": "','", "\t": "tabs"}[separator]


def _utf8_or_cp1252(path: Path) -> str:
    """UTF-8 if the whole file decodes as such; Windows-1252 if it holds no UTF-8 character at
    all; a file with both is refused, naming the line of its first byte that is not UTF-8."""
    bad = _first_bad_offset(path, "utf-8")
    if bad is None:
        return "utf-8"
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        mixed = holds_utf8_character(data)  # mapped, not read into memory: extracts can be large
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
    lines: list[int] | np.ndarray | None = None  # each row's file line, when rows are not consecutive lines
    malformed: list[tuple[int, str]] = field(default_factory=list)  # (line, reason) of rows set aside

    def line_numbers(self) -> np.ndarray:
        """Each row's file line, as an integer array (a column of the batch: a list would be converted per value)."""
        if self.lines is not None:
            return np.asarray(self.lines, dtype=np.int64)
        return np.arange(self.first_line, self.first_line + len(self.frame), dtype=np.int64)


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def read_header(path: Path, fmt: TextFormat | None = None, sheet: Sheet | None = None,
                known: frozenset[str] = frozenset()) -> list[str]:
    """The header's labels. A label named twice is a structural error that names it only when it is
    one of the `known` column names: a header-less export's first row is data, never echoed."""
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
        named = [c for c in twice if c in known]
        others = len(twice) - len(named)
        fields = ", ".join(str(i + 1) for i, c in enumerate(header) if c in twice and c not in known)
        what = ", ".join(named) + (" and " if named and others else "") + (
            f"{others} other label(s) (fields {fields}: not column names of the contract, a data row?)" if others else "")
        raise StructuralError(f"{path}: the header names column(s) {what} more than once: which one to read is unknowable")
    return header


def iter_chunks(path: Path, columns: list[str], chunk_rows: int = CHUNK_ROWS, fmt: TextFormat | None = None,
                sheet: Sheet | None = None, max_field_chars: int = MAX_FIELD_CHARS) -> Iterator[Chunk]:
    """Yield the file's rows, `columns` only, as text, chunk by chunk (constant memory)."""
    if is_workbook(path) and sheet is not None:  # one chunk per run of consecutive rows: lines stay exact
        for first_line, frame, set_aside in workbook.iter_blocks(path, sheet, columns):
            for start in range(0, max(len(frame), 1), chunk_rows):
                yield Chunk(frame.iloc[start : start + chunk_rows].reset_index(drop=True), first_line=first_line + start,
                            lines=None if len(frame) else [], malformed=set_aside if start == 0 else [])
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
    layout = plain_layout(path, fmt, max_field_chars)
    if layout is None:
        yield from _iter_text_chunks(path, columns, chunk_rows, fmt, max_field_chars)
    else:
        yield from _iter_plain_chunks(path, columns, chunk_rows, fmt, layout)


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
            raise StructuralError(encoding_error(path, fmt.encoding)) from None
        except csv.Error as exc:
            raise StructuralError(f"{path}: unreadable near line {reader.line_num} ({exc})") from None
    if rows or malformed:
        yield Chunk(pd.DataFrame(rows, columns=columns, dtype=str), lines[0] if lines else 2, lines, malformed)


@dataclass(frozen=True)
class PlainLayout:
    """Where a plain file's rows are: one record per physical line, no quoting."""
    rows: np.ndarray  # file line numbers of the rows to read, ascending
    malformed: list[tuple[int, str]]  # (line, reason), as the csv reader would set them aside
    lengths: np.ndarray  # bytes of each line (line n at n - 1), its end of line (\n or \r\n) excluded


_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)  # bytes Windows-1252 does not define


def plain_layout(path: Path, fmt: TextFormat, max_field_chars: int) -> PlainLayout | None:
    """The rows of a file that needs no quoting rules (no `"`, no NUL, no lone carriage return,
    bytes valid in its encoding), found by counting separators per line with numpy, block by
    block; None for any other file, which the csv reader reads.

    Same verdicts as the csv reader on such a file: blank lines skipped, a line with another number
    of fields than the header or a value longer than `max_field_chars` set aside with its line."""
    with path.open("rb") as handle:
        if path.stat().st_size == 0:
            return None
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if data.find(b'"') >= 0 or data.find(b"\0") >= 0:
                return None
            if fmt.encoding == "cp1252" and any(data.find(bytes([b])) >= 0 for b in _CP1252_UNDEFINED):
                return None
            if fmt.encoding == "utf-8-sig" and not _decodes(data, "utf-8-sig"):
                return None
            scanned = _scan_lines(data, ord(fmt.separator))
            if scanned is None:
                return None
            ends, seps = scanned
            fields = np.diff(seps, prepend=0) + 1  # fields of each line (line 1: the header)
            lengths = np.diff(ends, prepend=-1) - 1  # bytes of each line, its newline excluded
            last = np.frombuffer(data, dtype=np.uint8)[np.maximum(ends - 1, 0)]  # each line's last byte
            lengths -= (lengths > 0) & (last == 13)  # a carriage return before the newline is the line's end
            width = int(fields[0])
            if width < 2:
                return None
            line_numbers = np.arange(1, len(ends) + 1)
            one_field = np.flatnonzero(fields[1:] == 1) + 1
            starts = np.concatenate([[0], ends[:-1] + 1])
            blank = {int(i) for i in one_field if not _line(data, starts[i], ends[i], fmt.encoding).strip()}
            keep = fields == width
            keep[0] = False  # the header
            malformed = []
            for i in np.flatnonzero(~keep[1:]) + 1:
                if int(i) not in blank:
                    malformed.append((int(line_numbers[i]), f"the row has {int(fields[i])} fields, the header {width}: "
                                                            "a separator inside a value shifts the columns"))
            for i in np.flatnonzero(keep & (lengths > max_field_chars)):  # only lines that long can hold such a value
                cells = _line(data, starts[i], ends[i], fmt.encoding).split(fmt.separator)
                if max(map(len, cells)) > max_field_chars:
                    keep[i] = False
                    malformed.append((int(line_numbers[i]), f"a value is longer than {max_field_chars} characters"))
    malformed.sort()
    return PlainLayout(line_numbers[keep], malformed, lengths)


def _scan_lines(data: mmap.mmap, separator: int) -> tuple[np.ndarray, np.ndarray] | None:
    """(offset of each line's end, separators before it), or None if a carriage return is not
    followed by a newline (the csv reader would end a line there)."""
    whole = np.frombuffer(data, dtype=np.uint8)
    size, total, line_ends, separators = len(whole), 0, [], []
    for start in range(0, size, _BLOCK * 8):
        block = whole[start : start + _BLOCK * 8]
        returns = np.flatnonzero(block == 13) + start + 1
        if len(returns) and (returns[-1] >= size or (whole[returns] != 10).any()):
            return None
        ends = np.flatnonzero(block == 10)
        seps = np.flatnonzero(block == separator)
        line_ends.append(ends + start)
        separators.append(np.searchsorted(seps, ends) + total)  # separators before each line end
        total += len(seps)
    ends, seps = np.concatenate(line_ends), np.concatenate(separators)
    if whole[-1] != 10:  # a last line without its newline
        ends, seps = np.append(ends, size), np.append(seps, total)
    return ends, seps


def _line(data: mmap.mmap, start: int, end: int, encoding: str) -> str:
    return data[start:end].decode(encoding).rstrip("\r").lstrip("\ufeff")


def _decodes(data: mmap.mmap, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for start in range(0, len(data), _BLOCK):
            decoder.decode(data[start : start + _BLOCK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _iter_plain_chunks(path: Path, columns: list[str], chunk_rows: int, fmt: TextFormat,
                       layout: PlainLayout) -> Iterator[Chunk]:
    """The rows `layout` found, read by pandas' C parser chunk by chunk, every cell as text."""
    if not len(layout.rows):
        if layout.malformed:
            yield Chunk(pd.DataFrame({c: pd.Series(dtype=str) for c in columns}), 2, [], list(layout.malformed))
        return
    header = read_header(path, fmt)
    wanted = [header.index(c) for c in columns]
    present = np.zeros(int(layout.rows[-1]) + 1, dtype=bool)
    present[layout.rows] = True
    skipped = np.flatnonzero(~present[2:]) + 2  # blank and malformed lines (a mask: the rows are sorted, no sort needed)
    reader = pd.read_csv(path, sep=fmt.separator, encoding=fmt.encoding, header=None, skiprows=[0, *(skipped - 1).tolist()],
                         usecols=wanted, dtype=str, na_filter=False, quoting=csv.QUOTE_NONE, skip_blank_lines=False,
                         engine="c", chunksize=chunk_rows, nrows=len(layout.rows))
    malformed, done = list(layout.malformed), 0
    for frame in reader:
        frame = frame[wanted]
        frame.columns = columns
        lines = layout.rows[done : done + len(frame)]
        done += len(frame)
        last = int(lines[-1]) if done < len(layout.rows) else None  # the last chunk takes every line set aside left
        mine = [m for m in malformed if last is None or m[0] < last]
        malformed = malformed[len(mine):]
        yield Chunk(frame.reset_index(drop=True), int(lines[0]), lines, mine)


def check_workbook_size(path: Path) -> None:
    """Refuse a workbook whose parts would inflate beyond the limits (a zip bomb), before reading it,
    and a workbook that is not one (encrypted, or an Excel 97-2003 file), saying which."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE:  # Excel writes a password-protected workbook as an encrypted OLE file, not a zip
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            encrypted = data.find("EncryptionInfo".encode("utf-16-le")) >= 0
        raise StructuralError(
            f"{path}: refused: the workbook is password-protected (« protégé par mot de passe »): save it without a "
            "password and drop it again" if encrypted else
            f"{path}: refused: an Excel 97-2003 workbook (.xls) named .xlsx: save it as an Excel workbook (.xlsx)")
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

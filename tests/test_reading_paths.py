"""The fast reader of plain files (no quoting: separators counted per line with numpy, cells read by
pandas' C parser) and the strict csv reader give the same warehouse: the same raw rows and the same
quarantine rows (file, line, column, rule, reason, masked value), on files full of traps."""
from __future__ import annotations


import pandas as pd
import pytest

import ingestion.reading as reading
from ingestion import ExtractContract, ingest_partitions
from ingestion.reading import detect_format, iter_chunks
from schemas.ml import ALLOWANCE_PURPOSES, ALLOWANCE_TYPES, DECISIONS, ml__aides
from warehouse import Warehouse

HEADER = ["id_aide", "id_jeune", "type_aide", "date_decision", "decision", "objet", "montant"]


def good(i: int) -> list[str]:
    return [f"A{i}", f"J{i % 7}", ALLOWANCE_TYPES[i % len(ALLOWANCE_TYPES)], f"{1 + i % 28:02d}/03/2025",
            DECISIONS[0], ALLOWANCE_PURPOSES[i % len(ALLOWANCE_PURPOSES)], f"{i},{i % 100:02d}"]


def tricky_lines(separator: str) -> list[str]:
    rows = [good(i) for i in range(1, 40)]
    rows[2][3] = "31/02/2025"  # not a date
    rows[3][3] = "2025-03-05"  # ISO date: accepted
    rows[4][3] = "2025-03-05 garbage"
    rows[5][2] = "Pas une aide"  # not in the list
    rows[6][6] = "-12,00"  # below zero
    rows[7][6] = "12,345"  # more decimals than cents
    rows[8][6] = "1 234,50"  # thousands space, decimal comma
    rows[9][1] = ""  # a required id missing
    rows[10][5] = "   "  # a blank optional cell
    rows[11][0] = rows[12][0]  # duplicate key
    rows[13][2] = f"  {rows[13][2]}  "  # padded
    rows[14][3] = "15/09/2099"  # after the export's month
    if separator == ",":  # a comma-separated export writes decimal points
        rows = [[*r[:6], r[6].replace(",", ".")] for r in rows]
    lines = [separator.join(HEADER)] + [separator.join(r) for r in rows]
    lines.insert(6, "")  # a blank line
    lines.insert(9, "   ")  # a line of spaces
    lines.insert(12, separator.join(good(90)[:4] + ["O", "Alimentation", "1", "extra"]))  # a stray separator
    lines.insert(15, separator.join(good(91)[:5]))  # a field short
    lines.insert(18, separator.join([*good(92)[:5], "x" * 60, "1"]))  # a value longer than the limit
    return lines


FILES = {
    "utf-8, ;, CRLF": ("utf-8", ";", "\r\n", True),
    "utf-8 BOM, tabs": ("utf-8-sig", "\t", "\n", True),
    "cp1252, ,": ("cp1252", ",", "\r\n", False),
    "cp1252, ;, no final newline": ("cp1252", ";", "\n", False),
}


def write(path, encoding: str, separator: str, newline: str, final: bool) -> None:
    text = newline.join(tricky_lines(separator)) + (newline if final else "")
    text = text.replace("Alimentation", "Aliméntation €") if encoding == "cp1252" else text
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


def ingest(tmp_path, name: str, monkeypatch, plain: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    contract = ExtractContract(ml__aides)
    folder = tmp_path / name
    write(contract.path_for(folder, "2025-03"), *FILES[name])
    if not plain:
        monkeypatch.setattr(reading, "plain_layout", lambda *args: None)
    else:
        assert reading.plain_layout(contract.path_for(folder, "2025-03"), detect_format(contract.path_for(folder, "2025-03")), 50)
    warehouse = Warehouse(f"duckdb:///{folder / 'w.duckdb'}")
    from ingestion.plausibility import PlausibilityRules
    ingest_partitions(contract, warehouse, folder, ["2025-03"], "k", batch_rows=8, rules=PlausibilityRules(max_field_chars=50))
    raw = warehouse.read_sql(f"select * from {contract.table} order by source_line")
    quarantine = warehouse.read_sql('select * from quarantine order by line, "column", rule')
    warehouse.dispose()
    monkeypatch.undo()
    return raw, quarantine


@pytest.mark.parametrize("name", list(FILES))
def test_both_readers_give_the_same_raw_and_quarantine_tables(tmp_path, monkeypatch, name):
    raw_csv, quarantine_csv = ingest(tmp_path / "csv", name, monkeypatch, plain=False)
    raw_plain, quarantine_plain = ingest(tmp_path / "plain", name, monkeypatch, plain=True)
    pd.testing.assert_frame_equal(raw_plain, raw_csv)
    pd.testing.assert_frame_equal(quarantine_plain, quarantine_csv)
    rules = set(quarantine_csv["rule"])
    assert {"malformed_row", "duplicate_key", "type:date", "type:decimal", "date_after_export", "not_nullable"} <= rules
    assert len(raw_csv) > 20


@pytest.mark.parametrize("content", [
    'a;b\n1;"quoted; value"\n',  # quoting: the csv reader's job
    "a;b\r1;2\r",  # lone carriage returns
    "a;b\n1;2\x00\n",  # NUL
])
def test_files_needing_the_csv_rules_are_left_to_the_csv_reader(tmp_path, content):
    path = tmp_path / "f.csv"
    path.write_text(content, encoding="utf-8", newline="")
    assert reading.plain_layout(path, detect_format(path), 100) is None


def test_chunks_and_lines_match_across_chunk_boundaries(tmp_path, monkeypatch):
    path = tmp_path / "f.csv"
    lines = ["a;b;c"] + [f"{i};x{i};y" if i % 5 else f"{i};bad" for i in range(1, 30)]
    lines[7:7] = ["", " "]
    path.write_bytes(("\n".join(lines) + "\n").encode())
    plain = list(iter_chunks(path, ["c", "a"], 4))
    monkeypatch.setattr(reading, "plain_layout", lambda *args: None)
    strict = list(iter_chunks(path, ["c", "a"], 4))
    assert [c.line_numbers().tolist() for c in plain] == [c.line_numbers().tolist() for c in strict]
    assert [c.malformed for c in plain] == [c.malformed for c in strict]
    for a, b in zip(plain, strict):
        pd.testing.assert_frame_equal(a.frame, b.frame)

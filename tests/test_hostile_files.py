"""Malformed and hostile files, each refused alone and by name: a clear structural error naming the
file (and line), or a quarantined row naming file and line; never a shifted row, a garbled text, a
crash without a file name, a followed link, or a personal value in a message."""
from __future__ import annotations

import os
import zipfile

import pandas as pd
import pytest

from ingestion import ExtractContract, StructuralError, ingest_partition
from ingestion.files import ignored_files
from ingestion.load import ingest_partitions
from ingestion.plausibility import PlausibilityRules
from schemas import ALL_SCHEMAS
from test_ingestion import GOOD_ROWS, HEADER, contract, quarantine, raw, write_csv
from warehouse import Warehouse

PERSON = ["P7", "Canardeau", "14/07/1980", "59328", "F", "1", "03/03/2025"]


def _path(folder, key="2025-03", ext="csv"):
    path = folder / "test" / key[:4] / f"people_{key}.{ext}"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _ingest(folder, ext="csv"):
    return ingest_partition(contract(ext), Warehouse(f"duckdb:///{folder / 'w.duckdb'}"), folder, "2025-03", "k")


def test_a_stray_separator_sets_its_row_aside_alone_and_shifts_nothing(tmp_path):
    lines = [";".join(HEADER), "P1;Du;pont;14/07/1980;59328;F;1,5;02/03/2025", *(";".join(r) for r in GOOD_ROWS[1:]), ";".join(PERSON)]
    _path(tmp_path).write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    report = _ingest(tmp_path)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (3, 2, 1)
    failure = quarantine(Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")).iloc[0]
    assert (failure["line"], failure["rule"]) == (2, "malformed_row") and "8 fields, the header 7" in failure["reason"]
    assert failure["value"] is None  # nothing of the row is shown


def test_a_header_and_rows_with_different_separators_fail_by_name(tmp_path):
    lines = [";".join(HEADER), *(",".join(r).replace("1,5", "1.5") for r in GOOD_ROWS)]
    _path(tmp_path).write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    with pytest.raises(StructuralError, match=r"people_2025-03\.csv: the header is separated by ';' but none .*use ','"):
        _ingest(tmp_path)


def test_a_file_mixing_utf8_and_cp1252_fails_naming_the_line(tmp_path):
    rows = [";".join(HEADER), "P1;Lefèvre;14/07/1980;59328;F;1;02/03/2025"]
    data = ("\r\n".join(rows) + "\r\n").encode("utf-8") + "P2;Hélène;01/01/1975;59368;H;;31/03/2025\r\n".encode("cp1252")
    _path(tmp_path).write_bytes(data)
    with pytest.raises(StructuralError, match=r"mixed encodings: UTF-8 text, but line 3 holds bytes that are not UTF-8") as error:
        _ingest(tmp_path)
    assert "Hélène" not in str(error.value) and "H\\xe9" not in str(error.value)


def test_a_date_must_parse_whole(tmp_path):
    write_csv(tmp_path, "2025-03", [GOOD_ROWS[0], ["P2", "X", "01/01/1975", "59368", "H", "", "2025-03-05 garbage"],
                                    ["P3", "Y", "01/01/1975", "59368", "H", "", "2025-03-06"]])
    report = _ingest(tmp_path)
    failures = quarantine(Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}"))
    assert report.rows_loaded == 2 and failures[["line", "column", "rule"]].values.tolist() == [[3, "date_entree", "type:date"]]


def test_a_column_named_twice_is_a_structural_error(tmp_path):
    write_csv(tmp_path, "2025-03", GOOD_ROWS, header=[*HEADER, "sexe"])
    with pytest.raises(StructuralError, match="names column.s. sexe more than once"):
        _ingest(tmp_path)


def test_an_export_without_its_header_row_names_the_file_but_no_value(tmp_path):
    write_csv(tmp_path, "2025-03", GOOD_ROWS[1:], header=PERSON)
    with pytest.raises(StructuralError) as error:
        _ingest(tmp_path)
    message = str(error.value)
    assert "people_2025-03.csv" in message and "without its header row" in message
    assert not any(value in message for value in PERSON[:3])


def test_an_overlong_field_sets_its_row_aside(tmp_path):
    write_csv(tmp_path, "2025-03", [GOOD_ROWS[0], ["P2", "X" * 200_000, "01/01/1975", "59368", "H", "", "05/03/2025"]])
    report = _ingest(tmp_path)
    assert (report.rows_loaded, report.rows_quarantined) == (1, 1)
    assert "longer than" in quarantine(Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}"))["reason"][0]


def test_reading_limits_come_from_configuration(tmp_path):
    write_csv(tmp_path, "2025-03", [GOOD_ROWS[0], ["P2", "X" * 300, "01/01/1975", "59368", "H", "", "05/03/2025"]])
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    report = ingest_partitions(contract(), warehouse, tmp_path, ["2025-03"], "k", rules=PlausibilityRules(max_field_chars=200))[0]
    assert report.rows_quarantined == 1
    with pytest.raises(StructuralError, match=r"people_2025-03\.csv: refused: 0 MB, over the limit of 1e-06 MB"):
        ingest_partitions(contract(), warehouse, tmp_path, ["2025-03"], "k", rules=PlausibilityRules(max_file_mb=0.000001))


def test_a_link_outside_the_extracts_folder_is_never_followed(tmp_path):
    secret = tmp_path / "elsewhere.csv"
    secret.write_text(";".join(HEADER) + "\r\nroot:x:0:0;...\r\n", encoding="utf-8")
    folder = tmp_path / "extracts"
    os.symlink(secret, _path(folder))
    with pytest.raises(StructuralError, match="outside the extracts folder: refused") as error:
        _ingest(folder)
    assert "root:x" not in str(error.value)
    assert [f.reason for f in ignored_files(folder, [contract()])] == ["a link to a file outside the extracts folder: never followed"]


def test_near_miss_file_names_are_reported_never_a_crash(tmp_path):
    folder = tmp_path / "extracts" / "plie" / "2025"
    folder.mkdir(parents=True)
    names = ["plie_sorties_2025-03-.csv", "plie_sorties_2025-03 (1).csv", "plie_sorties_2025\u201003.csv", "plie_sorties_2025-03.xlsx"]
    for name in names:
        (folder / name).write_text("x", encoding="utf-8")
    contracts = [ExtractContract(s) for s in ALL_SCHEMAS]
    assert all(c.partition_of(f"plie/2025/{n}") is None for c in contracts for n in names)
    reported = ignored_files(tmp_path / "extracts", contracts)
    assert sorted(f.relative.rsplit("/", 1)[-1] for f in reported) == sorted(names)
    assert all("plie__sorties" in f.reason for f in reported)


def test_a_zip_bomb_workbook_is_refused_before_it_is_inflated(tmp_path):
    path = _path(tmp_path, ext="xlsx")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 50_000_000 + b">")
    with pytest.raises(StructuralError, match=r"people_2025-03\.xlsx: refused: the workbook would inflate"):
        _ingest(tmp_path, ext="xlsx")


def test_good_rows_around_bad_ones_are_all_kept(tmp_path):
    write_csv(tmp_path, "2025-03", GOOD_ROWS)
    _ingest(tmp_path)
    assert sorted(raw(Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}"))["sexe"]) == ["F", "H"]
    assert isinstance(pd.Timestamp("2025-03-01"), pd.Timestamp)

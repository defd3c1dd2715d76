"""The ingestion contract on small hand-made files: formats French producers really send, lazy
row-level errors to quarantine with file, line, column and rule, structural failures that name the
file, partition replacement, and personal data treatment."""
from __future__ import annotations

import copy
import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pandera.pandas as pa
import pytest
from pandera import Check

from ingestion import ExtractContract, StructuralError, ingest_partition
from ingestion.load import ingest_partitions
from ingestion.pseudonymise import pseudonymise
from warehouse import Warehouse

SCHEMA = pa.DataFrameSchema(
    name="test__people",
    metadata={"source": "test", "file": "test/{year}/people_{partition}.{ext}", "partitioning": "month", "key": ["id"]},
    coerce=True,
    columns={
        "id": pa.Column(str, metadata={"personal": "pseudonymise"}),
        "nom": pa.Column(str, nullable=True, metadata={"personal": "drop"}),
        "date_naissance": pa.Column("datetime64[ns]", metadata={"personal": "month"}),
        "commune": pa.Column(str, Check.str_matches(r"^\d{5}$")),
        "sexe": pa.Column(str, Check.isin(["H", "F"])),
        "heures": pa.Column("Float64", Check.ge(0), nullable=True),
        "date_entree": pa.Column("datetime64[ns]"),
    },
)
HEADER = ["id", "nom", "date_naissance", "commune", "sexe", "heures", "date_entree"]
GOOD_ROWS = [
    ["P1", "Dupont", "14/07/1980", "59328", "F", "1,5", "02/03/2025"],
    ["P2", "Lefèvre", "01/01/1975", "59368", "H", "", "31/03/2025"],
]


def contract(ext: str = "csv") -> ExtractContract:
    schema = copy.deepcopy(SCHEMA)
    schema.metadata = {**SCHEMA.metadata, "file": SCHEMA.metadata["file"].replace("{ext}", ext)}
    return ExtractContract(schema)


def write_csv(folder: Path, key: str, rows: list[list[str]], encoding="cp1252", sep=";", header=HEADER) -> Path:
    path = folder / "test" / key[:4] / f"people_{key}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def raw(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.read_sql('select * from "raw_test__people" order by partition_key, source_line')


def quarantine(warehouse: Warehouse) -> pd.DataFrame:
    return warehouse.read_sql('select * from quarantine order by file, line, "column", rule')


@pytest.mark.parametrize(
    "encoding, sep",
    [("utf-8", ";"), ("utf-8-sig", ";"), ("cp1252", ";"), ("utf-8", ","), ("cp1252", "\t")],
)
def test_reads_french_encodings_and_separators(tmp_path, encoding, sep):
    write_csv(tmp_path, "2025-03", GOOD_ROWS, encoding=encoding, sep=sep)
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    report = ingest_partition(contract(), warehouse, tmp_path, "2025-03", "k")
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (2, 2, 0)
    rows = raw(warehouse)
    assert rows["heures"].tolist()[0] == 1.5  # decimal comma
    assert pd.isna(rows["heures"].tolist()[1])
    assert [str(d)[:10] for d in rows["date_entree"]] == ["2025-03-02", "2025-03-31"]  # dd/mm/yyyy
    assert rows["source_line"].tolist() == [2, 3]


def test_reads_xlsx_workbooks(tmp_path):
    path = tmp_path / "test" / "2025" / "people_2025-03.xlsx"
    path.parent.mkdir(parents=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["P1", "Dupont", pd.Timestamp("1980-07-14").to_pydatetime(), "59328", "F", 1.5, "02/03/2025"])
    sheet.append(["P2", None, "01/01/1975", "59368", "X", 2, "31/03/2025"])
    book.save(path)
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    report = ingest_partition(contract("xlsx"), warehouse, tmp_path, "2025-03", "k")
    assert (report.rows_loaded, report.rows_quarantined) == (1, 1)
    failure = quarantine(warehouse).iloc[0]
    assert (failure["file"], failure["line"], failure["column"], failure["value"]) == ("test/2025/people_2025-03.xlsx", 3, "sexe", "***")


def test_every_row_error_at_once_goes_to_quarantine_and_good_rows_are_kept(tmp_path, warehouse_url):
    rows = GOOD_ROWS + [
        ["P3", "Martin", "1990-13-45", "59328", "F", "2", "05/03/2025"],  # line 4: bad birth date (personal)
        ["P4", "Bernard", "03/04/1988", "5932", "Z", "-1", "06/03/2025"],  # line 5: three rule failures
        ["P5", "Petit", "03/04/1988", "59328", "H", "deux", ""],  # line 6: not a number, missing date
        ["P1", "Dupont", "14/07/1980", "59328", "F", "1", "07/03/2025"],  # line 7: duplicate id
    ]
    write_csv(tmp_path, "2025-03", rows)
    warehouse = Warehouse(warehouse_url)
    report = ingest_partition(contract(), warehouse, tmp_path, "2025-03", "k")

    assert report.rows_read == 6 and report.rows_loaded == 1 and report.rows_quarantined == 5
    assert len(raw(warehouse)) == 1  # P2 only: P1 is duplicated by line 7
    failures = quarantine(warehouse)
    got = {(r.line, r.column, r.rule) for r in failures.itertuples()}
    assert {
        (4, "date_naissance", "type:date"),
        (5, "commune", r"str_matches('^\d{5}$')"),
        (5, "sexe", "isin(['H', 'F'])"),
        (5, "heures", "greater_than_or_equal_to(0)"),
        (6, "heures", "type:float"),
        (6, "date_entree", "not_nullable"),
    } <= got
    assert {r.line for r in failures.itertuples() if r.rule == "duplicate_key"} == {2, 7}
    assert set(failures["file"]) == {"test/2025/people_2025-03.csv"}
    assert set(failures["source"]) == {"test__people"}
    birth = failures[failures["column"] == "date_naissance"].iloc[0]
    assert birth["value"] == "***" and "dd/mm/yyyy" in birth["reason"]  # personal value masked
    sexe = failures[failures["column"] == "sexe"].iloc[0]
    assert sexe["value"] == "***" and "allowed list" in sexe["reason"]  # not one of the list's codes: masked
    shown = {(r.line, r.column): r.value for r in failures.itertuples()}
    assert shown[(5, "heures")] == "-1.0" and shown[(6, "heures")] == "***"  # a number is shown, a word is not


def test_a_duplicate_key_is_found_across_batches_and_both_lines_are_named(tmp_path, warehouse_url):
    rows = [["P1", "Dupont", "14/07/1980", "59328", "F", "1", "02/03/2025"]]
    rows += [[f"P{n}", "X", "01/01/1990", "59328", "H", "1", "03/03/2025"] for n in range(2, 6)]
    rows += [["P1", "Dupont", "14/07/1980", "59328", "F", "2", "09/03/2025"]]  # line 7, three batches later
    write_csv(tmp_path, "2025-03", rows)
    write_csv(tmp_path, "2025-04", [["P1", "Dupont", "14/07/1980", "59328", "F", "1", "02/04/2025"]])  # a re-export
    warehouse = Warehouse(warehouse_url)
    reports = ingest_partitions(contract(), warehouse, tmp_path, ["2025-03", "2025-04"], "k", batch_rows=2)

    assert [(r.rows_loaded, r.rows_quarantined) for r in reports] == [(4, 2), (1, 0)]
    assert reports[0].failures_by_rule == {"duplicate_key": 2}
    failures = quarantine(warehouse)
    assert failures[["line", "column", "rule", "value"]].values.tolist() == [
        [2, "id", "duplicate_key", "***"], [7, "id", "duplicate_key", "***"]  # the key is personal: masked
    ]
    assert "line(s) 7 of this file" in failures["reason"][0] and "line(s) 2 of this file" in failures["reason"][1]
    assert sorted(raw(warehouse)["source_line"].tolist()) == [2, 3, 4, 5, 6]  # 4 of March, 1 of April


def test_rerunning_a_partition_replaces_it_and_leaves_others(tmp_path, warehouse_url):
    warehouse = Warehouse(warehouse_url)
    write_csv(tmp_path, "2025-02", GOOD_ROWS)
    write_csv(tmp_path, "2025-03", GOOD_ROWS + [["P9", "X", "bad", "59328", "F", "", "01/03/2025"]])
    for key in ("2025-02", "2025-03", "2025-03"):
        ingest_partition(contract(), warehouse, tmp_path, key, "k")
    assert raw(warehouse)["partition_key"].value_counts().to_dict() == {"2025-02": 2, "2025-03": 2}
    assert len(quarantine(warehouse)) == 1

    write_csv(tmp_path, "2025-03", GOOD_ROWS[:1])  # a corrected re-export of March
    ingest_partition(contract(), warehouse, tmp_path, "2025-03", "k")
    assert raw(warehouse)["partition_key"].value_counts().to_dict() == {"2025-02": 2, "2025-03": 1}
    assert len(quarantine(warehouse)) == 0


def test_personal_columns_never_reach_the_warehouse_in_clear(tmp_path):
    write_csv(tmp_path, "2025-03", GOOD_ROWS)
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    ingest_partition(contract(), warehouse, tmp_path, "2025-03", "secret")
    rows = raw(warehouse)
    assert "nom" not in rows.columns
    assert rows["id"].tolist() == pseudonymise(pd.Series(["P1", "P2"]), "secret").tolist()
    assert not set(rows["id"]) & {"P1", "P2"}
    assert pseudonymise(pd.Series(["P1"]), "other")[0] != rows["id"][0]  # keyed: another key, another pseudonym
    assert [str(d)[:10] for d in rows["date_naissance"]] == ["1980-07-01", "1975-01-01"]  # month only


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "the file is empty"),
        ("id;nom;commune\r\nP1;X;59328\r\n".encode("cp1252"), "missing column(s) date_naissance, sexe, heures, date_entree"),
    ],
)
def test_structural_problems_fail_naming_the_file(tmp_path, content, expected):
    path = tmp_path / "test" / "2025" / "people_2025-03.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    with pytest.raises(StructuralError) as error:
        ingest_partition(contract(), warehouse, tmp_path, "2025-03", "k")
    assert str(path) in str(error.value) and expected in str(error.value)


def test_unreadable_workbook_and_missing_file_fail_naming_the_file(tmp_path):
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    with pytest.raises(StructuralError, match=r"people_2025-04\.csv: file not found"):
        ingest_partition(contract(), warehouse, tmp_path, "2025-04", "k")
    path = tmp_path / "test" / "2025" / "people_2025-03.xlsx"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    with pytest.raises(StructuralError, match=r"people_2025-03\.xlsx: unreadable workbook"):
        ingest_partition(contract("xlsx"), warehouse, tmp_path, "2025-03", "k")


def test_a_failed_ingestion_leaves_the_previous_partition_intact(tmp_path):
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    write_csv(tmp_path, "2025-03", GOOD_ROWS)
    ingest_partition(contract(), warehouse, tmp_path, "2025-03", "k")
    write_csv(tmp_path, "2025-03", GOOD_ROWS, header=["id", "nom"] + HEADER[3:])  # a column went missing
    with pytest.raises(StructuralError):
        ingest_partition(contract(), warehouse, tmp_path, "2025-03", "k")
    assert len(raw(warehouse)) == 2


def test_file_patterns_map_files_to_partitions():
    c = contract()
    assert c.partition_of("test/2025/people_2025-03.csv") == "2025-03"
    assert c.partition_of("test/2024/people_2025-03.csv") is None  # misfiled: year folder disagrees
    assert c.partition_of("test/2025/other_2025-03.csv") is None
    assert c.path_for(Path("/x"), "2025-03") == Path("/x/test/2025/people_2025-03.csv")

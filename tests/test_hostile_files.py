"""Malformed and hostile files, each refused alone and by name: a clear structural error naming the
file (and line), or a quarantined row naming file and line; never a shifted row, a garbled text, a
crash without a file name, a followed link, or a personal value in a message."""
from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path

import openpyxl
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


# ------------------------------------------------------------------------------------------
# Personal values never leave the raw layer: decided by value as well as by column
# ------------------------------------------------------------------------------------------
PHONE, EMAIL, NIR = "07 11 22 33 44", "zygo.canary@example.org", "1 80 07 59 328 123 45"
CANARIES = [PHONE, EMAIL, NIR, "0711223344", "711223344", "180075932812345"]
_PATTERN_EXAMPLES = ["59328", "59", "123", "123456789", "12345678901234", "1", "47.11Z", "A1234"]


def _filler(contract: ExtractContract, column: str, partition: str) -> str:
    """A plausible cell for `column`: the canary tests need rows that fail only where the canary is."""
    kind, spec = contract.kind_of(column), contract._spec(column)
    if kind == "date":
        return "31/03/2025" if len(partition) == 7 else "30/06/2023"
    if kind != "str":
        return "1"
    for check in spec.checks:
        if check.name == "isin":
            return str(check.statistics["allowed_values"][0])
        if check.name == "str_matches":
            return next(e for e in _PATTERN_EXAMPLES if re.match(check.statistics["pattern"], e))
    return "Texte1"


def _columns(contract: ExtractContract) -> list[str]:
    regex = [re.sub(r"\\d\{4\}", "2023", p.strip("^$")) for p in contract.regex_columns]
    return [*contract.required_columns, *regex]


def _write_rows(folder, contract: ExtractContract, partition: str, rows: list[dict]) -> None:
    columns = _columns(contract)
    path = contract.path_for(folder, partition)
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet = contract.schema.metadata.get("sheet")
    if sheet:
        book = openpyxl.Workbook()
        book.active.title = sheet
        book.active.append(columns)
        for row in rows:
            book.active.append([row[c] for c in columns])
        book.save(path)
    else:
        path.write_bytes("\r\n".join(";".join(r) for r in [columns, *([row[c] for c in columns] for row in rows)]).encode("utf-8"))


@pytest.mark.parametrize("schema", ALL_SCHEMAS, ids=lambda s: s.name)
def test_a_phone_an_e_mail_or_a_nir_in_any_column_of_any_source_never_leaves_the_raw_layer(tmp_path, schema):
    """Each canary typed into each column of a small file of every source, one row each: the
    quarantine shows none of them, and the raw table holds them only where they are pseudonymised
    or scrubbed, never in clear (a value typed into the wrong column included)."""
    contract = ExtractContract(schema)
    partition = "2025-03" if contract.partitioning == "month" else "2023"
    good = {c: _filler(contract, c, partition) for c in _columns(contract)}
    rows = [{**good, column: canary} for column in _columns(contract) for canary in (PHONE, EMAIL, NIR)]
    _write_rows(tmp_path, contract, partition, rows)
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    [report] = ingest_partitions(contract, warehouse, tmp_path, [partition], "a key of thirty-two bytes or more!")
    raw_rows = warehouse.read_sql(f'select * from "{contract.table}"').astype(str)
    failures = warehouse.read_sql("select * from quarantine").astype(str)
    warehouse.dispose()
    everything = " ".join([*raw_rows.to_numpy().ravel(), *failures.to_numpy().ravel(), *map(str, report.examples)])
    assert not [c for c in CANARIES if c in everything]
    assert report.rows_read == len(rows)


def test_a_phone_typed_into_a_date_column_of_a_workbook_is_masked(tmp_path):
    from test_mde_workbook import HOURS, workbook  # noqa: F401  (the workbook builder)
    from schemas import mde

    header = ["Id porteur", "Nom", "Prénom", "Téléphone", "Date accueil", "Sexe", "Code commune", "Projet"]
    rows = [["CR-1", "Zygocanard", "Philomène", "0711223344", dt.date(2025, 3, 4), "F", "59328", "Boulangerie"],
            ["CR-2", "Martin", "Léa", "", "06 12 34 56 78", "F", "59328", ""],  # line 5: a phone in the date column
            ["CR-3", "Petit", "Karim", "", "14/07/1980", "H", "59328", ""]]  # line 6: a birth date there
    workbook(tmp_path, {"Création - porteurs": [["Porteurs"], [], header, *rows]})
    porteurs = ExtractContract(mde.mde__creation_porteurs)
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    ingest_partition(porteurs, warehouse, tmp_path, "2025-03", "k")
    failures = quarantine(warehouse)
    assert failures[["line", "column"]].values.tolist() == [[5, "date_accueil"], [6, "date_accueil"]]
    assert set(failures["value"]) == {"***"}


def test_a_date_near_its_file_and_a_count_are_shown_a_far_date_is_not(tmp_path):
    write_csv(tmp_path, "2025-03", [GOOD_ROWS[0], ["P2", "X", "01/01/1975", "59368", "H", "-2", "15/04/2025"],
                                    ["P3", "Y", "01/01/1975", "59368", "H", "", "05/03/1990"]])
    dated = contract()
    dated.schema.metadata["date_column"] = "date_entree"
    ingest_partition(dated, Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}"), tmp_path, "2025-03", "k")
    shown = {(r.line, r.column): r.value for r in quarantine(Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")).itertuples()}
    assert shown == {(3, "heures"): "-2.0", (3, "date_entree"): "15/04/2025", (4, "date_entree"): "***"}


def test_a_row_shifted_by_one_column_puts_no_birth_date_in_quarantine(tmp_path):
    """The i-milo case: a row with the header's field count but its values one column off (the
    surname left out), so the birth date sits under `commune` and the commune under `sexe`."""
    write_csv(tmp_path, "2025-03", [GOOD_ROWS[0], ["P2", "14/07/1980", "59368", "H", "", "05/03/2025", ""]])
    _ingest(tmp_path)
    failures = quarantine(Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}"))
    assert len(failures) >= 3 and set(failures["value"].dropna()) == {"***"}


def test_a_header_less_file_repeating_a_value_is_refused_without_echoing_it(tmp_path):
    canary = ["KANARIWSKN", "KANARIWSKN", "14/07/1980", "59328", "F", "1", "03/03/2025"]
    write_csv(tmp_path, "2025-03", GOOD_ROWS, header=canary)
    with pytest.raises(StructuralError) as error:
        _ingest(tmp_path)
    assert "people_2025-03.csv" in str(error.value) and "more than once" in str(error.value)
    assert "KANARIWSKN" not in str(error.value) and "14/07/1980" not in str(error.value)


def test_free_text_a_figure_needs_is_scrubbed_with_the_names_of_the_same_workbook(tmp_path):
    """MDE events: a title naming a project holder of the same workbook's «Création - porteurs»,
    a place with a phone, an e-mail and a date: the words are masked, the rest of the text kept."""
    from schemas import mde
    from test_mde_workbook import EVENT_HEADER, events_sheet, workbook

    porteurs = [["Id porteur", "Nom", "Prénom", "Téléphone", "Date accueil", "Sexe", "Code commune", "Projet"],
                ["CR-1", "Zygocanard", "Philomène", "", dt.date(2025, 3, 4), "F", "59328", ""]]
    events = [[dt.date(2025, 3, 4), "Job Dating avec Philomène ZYGOCANARD", "Job Dating", f"Mairie, {PHONE}, {EMAIL}", 11, 111, None],
              [dt.date(2025, 3, 27), "Salon du 27/03/2025", "Salon", "Salle des fêtes", 160, 2578, 40]]
    workbook(tmp_path, {"Événements": events_sheet(events, EVENT_HEADER), "Création - porteurs": porteurs})
    contract = ExtractContract(mde.mde__evenements)
    siblings = [ExtractContract(s) for s in mde.REGISTERS if s.name != contract.name]
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    ingest_partitions(contract, warehouse, tmp_path, ["2025-03"], "k", siblings=siblings)
    rows = warehouse.read_sql('select evenement, lieu from "raw_mde__evenements" order by source_line')
    assert rows.values.tolist() == [["Job Dating avec *** ***", "Mairie, ***, ***"], ["Salon du ***", "Salle des fêtes"]]


def test_a_cyber_base_workshop_title_is_scrubbed_and_other_free_text_is_dropped(tmp_path):
    from schemas import mde

    cyberbase = ExtractContract(mde.mde__cyberbase_visites)
    good = {c: _filler(cyberbase, c, "2025-03") for c in _columns(cyberbase)}
    rows = [{**good, "id_passage": "V1", "atelier": f"CV avec Mme Dupont {PHONE} né le 14 juillet 1980"},
            {**good, "id_passage": "V2", "atelier": "Atelier numérique"}]
    _write_rows(tmp_path, cyberbase, "2025-03", rows)
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    ingest_partitions(cyberbase, warehouse, tmp_path, ["2025-03"], "k")
    titles = warehouse.read_sql('select atelier from "raw_mde__cyberbase_visites" order by source_line')["atelier"].tolist()
    assert titles == ["CV avec Mme Dupont *** né le ***", "Atelier numérique"]
    interim = ExtractContract(mde.mde__interim)
    assert interim.personal("poste") == "drop"  # free text no figure needs never leaves ingestion
    assert all(ExtractContract(s).personal(c) or ExtractContract(s).text_kind(c) or ExtractContract(s).kind_of(c) != "str"
               or any(k.name in ("isin", "str_matches") for k in col.checks)
               for s in ALL_SCHEMAS for c, col in s.columns.items())  # every text column says what it holds


def test_a_text_column_that_does_not_say_what_it_holds_is_refused():
    import pandera.pandas as pa

    schema = pa.DataFrameSchema(name="test__notes", metadata={"source": "test", "file": "t_{partition}.csv", "partitioning": "month"},
                                columns={"note": pa.Column(str)})
    with pytest.raises(ValueError, match="text column note says neither that it is personal nor what it holds"):
        ExtractContract(schema)


# ------------------------------------------------------------------------------------------
# Workbooks read as they are
# ------------------------------------------------------------------------------------------
def _rewrite_sheet(path, edit) -> None:
    """Rewrite the first worksheet's XML of a saved workbook with `edit` (bytes -> bytes)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = edit(parts[name])
    extra = parts.pop("__extra__", None)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for filename, data in parts.items():
            archive.writestr(filename, data)
        if extra:
            archive.writestr(*extra)


def _events_workbook(folder, rows):
    from test_mde_workbook import EVENT_HEADER, events_sheet, workbook

    return workbook(folder, {"Événements": events_sheet(rows, EVENT_HEADER)})


def _event(day: int, participants) -> list:
    return [dt.date(2025, 3, day), f"Job Dating {day}", "Job Dating", "Salle", 2, participants, None]


def test_a_sheet_declaring_a_stale_size_is_read_whole(tmp_path):
    from schemas import mde

    path = _events_workbook(tmp_path, [_event(d, 10) for d in range(1, 29)])  # rows 4 to 31
    _rewrite_sheet(path, lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:D12"', xml))
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    [report] = ingest_partitions(ExtractContract(mde.mde__evenements), warehouse, tmp_path, ["2025-03"], "k")
    assert (report.rows_read, report.rows_loaded) == (28, 28)
    assert warehouse.read_sql('select sum(participants) as n from "raw_mde__evenements"')["n"][0] == 280


def test_a_formula_reading_another_workbook_is_set_aside_naming_its_cell(tmp_path):
    from schemas import mde

    path = _events_workbook(tmp_path, [_event(3, 10), _event(4, "='[1]Feuil1'!B2")])  # row 5, column F

    def cached_999(xml: bytes) -> bytes:
        return re.sub(rb"(<c r=\"F5\"[^>]*>)<f>(.*?)</f>(<v\s*/>|<v></v>)?", rb"\1<f>\2</f><v>999</v>", xml)

    with zipfile.ZipFile(path) as archive:
        assert b"[1]Feuil1" in archive.read("xl/worksheets/sheet1.xml")
    _rewrite_sheet(path, lambda xml: cached_999(xml))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    [report] = ingest_partitions(ExtractContract(mde.mde__evenements), warehouse, tmp_path, ["2025-03"], "k")
    assert (report.rows_loaded, report.rows_quarantined) == (1, 1)
    failure = quarantine(warehouse).iloc[0]
    assert failure["line"] == 5 and "cell(s) F5: a formula reading another workbook" in failure["reason"]
    assert warehouse.read_sql('select sum(participants) as n from "raw_mde__evenements"')["n"][0] == 10  # not 1 009


@pytest.mark.parametrize("stream, reason", [("EncryptionInfo", "password-protected (« protégé par mot de passe »)"),
                                            ("Workbook", "an Excel 97-2003 workbook (.xls) named .xlsx")])
def test_a_workbook_that_is_not_a_zip_is_refused_saying_why(tmp_path, stream, reason):
    from schemas import mde

    path = mde.WORKBOOK.format(year="2025", partition="2025-03")
    (tmp_path / path).parent.mkdir(parents=True)
    (tmp_path / path).write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512 + stream.encode("utf-16-le") + b"\0" * 512)
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    with pytest.raises(StructuralError, match=re.escape(reason)) as error:
        ingest_partitions(ExtractContract(mde.mde__evenements), warehouse, tmp_path, ["2025-03"], "k")
    assert "mde_suivi_2025-03.xlsx" in str(error.value)


# ------------------------------------------------------------------------------------------
# A bad cell costs its row, never the register
# ------------------------------------------------------------------------------------------
STRAY = ["99999999999999999999", "1e308", "-1e308", "#REF!", "#N/A", "nan", "inf", "-inf", "TRUE", "1/0", "0x1F",
         "١٢", "½", "  ", "12:30", "2025-02-30", "31/12/9999", "\u200b", "NULL", "None", "-", "1.5e3", "1,2,3"]


@pytest.mark.parametrize("schema", ALL_SCHEMAS, ids=lambda s: s.name)
def test_whatever_the_stray_value_its_row_alone_is_set_aside(tmp_path, schema):
    contract = ExtractContract(schema)
    partition = "2025-03" if contract.partitioning == "month" else "2023"
    good = {c: _filler(contract, c, partition) for c in _columns(contract)}
    rows = [{**good, column: value} for column in _columns(contract) for value in STRAY]
    _write_rows(tmp_path, contract, partition, rows)
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    [report] = ingest_partitions(contract, warehouse, tmp_path, [partition], "k")
    assert report.rows_read == len(rows)
    assert report.rows_loaded + report.rows_quarantined == len(rows)


def test_a_file_found_unreadable_halfway_costs_that_file_only_its_previous_rows_kept(tmp_path):
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    april = [[f"P{n}", "Martin", "01/01/1990", "59328", "H", "", "02/04/2025"] for n in range(3, 403)]  # past what the format detection decodes
    write_csv(tmp_path, "2025-03", GOOD_ROWS)
    write_csv(tmp_path, "2025-04", april)
    ingest_partitions(contract(), warehouse, tmp_path, ["2025-03", "2025-04"], "k")
    write_csv(tmp_path, "2025-03", GOOD_ROWS[:1])  # March corrected
    path = write_csv(tmp_path, "2025-04", april)
    path.write_bytes(path.read_bytes() + b"P99;Bad\x81;01/01/1990;59328;H;;04/04/2025\r\n")  # a byte Windows-1252 lacks, line 402
    with pytest.raises(StructuralError, match=r"people_2025-04\.csv: Windows-1252 text, but line 402 holds bytes that Windows-1252 does not define") as error:
        ingest_partitions(contract(), warehouse, tmp_path, ["2025-03", "2025-04"], "k", batch_rows=100, keep_going=True)
    assert error.value.partitions == ["2025-04"] and [r.partition_key for r in error.value.reports] == ["2025-03"]
    kept = raw(warehouse)
    assert kept.groupby("partition_key")["source_line"].count().to_dict() == {"2025-03": 1, "2025-04": 400}


@pytest.mark.parametrize("data, message", [
    ("\r\n".join([";".join(HEADER), *(";".join(r) for r in GOOD_ROWS)]).encode("utf-16"), "the file is in UTF-16"),
    ("\r\n".join([";".join(HEADER), *(";".join(r) for r in GOOD_ROWS)]).encode("utf-16-le"), "the file is in UTF-16 (one NUL"),
    (b"\xef\xbb\xbf" + "\r\n".join([";".join(HEADER), *(";".join(r) for r in GOOD_ROWS)]).encode("cp1252"),
     "starts with a UTF-8 byte-order mark, but line 3 holds bytes that are not UTF-8"),
])
def test_an_encoding_error_names_the_encoding_found_and_the_right_line(tmp_path, data, message):
    _path(tmp_path).write_bytes(data)
    with pytest.raises(StructuralError, match=re.escape(message)) as error:
        _ingest(tmp_path)
    assert "without its header row" not in str(error.value) and "Lefèvre" not in str(error.value)


# ------------------------------------------------------------------------------------------
# Plausible or flagged
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("schema, at, ages", [
    ("plie__participants", "date_entree", [("01/01/1900", False), ("01/01/2024", False), ("15/03/1954", False),
                                           ("16/03/1954", True), ("15/03/2009", True), ("16/03/2009", False)]),
    ("ml__dossiers", "date_premier_accueil", [("15/03/1994", False), ("16/03/1994", True), ("15/03/2011", True),
                                              ("16/03/2011", False)]),
])
def test_a_birth_date_giving_an_age_the_source_cannot_have_is_quarantined(tmp_path, schema, at, ages):
    """PLIE 16-70 at entry, Mission Locale 14-30 at first reception (config/plausibility.yaml), in
    whole years: a birth year typed 1900 or 2024 never moves an age share."""
    contract = ExtractContract(next(s for s in ALL_SCHEMAS if s.name == schema))
    good = {c: _filler(contract, c, "2025-03") for c in _columns(contract)}
    rows = [{**good, contract.key[0]: f"K{i}", at: "15/03/2025", "date_naissance": birth} for i, (birth, _) in enumerate(ages)]
    _write_rows(tmp_path, contract, "2025-03", rows)
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    rules = PlausibilityRules.load(Path(__file__).parents[1] / "config" / "plausibility.yaml")
    ingest_partitions(contract, warehouse, tmp_path, ["2025-03"], "k", rules=rules)
    failures = quarantine(warehouse)
    assert sorted(failures.loc[failures["rule"] == "age_out_of_range", "line"]) == [i + 2 for i, (_, ok) in enumerate(ages) if not ok]
    assert set(failures["value"]) == {"***"}


def test_configured_labels_match_whatever_the_case_accents_and_spaces_and_an_unknown_one_is_quarantined(tmp_path):
    """« LAMBERSART  », « marcq-en-baroeul » are the configured sites; « Lambersar » matches none:
    quarantined by name instead of dropping out of the site's figures."""
    from schemas import mde

    cyberbase = ExtractContract(mde.mde__cyberbase_visites)
    good = {c: _filler(cyberbase, c, "2025-03") for c in _columns(cyberbase)}
    sites = ["LAMBERSART  ", "marcq-en-baroeul", " Marcq en Barœul", "Lambersar"]
    _write_rows(tmp_path, cyberbase, "2025-03", [{**good, "id_passage": f"V{i}", "site": s} for i, s in enumerate(sites)])
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    names = {"sites": ["Lambersart", "Marcq-en-Barœul", "La Madeleine"], "social_networks": ["LinkedIn"]}
    ingest_partitions(cyberbase, warehouse, tmp_path, ["2025-03"], "k", vocabularies=names)
    loaded = warehouse.read_sql('select site from "raw_mde__cyberbase_visites" order by source_line')["site"].tolist()
    assert loaded == ["Lambersart", "Marcq-en-Barœul", "Marcq-en-Barœul"]
    failure = quarantine(warehouse).iloc[0]
    assert (failure["line"], failure["column"], failure["rule"]) == (5, "site", "unknown_label")
    assert "not one of the names configured for site (Lambersart, Marcq-en-Barœul, La Madeleine)" in failure["reason"]


# ------------------------------------------------------------------------------------------
# Refusals name the file and the reason, with what to do
# ------------------------------------------------------------------------------------------
def test_a_refused_file_is_named_with_its_reason_and_what_to_do_in_the_state_and_the_quality_report(tmp_path):
    """The message ingestion gives (file named from the extracts folder) reaches the data-state
    lines (run summary, first page) and the quality report, in French, with what to do."""
    from quality import history
    from quality.data_state import data_state
    from quality.report import problems
    from schemas import mde

    path = tmp_path / "extracts" / mde.WORKBOOK.format(year="2025", partition="2025-06")
    path.parent.mkdir(parents=True)
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + "EncryptionInfo".encode("utf-16-le"))
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    contract = ExtractContract(mde.mde__evenements)
    with pytest.raises(StructuralError) as error:
        ingest_partitions(contract, warehouse, tmp_path / "extracts", ["2025-06"], "k", keep_going=True)
    assert error.value.messages["2025-06"].startswith("mde/2025/mde_suivi_2025-06.xlsx: refused: the workbook is password")
    history.append(warehouse, history.structural_records(contract.table, error.value.partitions, error.value.messages))
    lines = [line for line in data_state(warehouse, 2025).issues_fr() if "refusé" in line]
    assert lines == ["mde__evenements : fichier mde/2025/mde_suivi_2025-06.xlsx refusé en entier pour 2025-06 (classeur protégé "
                     "par mot de passe). Que faire : L'enregistrer sans mot de passe, puis le redéposer ; les données "
                     "précédentes du mois restent en place d'ici là."]
    [problem] = [p for p in problems(warehouse, history.read(warehouse), history.read_latest(warehouse)) if p["rule"] == "structural_error"]
    assert "lignes indiquées" not in problem["action"] and "refusé en entier" in problem["meaning"]
    assert problem["sources"] == [{"partition": "2025-06", "fichier": "mde/2025/mde_suivi_2025-06.xlsx",
                                   "motif": "classeur protégé par mot de passe", "que faire": lines[0].split("Que faire : ")[1]}]


def test_a_workbook_is_opened_once_and_each_sheet_parsed_once_whatever_the_registers_it_feeds(tmp_path, monkeypatch):
    import ingestion.workbook as workbook_module
    from schemas import mde
    from test_mde_workbook import EVENT_HEADER, events_sheet, workbook

    porteurs = [["Id porteur", "Nom", "Prénom", "Téléphone", "Date accueil", "Sexe", "Code commune", "Projet"],
                ["CR-1", "Zygocanard", "Philomène", "", dt.date(2025, 3, 4), "F", "59328", ""]]
    actions = [["Date action", "Action", "Type action", "Participants"], [dt.date(2025, 3, 5), "Atelier", "Atelier collectif", 8]]
    workbook(tmp_path, {"Événements": events_sheet([_event(3, 10)], EVENT_HEADER), "Création - porteurs": porteurs,
                        "Création - actions": actions})
    opened, parsed = [], []
    load, rows = openpyxl.load_workbook, workbook_module._all_rows
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(k.get("data_only")) or load(*a, **k))
    monkeypatch.setattr(workbook_module, "_all_rows", lambda ws: parsed.append(ws.title) or rows(ws))
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    registers = [mde.mde__evenements, mde.mde__creation_porteurs, mde.mde__creation_actions]
    for schema in registers:  # the events' free text reads the holders' names too (siblings)
        contract = ExtractContract(schema)
        siblings = [ExtractContract(s) for s in registers if s is not schema]
        [report] = ingest_partitions(contract, warehouse, tmp_path, ["2025-03"], "k", siblings=siblings)
        assert report.rows_loaded == 1
    assert opened == [True] and sorted(parsed) == sorted(["Événements", "Création - porteurs", "Création - actions"])


def test_a_contact_is_found_in_an_id_or_a_label_exactly_where_a_scan_of_each_value_finds_one():
    """`holds_contact` scans only the values that can hold a phone or a NIR (a run of ten digits
    among spaces, dots, dashes..., or any character beyond ASCII); it must flag exactly what the
    patterns find value by value."""
    import random

    from ingestion.scrub import _EMAIL, _NUMBERS, holds_contact

    values = ["PL-000702", "AS-0012345", "0612345678", "06 12 34 56 78", "x06.12.34.56.78y", "id 06.12.34.56.78",
              "+33 6 12 34 56 78", "0033612345678", "1 85 05 2A 123 456", "185052A123456", "2 85 05 78 006 084 36",
              "123456789", "P-1234567890", "a@b.fr", "no at sign", "Entretien à domicile 0612345678",
              "０６１２３４５６７８", "tél ０６ １２ ３４ ５６ ７８", "nul\x000612345678", "0612345678\x00", "", None, 612345678,
              "EV0208577_001", "06_12_34_56_78", "06\x1f12 34 56 78", "06\t12\t34\t56\t78", "          ", "ABABABABAB12"]
    rng = random.Random(7)
    alphabet = "0123456789 .-+()AB@x_\t\x1f\x00é"
    values += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(20_000)]
    series = pd.Series(values, dtype=object)
    expected = [v is not None and bool(_NUMBERS.search(str(v)) or _EMAIL.search(str(v))) for v in values]
    assert holds_contact(series).tolist() == expected
    assert sum(expected) > 100  # the random values do hold some
    ascii_only = series[[isinstance(v, str) and v.isascii() for v in values]]
    assert holds_contact(ascii_only).tolist() == [bool(_NUMBERS.search(v) or _EMAIL.search(v)) for v in ascii_only]


@pytest.mark.parametrize("text, mixed", [
    ("Hélène « café » à Noël ; déjà vu\r\n", False),  # Windows-1252 accents, some before bytes 0x80-0xBF
    ("é»\r\nà\x80 ô\xa0\r\n", False),  # a lead byte and one continuation byte only
    ("à\x80\x80 ; í\xa0\x80\r\n", False),  # shaped like UTF-8, but an overlong form and a surrogate: not characters
    ("Hélène\r\n", True),  # UTF-8 inside Windows-1252 text: mixed
    ("l’été\r\n", True),  # a UTF-8 apostrophe (three bytes)
    ("𝄞 clef\r\n", True),  # four bytes
])
def test_a_windows_1252_file_is_refused_as_mixed_exactly_when_it_holds_a_utf8_character(tmp_path, text, mixed, monkeypatch):
    from ingestion import reading

    head = "Caf\xe9 ; \xab d\xe9j\xe0 \xbb\r\n".encode("latin-1")  # not UTF-8: the file is Windows-1252 or mixed
    body = text.encode("utf-8") if mixed else text.encode("latin-1")
    data = head * 3 + body + head
    assert reading.holds_utf8_character(data) is mixed
    monkeypatch.setattr(reading, "_BLOCK", 7)  # characters cut across blocks are still whole
    assert reading.holds_utf8_character(data) is mixed

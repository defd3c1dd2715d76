"""Registers of a workbook staff fill in by hand (ingestion/workbook.py), one problem per test, on
small hand-built workbooks read through the MDE contracts: title rows and merged header cells, a
totals row at the bottom (and data after it), blank rows, dates typed as text, an extra column, a
sheet renamed or missing, a value under a column without header, a duplicate key. Each works as
documented or fails with a message naming the sheet, the row and the column."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from ingestion import ExtractContract, StructuralError, ingest_partition
from ingestion.workbook import normalise
from schemas import mde
from warehouse import Warehouse

KEY = "2025-03"
FILE = f"mde/2025/mde_suivi_{KEY}.xlsx"
EVENTS = ExtractContract(mde.mde__evenements)
HOURS = ExtractContract(mde.mde__clauses_heures)
EVENT_HEADER = ["Date événement", "Événement", "Type événement", "Lieu", "Exposants", "Participants", "Entretiens"]
EVENT_ROWS = [
    [dt.date(2025, 3, 4), "Job Dating Séniors", "Job Dating", "Lambersart", 11, 111, None],
    [dt.date(2025, 3, 27), "Salon Les Clés de l'Emploi", "Salon", "Marquette-lez-Lille", 160, 2578, 40],
]


def workbook(folder: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    path = folder / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    book.save(path)
    return path


def events_sheet(rows=EVENT_ROWS, header=EVENT_HEADER) -> list[list]:
    return [["Événements emploi organisés par la MDE — mars 2025"], [], header, *rows]


def ingest(folder: Path, contract: ExtractContract = EVENTS):
    warehouse = Warehouse(f"duckdb:///{folder / 'w.duckdb'}")
    report = ingest_partition(contract, warehouse, folder, KEY, "k")
    raw = warehouse.read_sql(f'select * from "{contract.table}" order by source_line')
    quarantine = warehouse.read_sql('select * from quarantine order by line, "column"')
    return report, raw, quarantine


def test_sample_headers_are_the_contract_columns():
    from sample_data.mde.workbook import LAYOUTS

    for name, layout in LAYOUTS.items():
        contract = ExtractContract(next(s for s in mde.REGISTERS if s.name == name))
        assert layout.sheet == contract.schema.metadata["sheet"]
        labels = {normalise(text): field for text, field in layout.columns if field}
        assert all(label == field for label, field in labels.items()), name
        assert set(labels) == set(contract.required_columns), name


def test_title_rows_and_merged_header_cells(tmp_path):
    # row 1: a title merged across; rows 3-4: "Fréquentation" merged over three labels, the
    # others merged down two rows
    top = ["Date événement", "Événement", "Type événement", "Lieu", "Fréquentation", None, None]
    below = [None, None, None, None, "Exposants", "Participants", "Entretiens"]
    rows = [["Événements emploi organisés — mars 2025"], [], top, below, *EVENT_ROWS]
    merges = ["A1:G1", "E3:G3", "A3:A4", "B3:B4", "C3:C4", "D3:D4"]
    workbook(tmp_path, {"Événements": rows}, {"Événements": merges})
    report, raw, quarantine = ingest(tmp_path)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (2, 2, 0)
    assert raw["participants"].tolist() == [111, 2578]
    assert raw["source_line"].tolist() == [5, 6]  # the spreadsheet's row numbers
    assert set(raw["source_file"]) == {f"{FILE}#Événements"}  # the file names the sheet


def test_totals_row_at_the_bottom_is_not_loaded(tmp_path):
    total = [None, "Total", None, None, "=SUM(E4:E5)", "=SUM(F4:F5)", 40]
    workbook(tmp_path, {"Événements": [*events_sheet(), [], total]})
    report, raw, _ = ingest(tmp_path)
    assert report.rows_loaded == 2
    assert raw["participants"].sum() == 111 + 2578  # the models add up records, never the totals row


def test_data_after_the_totals_row_is_set_aside_naming_the_sheet_and_rows(tmp_path):
    total = [None, "TOTAL", None, None, 171, 2689, 40]
    late = [dt.date(2025, 3, 30), "Job Dating oublié", "Job Dating", "Lambersart", 3, 20, None]
    workbook(tmp_path, {"Événements": [*events_sheet(), total, late]})
    report, raw, quarantine = ingest(tmp_path)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (3, 2, 1)
    assert quarantine["line"].tolist() == [7] and quarantine["value"].isna().all()
    assert "data after the totals row (row 6) of sheet «Événements»" in quarantine["reason"][0]


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(tmp_path):
    third = [dt.date(2025, 3, 28), "Rendez-vous des Possibles", "Rendez-vous des Possibles", "Quesnoy-sur-Deûle", 3, 15, None]
    workbook(tmp_path, {"Événements": [*events_sheet(), [], [None, "  ", None], third]})
    report, raw, _ = ingest(tmp_path)
    assert report.rows_loaded == 3
    assert raw["source_line"].tolist() == [4, 5, 8]


def test_dates_typed_as_text(tmp_path):
    rows = [
        ["04/03/2025", "Job Dating Séniors", "Job Dating", "Lambersart", 11, 111, None],  # text, dd/mm/yyyy
        [dt.datetime(2025, 3, 27, 9, 30), "Salon", "Salon", "Marquette-lez-Lille", 160, 2578, None],  # a date cell
        ["le 28 mars", "Atelier", "Autre", "Lambersart", 1, 5, None],  # no date
    ]
    workbook(tmp_path, {"Événements": events_sheet(rows)})
    report, raw, quarantine = ingest(tmp_path)
    assert [str(d)[:10] for d in raw["date_evenement"]] == ["2025-03-04", "2025-03-27"]
    failure = quarantine.iloc[0]
    assert (failure["file"], failure["line"], failure["column"], failure["rule"]) == (
        f"{FILE}#Événements", 6, "date_evenement", "type:date")


def test_an_extra_column_is_ignored_and_reported(tmp_path):
    rows = [[*row, "à relancer"] for row in EVENT_ROWS]
    workbook(tmp_path, {"Événements": events_sheet(rows, [*EVENT_HEADER, "Commentaire"])})
    report, raw, _ = ingest(tmp_path)
    assert report.ignored_columns == ["commentaire"]
    assert "commentaire" not in raw.columns and report.rows_loaded == 2


def test_sheet_names_and_labels_match_loosely(tmp_path):
    header = ["DATE EVENEMENT", "evenement", "Type  événement", "lieu ", "Exposants", "Participants", "Entretiens"]
    workbook(tmp_path, {"Bus": [["x"]], "  evenements ": events_sheet(header=header)})
    report, _, _ = ingest(tmp_path)
    assert report.rows_loaded == 2


@pytest.mark.parametrize("sheets", [{"Events 2025": events_sheet()}, {"Bus": [["Date déplacement"]]}],
                         ids=["renamed", "missing"])
def test_a_renamed_or_missing_sheet_fails_naming_the_sheets_found(tmp_path, sheets):
    workbook(tmp_path, sheets)
    found = ", ".join(f"«{name}»" for name in sheets)
    with pytest.raises(StructuralError, match=rf"mde_suivi_2025-03\.xlsx: no sheet «Événements» \(sheets found: {found}\)"):
        ingest(tmp_path)


def test_a_missing_column_fails_naming_the_sheet_and_header_row(tmp_path):
    header = [h for h in EVENT_HEADER if h != "Participants"]
    workbook(tmp_path, {"Événements": events_sheet([r[:5] + r[6:] for r in EVENT_ROWS], header)})
    with pytest.raises(StructuralError, match=r"sheet «Événements», header row 3: missing column\(s\) participants"):
        ingest(tmp_path)


def test_a_value_under_a_column_without_header_sets_its_row_aside_naming_row_and_column(tmp_path):
    # "Participants" merged over two columns, a number in one row's second: reading one would be a wrong total
    header = [*EVENT_HEADER[:5], "Participants", None, "Entretiens"]
    rows = [[*EVENT_ROWS[0][:6], 12, EVENT_ROWS[0][6]], [*EVENT_ROWS[1][:6], None, EVENT_ROWS[1][6]]]
    workbook(tmp_path, {"Événements": events_sheet(rows, header)}, {"Événements": ["F3:G3"]})
    report, raw, quarantine = ingest(tmp_path)
    assert (report.rows_loaded, report.rows_quarantined) == (1, 1) and raw["source_line"].tolist() == [5]
    assert quarantine["line"].tolist() == [4] and "a value in column G, which has no header" in quarantine["reason"][0]


def test_a_duplicate_key_is_quarantined_with_both_lines(tmp_path):
    workbook(tmp_path, {"Événements": events_sheet([*EVENT_ROWS, EVENT_ROWS[1]])})
    report, raw, quarantine = ingest(tmp_path)
    assert report.rows_loaded == 1  # the Salon twice: neither copy is trusted
    assert set(quarantine["line"]) == {5, 6}
    assert raw["evenement"].tolist() == ["Job Dating Séniors"]


def test_clause_hours_stay_exact_text_and_bad_hours_are_quarantined(tmp_path):
    header = ["Id opération", "Id personne", "Nom", "Prénom", "Code commune", "Mois", "Heures"]
    rows = [
        ["OP-1", "CL-1", "DUPONT", "Zoé", "59328", dt.date(2025, 3, 1), 151.67],
        ["OP-1", "CL-2", "MARTIN", "Léa", "59350", dt.date(2025, 3, 1), "35,5"],
        ["OP-1", "CL-3", "PETIT", "Karim", "59328", dt.date(2025, 3, 1), "7h30"],
    ]
    workbook(tmp_path, {"Clauses - heures": [["Clauses"], [], header, *rows]})
    report, raw, quarantine = ingest(tmp_path, HOURS)
    assert raw["heures"].tolist() == ["151.67", "35,5"]  # staging casts them to exact decimals
    assert "nom" not in raw.columns and not raw["id_personne"].str.startswith("CL-").any()
    assert (quarantine["line"].tolist(), quarantine["column"].tolist(), quarantine["value"].tolist()) == ([6], ["heures"], ["***"])  # not the shape of hours: masked

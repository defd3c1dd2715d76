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

from ingestion import ExtractContract, StructuralError, ingest_partition, ingest_partitions
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


# --- the association's own words (aliases of config/mde.yaml), translated at ingestion ----------
OLD_WORDS = {  # an association's own words, as its workbooks made before the neutral contracts write them
    "mde__clauses_operations": {"columns": {"Territoire MNO": "sur_le_territoire"}},
    "mde__creation_actions": {"values": {"type_action": {"MNO Talents Créa": "Concours de créateurs"}}},
    "mde__mobilite": {"values": {"type_aide": {"Rechargement PASS PASS": "Abonnement transport"}}},
}
OLD_RECORDS = {
    "mde__clauses_operations": [
        {"id_operation": "OP-1", "operation": "Groupe scolaire", "maitre_d_ouvrage": "Ville", "sur_le_territoire": "O",
         "date_debut": dt.date(2025, 3, 3)},
        {"id_operation": "OP-2", "operation": "Voirie", "maitre_d_ouvrage": None, "sur_le_territoire": "N",
         "date_debut": dt.date(2025, 3, 10), "date_fin": dt.date(2025, 3, 28)},
    ],
    "mde__creation_actions": [
        {"date_action": dt.date(2025, 3, 6), "action": "Atelier statuts", "type_action": "Atelier collectif", "participants": 8},
        {"date_action": dt.date(2025, 3, 20), "action": "Finale", "type_action": "mno talents crea ", "participants": 5},
        {"date_action": dt.date(2025, 3, 21), "action": "Remise des prix", "type_action": "MNO Talents Créa", "participants": 7},
    ],
    "mde__mobilite": [
        {"id_personne": "MO-1", "nom": "DUPONT", "prenom": "Zoé", "date_aide": dt.date(2025, 3, 3),
         "type_aide": "Rechargement PASS PASS", "code_commune": "59328", "qpv": "O"},
        {"id_personne": "MO-2", "nom": "MARTIN", "prenom": "Léa", "date_aide": dt.date(2025, 3, 4),
         "type_aide": "Carte carburant", "code_commune": "59350", "qpv": "N"},
    ],
}


def old_workbook(folder: Path, monkeypatch) -> None:
    """The sample writer's workbook, its operations sheet headed « Territoire MNO » as older workbooks are."""
    from sample_data.mde import workbook as writer

    layout = writer.LAYOUTS["mde__clauses_operations"]
    relabelled = [("Territoire MNO" if field == "sur_le_territoire" else label, field) for label, field in layout.columns]
    monkeypatch.setattr(layout, "columns", relabelled)
    writer.write_workbook(folder / FILE, 2025, 3, OLD_RECORDS)


def ingest_with(folder: Path, name: str, aliases=None):
    from ingestion import Aliases

    contract = ExtractContract(getattr(mde, name))
    warehouse = Warehouse(f"duckdb:///{folder / 'w.duckdb'}")
    [report] = ingest_partitions(contract, warehouse, folder, [KEY], "k",
                                 aliases=Aliases.for_contract(contract, aliases or {}))
    raw = warehouse.read_sql(f'select * from "{contract.table}" order by source_line')
    quarantine = warehouse.read_sql(f"select * from quarantine where source = '{name}' order by line, \"column\"")
    warehouse.dispose()
    return report, raw, quarantine


def test_the_associations_old_words_load_with_the_neutral_ones_when_configured(tmp_path, monkeypatch):
    old_workbook(tmp_path, monkeypatch)
    report, raw, quarantine = ingest_with(tmp_path, "mde__clauses_operations", OLD_WORDS)
    assert report.rows_loaded == 2 and quarantine.empty
    assert raw["sur_le_territoire"].tolist() == ["O", "N"] and "territoire_mno" not in report.ignored_columns
    report, raw, quarantine = ingest_with(tmp_path, "mde__creation_actions", OLD_WORDS)
    assert report.rows_loaded == 3 and quarantine.empty
    assert raw["type_action"].tolist() == ["Atelier collectif", "Concours de créateurs", "Concours de créateurs"]
    report, raw, quarantine = ingest_with(tmp_path, "mde__mobilite", OLD_WORDS)
    assert report.rows_loaded == 2 and quarantine.empty
    assert raw["type_aide"].tolist() == ["Abonnement transport", "Carte carburant"]


def test_without_aliases_the_old_header_is_refused_and_the_old_values_are_quarantined_by_name(tmp_path, monkeypatch):
    old_workbook(tmp_path, monkeypatch)
    with pytest.raises(StructuralError, match=r"sheet «Clauses - opérations», header row 3: missing column\(s\) sur_le_territoire"):
        ingest_with(tmp_path, "mde__clauses_operations")
    report, raw, quarantine = ingest_with(tmp_path, "mde__creation_actions")
    assert report.rows_loaded == 1 and raw["type_action"].tolist() == ["Atelier collectif"]
    assert quarantine["column"].tolist() == ["type_action"] * 2 and quarantine["rule"].str.startswith("isin").all()
    assert quarantine["line"].tolist() == [5, 6]
    report, raw, quarantine = ingest_with(tmp_path, "mde__mobilite")
    assert report.rows_loaded == 1 and quarantine["column"].tolist() == ["type_aide"] and quarantine["line"].tolist() == [4]


def test_an_alias_naming_no_column_of_the_contract_is_a_configuration_error():
    from ingestion import Aliases

    with pytest.raises(ValueError, match=r"mde__mobilite.*type_aides"):
        Aliases.for_contract(ExtractContract(mde.mde__mobilite), {"mde__mobilite": {"values": {"type_aides": {"a": "b"}}}})
    with pytest.raises(ValueError, match=r"mde__clauses_operations.*territoire"):
        Aliases.for_contract(ExtractContract(mde.mde__clauses_operations),
                             {"mde__clauses_operations": {"columns": {"Territoire MNO": "territoire"}}})


def test_the_shipped_settings_read_the_old_workbooks_and_a_wrong_alias_fails_loading_them(tmp_path, monkeypatch):
    from pipelines.mde import MdeConfig

    old_workbook(tmp_path, monkeypatch)
    shipped = MdeConfig.load().aliases  # config/mde.yaml
    for name, column, neutral in [("mde__clauses_operations", "sur_le_territoire", {"O", "N"}),
                                  ("mde__creation_actions", "type_action", {"Atelier collectif", "Concours de créateurs"}),
                                  ("mde__mobilite", "type_aide", {"Abonnement transport", "Carte carburant"})]:
        report, raw, quarantine = ingest_with(tmp_path, name, shipped)
        assert quarantine.empty and set(raw[column]) == neutral
    from pipelines.mde import DEFAULT_FILE

    text = DEFAULT_FILE.read_text(encoding="utf-8")
    (tmp_path / "mde.yaml").write_text(text.replace("mde__mobilite:", "mde__mobilites:"), encoding="utf-8")
    with pytest.raises(ValueError, match="aliases of unknown extract.*mde__mobilites"):
        MdeConfig.load(tmp_path / "mde.yaml")

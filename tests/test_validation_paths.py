"""Validation in the warehouse (DuckDB SQL generated from the pandera contract,
`ingestion.sql_validation`) and validation by pandas give the same warehouse: the same raw rows
(types, pseudonyms), the same quarantine rows (file, line, column, rule, reason, masked value) and
the same reports, for several contracts, on files full of traps: bad dates, bad numbers, values
outside the lists, empty required cells, padded cells, duplicate keys, dates after the export's month,
personal columns failing, end before start, blank lines and rows with a stray separator."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import ingestion.sql_validation as sql_validation
from ingestion import ExtractContract, ingest_partitions
from ingestion.plausibility import PlausibilityRules
from ingestion.reading import detect_format
from schemas.ml import ml__aides, ml__evenements
from schemas.plie import plie__accompagnement_social, plie__etapes, plie__participants
from schemas.territory import france_travail__defm
from warehouse import Warehouse

MARCH = "2025-03"
RULES = PlausibilityRules(ages={"plie": [16, 70], "ml": [14, 30]})  # a birth date typed in 2025: age_out_of_range


def defm(i: int) -> dict:
    return {"date": "30/09/2025", "code_commune": f"{75000 + i:05d}", "commune": f"Commune {i}", "categorie": "ABC"[i % 3],
            "sexe": ["Hommes", "Femmes"][i % 2], "tranche_d_age": "25 à 49 ans", "anciennete": "Un an ou plus",
            "nombre_de_demandeurs_d_emploi": str(i % 50)}


def participant(i: int) -> dict:
    return {"id_participant": f"P{i}", "nom": "Martin", "prenom": "Zoé", "telephone": "0601020304", "email": "z@m.fr",
            "date_naissance": "12/05/1990", "sexe": "HF"[i % 2], "code_commune": "59328", "qpv": "O",
            "niveau_formation": str(1 + i % 8), "rsa": "N", "th": "", "public_prioritaire": "RSA",
            "prescripteur": "France Travail", "date_entree": f"{1 + i % 28:02d}/03/2025", "operateur": "Structure"}


def step(i: int) -> dict:
    return {"id_etape": f"E{i}", "id_participant": f"P{i % 9}", "type_etape": "Emploi", "sous_type": "CDI",
            "formation_qualifiante": "N", "date_debut": f"{1 + i % 20:02d}/03/2025", "date_fin": "28/03/2025"}


def social_action(i: int) -> dict:
    return {"id_action": f"S{i}", "id_participant": f"P{i % 9}", "date_action": f"{1 + i % 28:02d}/03/2025",
            "type_action": "Individuel", "intitule": "Budget", "heures": f"{i % 5},5"}


def event(i: int) -> dict:
    return {"id_evenement": f"V{i}", "id_jeune": f"J{i % 11}", "date_evenement": f"{1 + i % 28:02d}/03/2025",
            "type_evenement": "Entretien individuel", "mode": "Présentiel", "id_session": "" if i % 3 else f"S{i}",
            "id_conseiller": f"C{i % 4}", "commentaire": "Rendez-vous"}


def allowance(i: int) -> dict:
    return {"id_aide": f"A{i}", "id_jeune": f"J{i % 7}", "type_aide": "FAJ", "date_decision": f"{1 + i % 28:02d}/03/2025",
            "decision": "Accordée", "objet": "Repas", "montant": f"{i},{i % 100:02d}"}


SOURCES = {  # contract, partition, a good row
    "defm": (france_travail__defm, "2025-09", defm),
    "plie__participants": (plie__participants, MARCH, participant),
    "plie__etapes": (plie__etapes, MARCH, step),
    "plie__accompagnement_social": (plie__accompagnement_social, MARCH, social_action),
    "ml__evenements": (ml__evenements, MARCH, event),
    "ml__aides": (ml__aides, MARCH, allowance),
}

TRAPS = {  # cells each column of a kind gets, one row each, besides an empty and a blank cell
    "str": ["Pas dans la liste", "7505", "2A004", "\u00a0padded\u3000", "06 01 02 03 04"],
    "date": ["14/07/1980", "0601020304", "31/02/2025", "2025-03-05", "2025-03-05 00:00:00", "2025-03-05 garbage", " 05/03/2025 ", "5/3/2025",
             "05-03-2025", "01/01/3025", "00/03/2025", "15/09/2025", "30/09/2025", "01/01/1677", "x"],
    "int": ["0601020304", "1,0", "1,5", "abc", "1e3", "-3", " 12 ", "1 000", "1\u00a0000", "nan", "inf", "+5", "00012", "9", "0", "-0"],
    "float": ["-1,5", "x", "1e400", "-inf", "inf", "2,25", "-0", "1e-400", "-1e-05", ".5", "5.", "NaN", "-1234567,125"],
    "decimal": ["12,345", "-12,00", "1 234,50", "+007,5", "-007,5", "5.", "abc", "0,1", "-0,00", "-3"],
}


def trap_rows(contract: ExtractContract, good) -> list[dict]:
    rows, n = [], 0
    for column in contract.required_columns:
        allowed = next((c.statistics["allowed_values"] for c in contract._spec(column).checks if c.name == "isin"), None)
        cells = ["", "   ", *TRAPS[contract.kind_of(column)], *([f"  {allowed[-1]} "] if allowed else [])]
        for cell in cells:
            row = good(n)
            row[column] = cell
            rows.append(row)
            n += 1
    rows += [good(n + i) for i in range(10)]
    rows.append(dict(rows[-1]))  # a duplicate key
    rows.append({**rows[-3], **{c: "" for c in contract.required_columns if contract.personal(c)}})  # personal cells empty
    return rows


VARIANTS = {  # encoding, separator, newline, final newline
    "utf-8 BOM, ;, CRLF": ("utf-8-sig", ";", "\r\n", True),
    "cp1252, tabs, no final newline": ("cp1252", "\t", "\n", False),
}


def write(path, contract: ExtractContract, good, variant: str, rows: list[dict] | None = None) -> None:
    encoding, separator, newline, final = VARIANTS[variant]
    header = contract.required_columns
    lines = [separator.join(header)] + [separator.join(row[c] for c in header) for row in rows or trap_rows(contract, good)]
    lines.insert(4, "")  # a blank line
    if rows is None:
        lines.insert(7, "  ")  # a line of spaces
    lines.insert(9, separator.join([*good(900).values(), "extra"]))  # a stray separator
    lines.insert(12, separator.join(list(good(901).values())[:-1]))  # a field short
    path.parent.mkdir(parents=True, exist_ok=True)
    text = newline.join(lines) + (newline if final else "")
    path.write_bytes((text.replace("\u3000", "\u00a0") if encoding == "cp1252" else text).encode(encoding))


def ingest(folder, source: str, variant: str, monkeypatch, in_warehouse: bool, rows: list[dict] | None = None):
    schema, partition, good = SOURCES[source]
    contract = ExtractContract(schema)
    write(contract.path_for(folder, partition), contract, good, variant, rows)
    taken = []
    split = sql_validation.split
    monkeypatch.setattr(sql_validation, "split", lambda *args: taken.append(split(*args)) or taken[-1])
    monkeypatch.setattr(sql_validation, "MIN_BYTES", 0)  # small files: the SQL path only when asked
    if not in_warehouse:
        monkeypatch.setattr(sql_validation, "translatable", lambda contract: False)
    warehouse = Warehouse(f"duckdb:///{folder / 'w.duckdb'}")
    [report] = ingest_partitions(contract, warehouse, folder, [partition], "a key", rules=RULES)
    raw = warehouse.read_sql(f'select * from "{contract.table}" order by source_line')
    quarantine = warehouse.read_sql('select * from quarantine order by line, "column", rule')
    types = warehouse.column_types(contract.table)
    warehouse.dispose()
    monkeypatch.undo()
    assert taken == ([True] if in_warehouse else [])
    return raw, quarantine, types, report


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("source", list(SOURCES))
def test_sql_and_pandas_validation_give_the_same_warehouse(tmp_path, monkeypatch, source, variant):
    raw_sql, quarantine_sql, types_sql, report_sql = ingest(tmp_path / "sql", source, variant, monkeypatch, True)
    raw_pandas, quarantine_pandas, types_pandas, report_pandas = ingest(tmp_path / "pandas", source, variant, monkeypatch, False)
    pd.testing.assert_frame_equal(raw_sql, raw_pandas)
    pd.testing.assert_frame_equal(quarantine_sql, quarantine_pandas)
    assert types_sql == types_pandas
    assert dataclasses.asdict(report_sql) == dataclasses.asdict(report_pandas)
    rules = set(quarantine_sql["rule"])
    assert {"malformed_row", "duplicate_key", "not_nullable"} <= rules
    assert any(r.startswith("type:") for r in rules) and any(r.startswith(("isin", "str_matches")) for r in rules)
    assert len(raw_sql) >= 10
    personal = [c for c in raw_sql.columns if ExtractContract(SOURCES[source][0]).personal(c)]
    assert set(quarantine_sql.loc[quarantine_sql["column"].isin(personal), "value"]) <= {"***"}
    contract = ExtractContract(SOURCES[source][0])
    if any(contract.text_kind(c) in ("id", "label") for c in contract.required_columns):  # a phone typed in an id
        assert "personal_value_in_text" in rules
    if contract.schema.metadata.get("age"):
        assert "age_out_of_range" in rules
    # a phone, a birth date, a word: masked in any column, by value; a count or a near date shown
    values = set(quarantine_sql["value"].dropna())
    assert not values & {"06 01 02 03 04", "0601020304", "601020304", "14/07/1980", "1980-07-14 00:00:00", "Pas dans la liste"}
    assert values - {"***"}


def test_small_files_go_to_pandas(tmp_path, monkeypatch):
    """A year's run reads hundreds of small monthly files: pandas validates them in one batch."""
    contract = ExtractContract(ml__aides)
    write(contract.path_for(tmp_path, MARCH), contract, allowance, "utf-8 BOM, ;, CRLF")
    monkeypatch.setattr(sql_validation, "split", lambda *args: pytest.fail("the SQL path took a small file"))
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    assert ingest_partitions(contract, warehouse, tmp_path, [MARCH], "k")[0].rows_loaded > 10
    warehouse.dispose()


def test_a_file_the_sql_path_cannot_reproduce_goes_to_pandas(tmp_path, monkeypatch):
    """An amount beyond its column's precision (pandera's coercion failure) and Windows-1252 bytes
    DuckDB refuses (€): the pandas path validates the file, and the tables are those of pandas."""
    for folder, cell in [("huge", "123456789012345"), ("euro", "5 €")]:
        contract = ExtractContract(ml__aides)
        path = contract.path_for(tmp_path / folder, MARCH)
        rows = [allowance(i) for i in range(5)]
        rows[2]["montant"] = cell
        path.parent.mkdir(parents=True)
        path.write_bytes("\n".join(";".join(r.values()) for r in [{c: c for c in rows[0]}, *rows]).encode("cp1252"))
        taken = []
        split = sql_validation.split
        monkeypatch.setattr(sql_validation, "split", lambda *args: taken.append(split(*args)) or taken[-1])
        monkeypatch.setattr(sql_validation, "MIN_BYTES", 0)
        warehouse = Warehouse(f"duckdb:///{tmp_path / folder / 'w.duckdb'}")
        [report] = ingest_partitions(contract, warehouse, tmp_path / folder, [MARCH], "k")
        warehouse.dispose()
        monkeypatch.undo()
        assert taken == [False] and report.rows_loaded == 4 and report.rows_quarantined == 1


@pytest.mark.parametrize("source", ["defm", "plie__participants", "ml__evenements", "ml__aides"])
def test_files_without_padded_cells_are_not_stripped_and_give_the_same_warehouse(tmp_path, monkeypatch, source):
    """No cell starts or ends with white space (national extracts): the SQL strips none."""
    schema, partition, good = SOURCES[source]
    contract = ExtractContract(schema)
    rows = [good(i) for i in range(30)]
    rows[3] = dict(rows[2])  # a duplicate key
    rows[5][contract.date_column] = "15/06/2027"  # after the export's month (an age the source can have)
    raw_sql, quarantine_sql, types_sql, report_sql = ingest(tmp_path / "sql", source, "utf-8 BOM, ;, CRLF", monkeypatch, True, rows)
    raw_pandas, quarantine_pandas, types_pandas, report_pandas = ingest(tmp_path / "pandas", source, "utf-8 BOM, ;, CRLF",
                                                                        monkeypatch, False, rows)
    path = contract.path_for(tmp_path / "sql", partition)
    assert not sql_validation.edge_spaces(path, detect_format(path))
    pd.testing.assert_frame_equal(raw_sql, raw_pandas)
    pd.testing.assert_frame_equal(quarantine_sql, quarantine_pandas)
    assert types_sql == types_pandas and dataclasses.asdict(report_sql) == dataclasses.asdict(report_pandas)
    assert set(quarantine_sql["rule"]) == {"malformed_row", "duplicate_key", "date_after_export"}


def test_when_duckdb_does_not_read_the_lines_the_index_says_pandas_takes_the_file(tmp_path, monkeypatch):
    """Each row's line is its rank among the lines DuckDB reads, checked against the line index's
    lengths: a disagreement (here, a length the index gets wrong) sends the file to pandas."""
    import ingestion.reading as reading

    layout = reading.plain_layout

    def wrong(*args):
        found = layout(*args)
        return dataclasses.replace(found, lengths=found.lengths + (np.arange(len(found.lengths)) == 5))

    contract = ExtractContract(ml__aides)
    write(contract.path_for(tmp_path, MARCH), contract, allowance, "utf-8 BOM, ;, CRLF")
    taken = []
    split = sql_validation.split
    monkeypatch.setattr(sql_validation, "split", lambda *args: taken.append(split(*args)) or taken[-1])
    monkeypatch.setattr(sql_validation, "MIN_BYTES", 0)
    monkeypatch.setattr(reading, "plain_layout", wrong)
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    [report] = ingest_partitions(contract, warehouse, tmp_path, [MARCH], "k")
    warehouse.dispose()
    assert taken == [False] and report.rows_loaded > 10


def test_files_of_one_load_split_between_the_paths_give_the_same_warehouse(tmp_path, monkeypatch):
    """A backfill: a large file (SQL) and a small one (pandas) in one load, keys checked across both."""
    contract = ExtractContract(ml__aides)
    tables = []
    for folder, threshold in [("mixed", 2000), ("pandas", 10**9)]:
        write(contract.path_for(tmp_path / folder, MARCH), contract, allowance, "utf-8 BOM, ;, CRLF")
        write(contract.path_for(tmp_path / folder, "2025-04"), contract, allowance, "cp1252, tabs, no final newline",
              [allowance(i) for i in range(5)])
        taken = []
        split = sql_validation.split
        monkeypatch.setattr(sql_validation, "split", lambda *args: taken.append(split(*args)) or taken[-1])
        monkeypatch.setattr(sql_validation, "MIN_BYTES", threshold)
        warehouse = Warehouse(f"duckdb:///{tmp_path / folder / 'w.duckdb'}")
        reports = ingest_partitions(contract, warehouse, tmp_path / folder, [MARCH, "2025-04"], "k")
        tables.append((warehouse.read_sql(f'select * from "{contract.table}" order by partition_key, source_line'),
                       warehouse.read_sql('select * from quarantine order by partition_key, line, "column", rule'),
                       [dataclasses.asdict(r) for r in reports]))
        warehouse.dispose()
        monkeypatch.undo()
        assert taken == ([True] if folder == "mixed" else [])
    (raw, quarantine, reports), (raw_pandas, quarantine_pandas, reports_pandas) = tables
    pd.testing.assert_frame_equal(raw, raw_pandas)
    pd.testing.assert_frame_equal(quarantine, quarantine_pandas)
    assert reports == reports_pandas


def test_files_in_the_associations_own_words_go_to_pandas_and_load_as_the_neutral_ones(tmp_path, monkeypatch):
    """Aliases (config/mde.yaml `aliases:`): a header label and values of the association's own,
    translated before validation. The SQL path does not translate: such files go to pandas, and the
    warehouse equals the one the SQL path gives for the same file in the contract's words."""
    from ingestion import Aliases
    from schemas.ml_actions import ml__prospection

    contract = ExtractContract(ml__prospection)
    aliases = Aliases.for_contract(contract, {"ml__prospection": {"columns": {"Structure d'origine": "structure"},
                                                                  "values": {"structure": {"ALPES": "Association"}}}})
    tables = []
    for folder, label, word in [("own", "Structure d'origine", " alpes"), ("neutral", "structure", "Association")]:
        path = contract.path_for(tmp_path / folder, MARCH)
        path.parent.mkdir(parents=True)
        rows = [f"OP-{i};{5 + i % 20:02d}/03/2025;Professionnel;PRO-{i};{word if i % 3 else 'APEC'};" for i in range(40)]
        rows += ["OP-99;06/03/2025;Professionnel;PRO-99;Pas dans la liste;"]
        header = f"id_operation;date_operation;type_contact;id_contact;{label};besoins_recueillis"
        path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        taken = []
        split = sql_validation.split
        monkeypatch.setattr(sql_validation, "split", lambda *args: taken.append(split(*args)) or taken[-1])
        monkeypatch.setattr(sql_validation, "MIN_BYTES", 0)
        warehouse = Warehouse(f"duckdb:///{tmp_path / folder / 'w.duckdb'}")
        [report] = ingest_partitions(contract, warehouse, tmp_path / folder, [MARCH], "k",
                                     aliases=aliases if folder == "own" else None)
        tables.append((warehouse.read_sql(f'select * from "{contract.table}" order by source_line'),
                       warehouse.read_sql('select * from quarantine order by line, "column", rule'), report.rows_loaded))
        warehouse.dispose()
        monkeypatch.undo()
        assert taken == ([] if folder == "own" else [True])
    (raw, quarantine, loaded), (raw_neutral, quarantine_neutral, loaded_neutral) = tables
    assert loaded == loaded_neutral == 40 and set(raw["structure"]) == {"Association", "APEC"}
    pd.testing.assert_frame_equal(raw, raw_neutral)
    pd.testing.assert_frame_equal(quarantine, quarantine_neutral)

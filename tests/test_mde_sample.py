"""The 2025 MDE and communication sample through the whole pipeline, on DuckDB and on
PostgreSQL: every mde.* and communication.* figure of the published report
(tests/fixtures/figures-2025.csv) matches the indicators export, nothing of the sample is set
aside, every year of the history has its figures, the generator writes the same bytes on every
run and never a duplicate key within a file, and the report has both sections."""
from __future__ import annotations

import hashlib
import re

import pandas as pd
import pytest

from catalogue import catalogue, export_values, matches
from report_text import without_indicator_spans
from ingestion import ExtractContract
from ingestion.reading import iter_chunks, read_header
from ingestion.workbook import sheet_of
from schemas import mde
from warehouse import Warehouse


@pytest.fixture(scope="module")
def export(year_2025) -> dict[str, Decimal]:
    return export_values(year_2025.output_dir / "2025" / "indicators.csv")


@pytest.mark.parametrize("prefix, count", [("mde.", 84), ("communication.", 12)])
def test_figures_match_the_published_report(export, prefix, count):
    rows = catalogue(prefix)
    assert len(rows) == count
    wrong = [
        f"{row['id']}: expected {row['value']} ({row['match']}), got {export.get(row['id'])}"
        for row in rows
        if export.get(row["id"]) is None or not matches(row["value"], export[row["id"]], row["match"])
    ]
    assert wrong == []


def test_nothing_set_aside_in_the_sample(year_2025):
    warehouse = Warehouse(year_2025.warehouse_url)
    assert warehouse.row_count("quarantine", "source like 'mde%' or source like 'communication%'") == 0
    assert warehouse.row_count("qa_mde__clause_hours_unknown_operation") == 0


def test_every_year_of_the_sample_has_its_figures(year_2025):
    warehouse = Warehouse(year_2025.warehouse_url)
    years = warehouse.read_sql("select distinct report_year from indicators where domain in ('mde', 'communication') order by 1")
    assert years["report_year"].tolist() == list(range(2019, 2026))
    months = warehouse.read_sql("select count(distinct month) as n from ind_mde__monthly_ytd")
    assert months["n"].iloc[0] == 7 * 12


def test_sample_files_have_no_duplicate_key_and_the_same_bytes(sample_extracts, tmp_path):
    from sample_data.mde import write_mde_extracts

    for schema in mde.CONTRACTS:
        contract = ExtractContract(schema)
        for path in sorted(sample_extracts.glob(contract.file_pattern.replace("{year}", "*").replace("{partition}", "2025-*"))):
            sheet = sheet_of(contract) if path.suffix == ".xlsx" else None
            columns = [c for c in contract.required_columns if c in read_header(path, None, sheet)]
            frame = pd.concat([chunk.frame for chunk in iter_chunks(path, columns, sheet=sheet)] or [pd.DataFrame(columns=columns)])
            assert not frame.duplicated(contract.key).any(), f"{path.name} {contract.name}"
    written = write_mde_extracts(tmp_path, first_year=2025, last_year=2025)
    for path in written[:8]:
        original = sample_extracts / path.relative_to(tmp_path)
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(original.read_bytes()).digest(), path.name


def test_mde_and_communication_sections_are_in_the_report(year_2025):
    folder = year_2025.output_dir / "2025"
    html = without_indicator_spans((folder / "rapport-activite-2025.html").read_text(encoding="utf-8"))
    assert "<h2>La Maison de l’Emploi" in html and "<h2>Communication</h2>" in html
    assert "<b>1\u202f803</b> utilisations des services de la Cyber-base Emploi par <b>797</b> usagers" in html
    assert "<th scope=\"row\">Lambersart</th><td class=\"num\">1\u202f377</td><td class=\"num\">502</td>" in html
    # the dated list of the events organised, as published: date, event, commune, exhibitors, participants, interviews
    assert ("<td class=\"date\">27\u00a0février</td><th scope=\"row\">Décroche ton Job ou ta Formation «\u00a0IAE\u00a0»</th>"
            "<td>Lambersart</td><td class=\"num\">10</td><td class=\"num\">54</td><td class=\"num\">105</td>") in html
    assert html.count("<tr><td class=\"date\">") == 10
    # the partners' events by quarter (24), the networks and the reception sites by name
    quarters = re.findall(r"<h4>(\d\S* trimestre 2025)</h4>", html)
    assert quarters == ["1er trimestre 2025", "2e trimestre 2025", "3e trimestre 2025", "4e trimestre 2025"]
    assert html.count('<li><span class="date">') == 24
    assert "<th scope=\"row\">LinkedIn</th><td class=\"num\">11\u202f577</td>" in html and "Réseau 1" not in html
    assert all(f"<li><b>{site}</b>" in html for site in ("Lambersart", "Marcq-en-Barœul", "La Madeleine"))
    assert "84 / 112" not in html and "196 (112 / 84)" in html  # the published report's typo is not copied
    assert "<b>25,7</b>&nbsp;ETP" in html
    assert "<b>36\u202f454</b> visites" in html
    assert html.count("data:image/png;base64,") >= 6  # + events by type, SIAE by type, Cyber-base by site
    dashboard = (folder / "tableau-de-bord-mensuel-2025.html").read_text(encoding="utf-8")
    assert "Usagers distincts de la Cyber-base" in dashboard and "Visites du site web" in dashboard

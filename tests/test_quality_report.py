"""Extracts with injected errors show up in the data-quality report (file, line, rule, masked value)
and in `dq_check_history`, on DuckDB and PostgreSQL; no personal value reaches the report, the
history, the check metadata or the run's logs."""
from __future__ import annotations

import re

import csv
import io
import json
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from conftest import make_settings
from pipelines.definitions import build_definitions
from quality import history
from warehouse import Warehouse

RANGE = {"dagster/asset_partition_range_start": "2025-02", "dagster/asset_partition_range_end": "2025-03"}
DEFM_HEADER = ["date", "code_commune", "commune", "categorie", "sexe", "tranche_d_age", "anciennete", "nombre_de_demandeurs_d_emploi"]
DEFM_GOOD = ["31/03/2025", "59328", "Croix", "A", "Femmes", "25 à 49 ans", "Moins d'un an", "151"]
PLIE_HEADER = ["id_participant", "nom", "prenom", "telephone", "email", "date_naissance", "sexe", "code_commune", "qpv",
               "niveau_formation", "rsa", "th", "public_prioritaire", "prescripteur", "date_entree", "operateur"]
PLIE_GOOD = ["PL-000001", "MARTIN", "Léa", "06 00 00 00 01", "lea.martin@example.com", "03/04/1967", "F", "59482", "N",
             "3", "O", "N", "RSA", "Département", "03/03/2025", "MDE MNO"]
# Personal values that must never leave ingestion in clear.
SECRET_NAME, SECRET_BIRTH, SECRET_MAIL = "DUPONTSECRET", "31/02/1980", "secret.dupont@example.com"


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode("cp1252"))


@pytest.fixture
def bad_extracts(tmp_path) -> Path:
    folder = tmp_path / "extracts"
    february = [["28/02/2025", *DEFM_GOOD[1:]]]
    march = [
        DEFM_GOOD,
        ["31/03/2025", "5932", "Croix", "A", "Femmes", "25 à 49 ans", "Moins d'un an", "12"],  # line 3: commune code
        ["31/03/2025", "59328", "Croix", "Z", "Femmes", "25 à 49 ans", "Moins d'un an", "-4"],  # line 4: category, count
    ]
    _write(folder / "france_travail" / "defm_communes_2025-02.csv", DEFM_HEADER, february)
    _write(folder / "france_travail" / "defm_communes_2025-03.csv", DEFM_HEADER, march)
    bad_person = list(PLIE_GOOD)
    bad_person[0:6] = ["PL-000002", SECRET_NAME, "Jean", "06 00 00 00 02", SECRET_MAIL, SECRET_BIRTH]
    bad_person[6] = "X"  # sexe
    elsewhere = ["PL-000003", *PLIE_GOOD[1:7], "99999", *PLIE_GOOD[8:]]  # line 4: no commune of the territory
    _write(folder / "plie" / "2025" / "plie_participants_2025-03.csv", PLIE_HEADER, [PLIE_GOOD, bad_person, elsewhere])
    return folder


def test_injected_errors_reach_the_report_and_the_history(tmp_path, warehouse_url, bad_extracts):
    settings = make_settings(tmp_path, warehouse_url, bad_extracts)
    defs = build_definitions(settings)
    assets, resources = list(defs.assets), defs.resources
    instance = dg.DagsterInstance.ephemeral()
    runs = [
        dg.materialize(assets, selection=[dg.AssetKey("raw_france_travail")], tags=RANGE, resources=resources, instance=instance),
        dg.materialize(assets, selection=[dg.AssetKey("raw_plie")], partition_key="2025-03", resources=resources, instance=instance),
        dg.materialize(assets, selection=[dg.AssetKey("data_quality_report")], resources=resources, instance=instance),
    ]

    html = (settings.output_dir / "qualite" / "rapport-qualite.html").read_text(encoding="utf-8")
    # Each failure with its file, line, column and rule.
    assert _row(html, "france_travail/defm_communes_2025-03.csv", 3, "code_commune", "str_matches(") in html
    assert _row(html, "france_travail/defm_communes_2025-03.csv", 4, "categorie", "isin(") in html
    assert _row(html, "france_travail/defm_communes_2025-03.csv", 4, "nombre_de_demandeurs_d_emploi", "greater_than_or_equal_to(") in html
    assert _row(html, "plie/2025/plie_participants_2025-03.csv", 3, "date_naissance", "type:date") in html
    assert _row(html, "plie/2025/plie_participants_2025-03.csv", 3, "sexe", "isin(") in html
    assert _row(html, "plie/2025/plie_participants_2025-03.csv", 4, "code_commune", "commune_in_territory") in html
    assert "la commune est l&#39;une de celles du territoire servi" in html  # refused by the contract, file and line
    assert "<code>***</code>" in html  # the birth date, masked
    # The trend: March has 2 quarantined lines in each source; February, without any, is collapsed to one line.
    assert '<tr><td>2025-03</td><td class="num bad">2</td><td class="num bad">2</td></tr>' in html
    assert '2025-02 sans anomalie</td></tr>' in html
    assert "La table <code>indicators</code> n'existe pas encore" in html
    # Rules in French words beside their codes; times in Paris time.
    assert "la valeur est un code commune INSEE (5 caractères" in html and "la valeur est parmi : H, F" in html
    assert "la valeur est supérieure ou égale à 0" in html and "heure de Paris" in html and "UTC" not in html
    # A month whose export never arrived is a problem like the others: since when, which months, what to do.
    missing = _problem(html, "raw_france_travail__defm : export mensuel jamais reçu")
    assert "Manquant depuis le mois 2025-01" in missing and "2025-04" in missing and "2025-02" not in missing.split("(")[1]
    assert "france_travail/defm_communes_2025-01.csv" in missing and "Que faire" in missing

    frame = history.read(Warehouse(warehouse_url)).sort_values(["asset", "partition"])
    contract = frame[frame["check_name"] == "contract"]
    assert [(a, p, bool(ok), int(n)) for a, p, ok, n in contract[["asset", "partition", "passed", "failing_rows"]].itertuples(index=False)] == [
        ("raw_france_travail__defm", "2025-02", True, 0),
        ("raw_france_travail__defm", "2025-03", False, 2),
        ("raw_plie__participants", "2025-03", False, 2),
    ]
    assert json.loads(contract.iloc[2]["details"]) == {"isin(['H', 'F'])": 1, "type:date": 1, "commune_in_territory": 1}

    # No personal value anywhere: report, history, event metadata, logs.
    everything = [html, frame.to_csv()]
    for run in runs:
        everything += [str(e.event_specific_data) for e in run.all_events]
        everything += [record.user_message for record in instance.all_logs(run.run_id)]
    for secret in (SECRET_NAME, SECRET_BIRTH, SECRET_MAIL):
        assert not any(secret in text for text in everything), secret


def test_report_lists_failing_indicator_rules_with_data_docs(tmp_path):
    url = f"duckdb:///{tmp_path / 'w.duckdb'}"
    rows = [
        {"report_year": 2025, "indicator_id": "plie.entrees.total", "period": "2025", "value": 10.0, "unit": "count", "domain": "plie"},
        {"report_year": 2025, "indicator_id": "plie.entrees.hommes", "period": "2025", "value": 4.0, "unit": "count", "domain": "plie"},
        {"report_year": 2025, "indicator_id": "plie.entrees.femmes", "period": "2025", "value": 5.0, "unit": "count", "domain": "plie"},
        {"report_year": 2025, "indicator_id": "plie.entrees.qpv.part_pct", "period": "2025", "value": -3.0, "unit": "pct", "domain": "plie"},
    ]
    Warehouse(url).replace_table("indicators", pd.DataFrame(rows))
    settings = make_settings(tmp_path, url, tmp_path / "extracts")
    defs = build_definitions(settings)
    dg.materialize(list(defs.assets), selection=[dg.AssetKey("data_quality_report")], resources=defs.resources)

    folder = settings.output_dir / "qualite"
    html = (folder / "rapport-qualite.html").read_text(encoding="utf-8")
    assert "<code>plie_entrees_sexe</code>" in html and "<td>plie.entrees.total</td><td>2025</td><td>10.0</td><td>9.0</td>" in html
    assert "<td>plie.entrees.qpv.part_pct</td><td>2025</td><td>-3.0</td>" in html
    assert '<a href="gx-data-docs/index.html">' in html
    docs = folder / "gx-data-docs"
    assert (docs / "index.html").exists()
    assert {p.name for p in (docs / "validations" / "indicators").iterdir()} == {"pct_in_range", "parts_sum_to_totals", "year_over_year"}
    for page in docs.rglob("*.html"):  # Data Docs open offline: no script, stylesheet or image from the network
        assert not re.search(r'<(script|img)[^>]*src="https?://|<link[^>]*href="https?://', page.read_text(encoding="utf-8")), page
        assert "<script" not in page.read_text(encoding="utf-8") and 'class="fas' not in page.read_text(encoding="utf-8"), page
    # the index's tables, which GX fills with a script from the network, are written in the page: a row per
    # validation, its status in a character and a word, linking to the validation's page
    index = (docs / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td>(.*?)</td><td><a href=\"(validations/[^\"]+)\">", index, re.S)
    assert len(rows) == 3 and all((docs / link).exists() for _, link in rows)
    assert sorted(" ".join(status.split()).rsplit(" ", 1)[-1] for status, _ in rows) == ["Failed", "Failed", "Success"]
    assert "✖" in index and "✔" in index


def _problem(html: str, title: str) -> str:
    """The text of one problem of « Problèmes à traiter », from its title to the next problem."""
    start = html.index(title)
    return html[start:html.index('<div class="problem', start) if '<div class="problem' in html[start:] else len(html)]


def _row(html: str, file: str, line: int, column: str, rule_start: str) -> str:
    """The start of the report's table row for one failure (through the start of its rule)."""
    prefix = f"<td><code>{file}</code></td><td class=\"num\">{line}</td><td><code>{column}</code></td><td><code>{_escape(rule_start)}"
    return prefix if prefix in html else f"(no row for {file}:{line} {column} {rule_start})"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")

"""A run on the sample extracts spoiled the way real deliveries go wrong, through the whole pipeline:
every output must say that its data are incomplete, and what is missing or set aside.

Faults planted (in a copy of the 2025 sample extracts):
- two bad rows in the PLIE participants file of 2025-03: one row exported twice (a duplicate key,
  both lines set aside) and one entry dated 2099 inside the March file;
- the France Travail job seekers file of 2025-06 delivered with its header only (an empty month
  where the previous ones were not: flagged);
- La Madeleine's 2023 population typed as 9 999 999 (implausible against the previous vintage);
- no PLIE exit file at all for 2025 (a thin year): the report still renders.
"""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from conftest import make_settings, warehouse_for
from pipelines.run import materialize_year, summary
from warehouse import Warehouse

PARTICIPANTS = "plie/2025/plie_participants_2025-03.csv"
DEFM = "france_travail/defm_communes_2025-06.csv"
POPULATION = "insee/populations_legales_communes_2023.csv"


def _lines(path) -> list[str]:
    return path.read_bytes().decode("cp1252").split("\r\n")


def _write(path, lines: list[str]) -> None:
    path.write_bytes("\r\n".join(lines).encode("cp1252"))


@pytest.fixture(scope="module")
def spoiled(sample_extracts, tmp_path_factory, postgres_skip_reason):
    extracts = tmp_path_factory.mktemp("spoiled") / "extracts"
    shutil.copytree(sample_extracts, extracts)
    participants = _lines(extracts / PARTICIPANTS)
    header, first = participants[0].split(";"), participants[1]
    late = first.split(";")
    late[header.index("id_participant")] = "PL-LATE-1"
    late[header.index("date_entree")] = "05/03/2099"
    _write(extracts / PARTICIPANTS, [*participants[:-1], first, ";".join(late), ""])  # a copy of line 2, then the 2099 row
    _write(extracts / DEFM, [_lines(extracts / DEFM)[0], ""])
    _write(extracts / POPULATION, [line.replace(";22006;", ";9999999;") for line in _lines(extracts / POPULATION)])
    for path in (extracts / "plie" / "2025").glob("plie_sorties_*.csv"):
        path.unlink()
    with warehouse_for("duckdb", tmp_path_factory.mktemp("warehouse"), postgres_skip_reason) as url:
        settings = make_settings(tmp_path_factory.mktemp("run"), url, extracts)
        results = materialize_year(settings, 2025, raise_on_error=False)
        yield settings, results


def test_the_report_s_first_page_names_each_source_and_rows_set_aside(spoiled):
    settings, _ = spoiled
    html = (settings.output_dir / "2025" / "rapport-activite-2025.html").read_text(encoding="utf-8")
    first_page = html[: html.index("<h2")]
    assert 'data-state="incomplete"' in first_page and "Données complètes" not in html
    assert "plie__participants : 3 lignes écartées (quarantaine)" in first_page  # two copies of one key, and 2099
    assert "insee__populations : 1 ligne écartée (quarantaine)" in first_page
    assert "france_travail__defm : volume inhabituel (fichier vide ou anormal) pour 2025-06" in first_page
    assert "plie__sorties : fichier(s) non reçu(s) pour 2025-01" in first_page
    assert "<h3>Les sorties</h3>" in html  # the thin year still renders its exits section


def test_the_dashboard_and_the_export_say_it_too(spoiled):
    settings, _ = spoiled
    dashboard = (settings.output_dir / "2025" / "tableau-de-bord-mensuel-2025.html").read_text(encoding="utf-8")
    assert 'data-state="incomplete"' in dashboard and "plie__participants : 3 lignes écartées" in dashboard
    export = pd.read_csv(settings.output_dir / "2025" / "indicators.csv")
    plie = export[export["domain"] == "plie"]
    assert not plie["data_complete"].any() and plie["data_issues"].str.contains("plie__participants").all()
    territory = export[export["domain"] == "territory"]
    assert territory["data_issues"].str.contains("insee__populations").all()
    assert not territory["data_issues"].str.contains("plie__").any()  # a domain's own sources only


def test_each_row_set_aside_is_named_by_file_line_and_rule_without_personal_values(spoiled):
    settings, _ = spoiled
    quarantine = Warehouse(settings.warehouse_url).read_sql("select * from quarantine order by file, line")
    rows = set(zip(quarantine["file"], quarantine["line"], quarantine["rule"]))
    last = len(_lines(settings.extracts_dir / PARTICIPANTS)) - 1  # the file's last data line (2099); it ends with CRLF
    assert (PARTICIPANTS, 2, "duplicate_key") in rows and (PARTICIPANTS, last - 1, "duplicate_key") in rows
    assert (PARTICIPANTS, last, "date_outside_file_month") in rows
    assert (POPULATION, 10, "implausible_change") in rows
    duplicates = quarantine[quarantine["rule"] == "duplicate_key"]
    assert set(duplicates["value"]) == {"***"}  # the key holds a person's id: masked
    assert not quarantine["value"].fillna("").str.contains("PL-").any()


def test_the_run_ends_with_a_summary_that_says_the_data_are_incomplete(spoiled):
    settings, results = spoiled
    text, ok = summary(settings, [2025], results, 1.0)
    assert not ok
    assert "2025:" in text and "DATA INCOMPLETE" in text and "plie__participants : 3 lignes écartées" in text
    assert len(text.splitlines()) < 20


def test_the_quality_report_says_since_when_and_what_to_do_problems_first(spoiled):
    settings, _ = spoiled
    html = (settings.output_dir / "qualite" / "rapport-qualite.html").read_text(encoding="utf-8")
    problems = html[html.index("Problèmes à traiter"): html.index("Extraits : lignes en quarantaine")]
    assert "raw_plie__participants : <code>contract</code> / <code>duplicate_key</code>" in problems
    assert "raw_france_travail__defm : <code>plausibility</code> / <code>empty_partition</code>" in problems
    assert "Première défaillance" in problems and "partition 2025-03" in problems
    assert "Que faire :" in problems and "redéposer" in problems
    assert "partitions sans anomalie" in html  # all-clear months collapsed

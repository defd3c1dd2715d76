"""A run on the (territory and PLIE) sample extracts spoiled the way real deliveries go wrong, through the whole pipeline:
every output must say that its data are incomplete, and what is missing or set aside.

Faults planted (in a copy of the 2025 sample extracts):
- two bad rows in the PLIE participants file of 2025-03: one row exported twice (a duplicate key,
  both lines set aside) and one entry dated 2099 inside the March file;
- the France Travail job seekers file of 2025-06 delivered with its header only (an empty month
  where the previous ones were not: flagged);
- La Madeleine's 2023 population typed as 9 999 999 (implausible against the previous vintage);
- no PLIE exit file at all for 2025 (a thin year): the report still renders;
- the PLIE social-support file of 2025-02 exported without its header row (a structural error: that
  source fails, the others are refreshed, the quality report is written);
- canary personal values (a name, an e-mail, a phone, a birth date, a health word typed in a free-text
  field) in a clean row and in a row shifted by a stray separator: none may appear anywhere outside
  the raw layer, Dagster's own storage included.
"""
from __future__ import annotations

import shutil
from html import unescape
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from catalogue import export_rows
from conftest import TEST_KEY, make_settings, warehouse_for
from pipelines.run import main, materialize_year, summary
from pipelines.settings import PROJECT_ROOT
from warehouse import Warehouse

PARTICIPANTS = "plie/2025/plie_participants_2025-03.csv"
DEFM = "france_travail/defm_communes_2025-06.csv"
POPULATION = "insee/populations_legales_communes_2023.csv"
SOCIAL = "plie/2025/plie_accompagnement_social_2025-02.csv"
CANARY_CLEAN = "plie/2025/plie_participants_2025-04.csv"
CANARY_SHIFTED = "plie/2025/plie_participants_2025-05.csv"
CANARIES = {"nom": "Zygocanard", "prenom": "Philomène", "email": "zygo.canary@example.org", "telephone": "07 11 22 33 44",
            "operateur": "suivi diabète insulinodépendant"}
CANARY_BIRTH = ("29/02/1984", "1984-02-29")  # a plausible age: the clean canary row is loaded


def _lines(path) -> list[str]:
    return path.read_bytes().decode("cp1252").split("\r\n")


def _write(path, lines: list[str]) -> None:
    path.write_bytes("\r\n".join(lines).encode("cp1252"))


@pytest.fixture(scope="module")
def spoiled(core_extracts, tmp_path_factory, postgres_skip_reason):
    extracts = tmp_path_factory.mktemp("spoiled") / "extracts"
    shutil.copytree(core_extracts, extracts)
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
    _write(extracts / SOCIAL, _lines(extracts / SOCIAL)[1:])  # no header row
    _plant_canaries(extracts)
    dagster_home = tmp_path_factory.mktemp("dagster_home")
    with dg.instance_for_test(temp_dir=str(dagster_home)) as instance, \
            warehouse_for("duckdb", tmp_path_factory.mktemp("warehouse"), postgres_skip_reason) as url:
        settings = make_settings(tmp_path_factory.mktemp("run"), url, extracts)
        results = materialize_year(settings, 2025, instance=instance, raise_on_error=False)
        yield settings, results, dagster_home


def _plant_canaries(extracts: Path) -> None:
    for name, shifted in ((CANARY_CLEAN, False), (CANARY_SHIFTED, True)):
        lines = _lines(extracts / name)
        header, row = lines[0].split(";"), lines[1].split(";")
        row[header.index("id_participant")] = "PL-CANARY-" + ("2" if shifted else "1")
        row[header.index("date_naissance")] = CANARY_BIRTH[0]
        for column, value in CANARIES.items():
            row[header.index(column)] = value
        if shifted:
            row[header.index("nom")] = CANARIES["nom"] + ";" + "Junior"  # a stray separator inside a surname
        _write(extracts / name, [*lines[:-1], ";".join(row), ""])


def test_the_report_s_first_page_names_each_source_and_rows_set_aside(spoiled):
    settings, *_ = spoiled
    html = (settings.output_dir / "2025" / "rapport-activite-2025.html").read_text(encoding="utf-8")
    first_page = html[: html.index("<h2")]
    assert 'data-state="incomplete"' in first_page and "Données complètes" not in html
    assert "plie__participants : 4 lignes écartées (quarantaine)" in first_page  # two copies of one key, 2099, a shifted row
    assert "insee__populations : 1 ligne écartée (quarantaine)" in first_page
    assert "france_travail__defm : volume inhabituel (fichier vide ou anormal) pour 2025-06" in first_page
    assert "plie__sorties : fichier(s) non reçu(s) pour 2025-01" in first_page
    assert "<h3>Les sorties</h3>" in html  # the thin year still renders its exits section


def test_the_dashboard_and_the_export_say_it_too(spoiled):
    settings, *_ = spoiled
    dashboard = (settings.output_dir / "2025" / "tableau-de-bord-mensuel-2025.html").read_text(encoding="utf-8")
    assert 'data-state="incomplete"' in dashboard and "plie__participants : 4 lignes écartées" in dashboard
    export = pd.DataFrame(export_rows(settings.output_dir / "2025" / "indicators.csv"))
    plie = export[export["domain"] == "PLIE"]
    assert (plie["data_complete"] == "non").all() and plie["data_issues"].str.contains("plie__participants").all()
    territory = export[export["domain"] == "Territoire"]
    assert territory["data_issues"].str.contains("insee__populations").all()
    assert not territory["data_issues"].str.contains("plie__").any()  # a domain's own sources only


def test_each_row_set_aside_is_named_by_file_line_and_rule_without_personal_values(spoiled):
    settings, *_ = spoiled
    quarantine = Warehouse(settings.warehouse_url).read_sql("select * from quarantine order by file, line")
    rows = set(zip(quarantine["file"], quarantine["line"], quarantine["rule"]))
    last = len(_lines(settings.extracts_dir / PARTICIPANTS)) - 1  # the file's last data line (2099); it ends with CRLF
    assert (PARTICIPANTS, 2, "duplicate_key") in rows and (PARTICIPANTS, last - 1, "duplicate_key") in rows
    assert (PARTICIPANTS, last, "date_after_export") in rows
    assert (POPULATION, 10, "implausible_change") in rows
    duplicates = quarantine[quarantine["rule"] == "duplicate_key"]
    # the key holds a person's id: masked; its date, near the file's month, shown
    assert duplicates["value"].str.fullmatch(r"\*\*\*, 2025-03-\d\d").all()
    assert not quarantine["value"].fillna("").str.contains("PL-").any()


def test_the_run_ends_with_a_summary_that_says_the_data_are_incomplete(spoiled):
    settings, results, _ = spoiled
    text, ok = summary(settings, [2025], results, 1.0)
    assert not ok
    assert "2025:" in text and "DATA INCOMPLETE" in text and "plie__participants : 4 lignes écartées" in text
    assert len(text.splitlines()) < 20


def test_the_terminal_shows_a_failed_step_s_message_in_the_summary_not_its_stack_trace(tmp_path, monkeypatch, capfd):
    """Without --verbose, the command prints its summary only: a failed step's message there (the
    file and why), no Dagster stack trace above it (the run log keeps it, for the UI)."""
    month = tmp_path / "extracts" / "plie" / "2025"
    month.mkdir(parents=True)
    (month / "plie_etapes_2025-07.csv").write_text("ET-1;PL-1;Formation\n", encoding="utf-8")  # no header row
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    for name, value in {"MNO_EXTRACTS_DIR": tmp_path / "extracts", "MNO_OUTPUT_DIR": tmp_path / "out", "DAGSTER_HOME": home,
                        "MNO_WAREHOUSE_URL": f"duckdb:///{tmp_path / 'w.duckdb'}", "MNO_PSEUDONYMISATION_KEY": TEST_KEY}.items():
        monkeypatch.setenv(name, str(value))
    assert main(["year", "2025"]) == 1
    printed = capfd.readouterr()
    text = printed.out + printed.err
    assert "FAILED: raw_plie (plie/2025/plie_etapes_2025-07.csv: " in text
    assert "Stack Trace" not in text and "Traceback" not in text and "STEP_FAILURE" not in text
    assert str(tmp_path / "extracts") + "/plie" not in text.split("FAILED: ")[1].splitlines()[0]


def test_the_quality_report_says_since_when_and_what_to_do_problems_first(spoiled):
    settings, *_ = spoiled
    html = (settings.output_dir / "qualite" / "rapport-qualite.html").read_text(encoding="utf-8")
    problems = html[html.index("Problèmes à traiter"): html.index("Extraits : lignes en quarantaine")]
    assert "raw_plie__participants : une seule ligne par clé dans un fichier" in problems  # the rule in words
    assert "Contrôle <code>contract</code>, règle <code>duplicate_key</code>" in problems  # and its code
    assert "Contrôle <code>plausibility</code>, règle <code>empty_partition</code>" in problems
    assert "raw_plie__sorties : export mensuel jamais reçu" in problems  # a missing export is a problem too
    assert "Première défaillance" in problems and "partition 2025-03" in problems
    assert "Que faire :" in problems and "redéposer" in problems
    assert "partitions sans anomalie" in html  # all-clear months collapsed


def test_a_structural_error_fails_its_source_only(spoiled):
    settings, results, _ = spoiled
    text, _ = summary(settings, [2025], results, 1.0)
    assert "FAILED: raw_plie (plie/2025/plie_accompagnement_social_2025-02.csv: " in text  # the step, its file, why
    html = unescape((settings.output_dir / "2025" / "rapport-activite-2025.html").read_text(encoding="utf-8"))
    html = html.replace("\u2019", "'")  # the report's typographic apostrophes (reporting/finishing.py)
    assert ("plie__accompagnement_social : fichier plie/2025/plie_accompagnement_social_2025-02.csv refusé en entier "
            "pour 2025-02 (ligne d'en-tête absente). Que faire : Le réexporter avec sa ligne d'en-tête") in html
    assert "plie_accompagnement_social_2025-02.csv refusé en entier" in text
    warehouse = Warehouse(settings.warehouse_url)
    assert warehouse.row_count("raw_plie__participants", "partition_key = '2025-04'") > 0  # the other sources are in
    assert warehouse.row_count("raw_plie__participants", "partition_key = '2025-02'") > 0  # and the source's other files of that month
    assert warehouse.row_count("raw_plie__accompagnement_social", "partition_key = '2025-03'") > 0  # and its other months
    assert "plie__accompagnement_social : fichier(s) non reçu(s)" not in html
    assert (settings.output_dir / "qualite" / "rapport-qualite.html").exists()


def test_no_canary_value_leaves_the_raw_layer(spoiled):
    settings, _, dagster_home = spoiled
    warehouse = Warehouse(settings.warehouse_url)
    assert warehouse.row_count("raw_plie__participants", "partition_key = '2025-04'") > 0  # the clean canary row is in
    shifted = warehouse.read_sql("select rule from quarantine where file = :f", {"f": CANARY_SHIFTED})
    assert shifted["rule"].tolist() == ["malformed_row"]  # set aside alone, nothing shifted
    texts = {str(p): p.read_bytes() for p in [*settings.output_dir.rglob("*"), *dagster_home.rglob("*")] if p.is_file()}
    texts["warehouse file"] = Path(settings.warehouse_url.removeprefix("duckdb:///")).read_bytes()  # dropped: nowhere
    for table in warehouse.read_sql("select table_name from information_schema.tables")["table_name"]:
        if not table.startswith("raw_"):  # the raw layer keeps the exact birth date, by contract
            texts[f"table {table}"] = warehouse.read_sql(f'select * from "{table}"').to_csv().encode("utf-8")
    canaries = [*CANARIES.values(), CANARIES["nom"].upper()]
    found = [(value, where) for where, data in texts.items() for value in canaries
             if value.encode("utf-8") in data or value.encode("cp1252") in data]
    found += [(birth, where) for where, data in texts.items() if where.startswith("table") for birth in CANARY_BIRTH
              if birth.encode() in data]
    assert found == []

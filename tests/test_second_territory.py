"""Another association by configuration alone (tests/fixtures/territory-b: six communes of the
Vienne, its metropolis, two sites with a Cyber-base, its own networks, report settings and
foreword): the sample generator writes a demo of its communes, the whole year runs, every output
names its communes, sites and networks and none of the project's own association, and its totals
are the sums of its communes."""
from __future__ import annotations

import dataclasses
import html as html_lib
import re
import zipfile
from pathlib import Path

import pytest

from catalogue import export_values
from conftest import make_settings
from pipelines.mde import MdeConfig
from pipelines.run import materialize_year
from pipelines.settings import PROJECT_ROOT
from pipelines.territory import Territory
from report_text import without_indicator_spans

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "territory-b"
# The project's own association: its communes, metropolis, sites and schemes (config/).
OWN_TERRITORY = Territory.load(PROJECT_ROOT / "config" / "territory.yaml")
OWN_NAMES = sorted({c.name for c in OWN_TERRITORY.communes + OWN_TERRITORY.metropolis_communes}
                   | {OWN_TERRITORY.name, OWN_TERRITORY.short_name, OWN_TERRITORY.metropolis_name,
                      OWN_TERRITORY.metropolis_short_name, "Marcq-en-Baroeul", "PASS PASS", "Talents Créa",
                      "Clés de l'Emploi", "ALPES"}
                   | {s.name for s in MdeConfig.load().sites}, key=len, reverse=True)
OWN_CODES = sorted(c.code for c in OWN_TERRITORY.communes)


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    """Another association's whole year, on DuckDB: what it proves is configuration, not SQL (the
    sample's year runs on both warehouses in `year_2025`)."""
    module_warehouse_url = f"duckdb:///{tmp_path_factory.mktemp('warehouse_b') / 'warehouse.duckdb'}"
    from sample_data import write_sample_extracts

    extracts = tmp_path_factory.mktemp("extracts_b")
    write_sample_extracts(extracts, territory_file=FIXTURE / "territory.yaml", mde_file=FIXTURE / "mde.yaml")
    settings = dataclasses.replace(make_settings(tmp_path_factory.mktemp("run_b"), module_warehouse_url, extracts),
                                   territory_file=FIXTURE / "territory.yaml", mde_file=FIXTURE / "mde.yaml",
                                   report_dir=FIXTURE / "report")
    results = materialize_year(settings, 2025)
    failed = sorted({e.step_key for r in results for e in r.all_events if e.is_step_failure})
    assert failed == [], f"steps failed for the second territory: {failed}"
    return settings


def _outputs_text(folder: Path) -> dict[str, str]:
    """Every text the year's outputs show a reader: HTML and CSV as written, workbooks' cells."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".html", ".csv", ".json", ".md"):
            text = html_lib.unescape(path.read_text(encoding="utf-8-sig", errors="replace"))
            texts[path.name] = re.sub(r'src="data:[^"]+"', "", text)
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                texts[path.name] = " ".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))
    # typography set aside: « l’Emploi » is « l'Emploi »
    return {name: re.sub(r"[\u00a0\u202f]", " ", text.replace("’", "'")) for name, text in texts.items()}


def test_no_output_names_the_projects_own_association(other):
    texts = _outputs_text(other.output_dir / "2025")
    assert {"rapport-activite-2025.html", "indicators.csv"} <= set(texts)
    found = {name: sorted(file for file, text in texts.items() if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))
             for name in OWN_NAMES}
    assert {name: files for name, files in found.items() if files} == {}
    codes = {code: sorted(file for file, text in texts.items() if re.search(rf"(?<!\d){code}(?!\d)", text)) for code in OWN_CODES}
    assert {code: files for code, files in codes.items() if files} == {}


def test_the_report_names_its_communes_sites_networks_and_schemes(other):
    html = html_lib.unescape(without_indicator_spans(
        (other.output_dir / "2025" / "rapport-activite-2025.html").read_text(encoding="utf-8"))).replace("’", "'")
    territory = Territory.load(FIXTURE / "territory.yaml")
    for name in [c.name for c in territory.communes] + ["Poitiers Saint-Éloi", "Buxerolles Centre", "Mastodon", "PeerTube",
                                                         "Association Emploi Vienne", "Créa Clain", "Pass Vitalis",
                                                         "Forum de l'Emploi du Clain", "www.emploi-exemple.fr",
                                                         "2 rue de l'Exemple, 86000 Poitiers", "Une année d'engagement"]:
        assert name in html, name
    # the Cyber-base table has a row per configured site, each with its figures
    for site in MdeConfig.load(FIXTURE / "mde.yaml").sites:
        assert re.search(rf'<th scope="row">{re.escape(site.name)}</th><td class="num">\d', html), site.name


def test_totals_are_the_sums_of_its_communes(other):
    values = export_values(other.output_dir / "2025" / "indicators.csv")
    codes = [c.code for c in Territory.load(FIXTURE / "territory.yaml").communes]
    for total, per_commune in (("territoire.population.total", "territoire.population.{}"),
                               ("plie.participants.total", "plie.participants.commune.{}"),
                               ("plie.entrees.total", "plie.entrees.commune.{}")):
        parts = [values[per_commune.format(code)] for code in codes]
        assert values[total] == sum(parts) and values[total] > 0, total
    assert values["territoire.population.communes"] == len(codes)
    sites = [s.id for s in MdeConfig.load(FIXTURE / "mde.yaml").sites]
    assert all(values[f"mde.cyberbase.{site}.utilisations"] > 0 for site in sites)
    assert sum(values[f"mde.cyberbase.{site}.utilisations"] for site in sites) == values["mde.cyberbase.utilisations"]

"""The open-data release: small counts masked with the figures that would give them back, and no
masked cell recoverable from a published total and the other parts (secondary suppression); a
valid Tabular Data Package (`frictionless validate`), every year from 2019, in the national
schemas' conventions (French codes, `true`/`false`), with the metadata a portal shows."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pandas as pd

from quality.rules import SumRule
from reporting.open_data import DisclosureRules, masked, release

RULES = DisclosureRules(threshold=5, sensitive_threshold=11, sensitive=(r"ml\.jsmj\..*",))
GROUPS = [SumRule("communes", "x.total", r"x\.commune\.\d+"), SumRule("sexe", "x.total", r"x\.(hommes|femmes)")]


def frame(values: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame({"indicator_id": list(values), "period": "2025", "value": list(values.values()),
                         "unit": ["pct" if i.endswith("_pct") else "count" for i in values], "domain": "x"})


def recoverable(indicators: pd.DataFrame, hidden: set[str], groups: list[SumRule]) -> list[str]:
    """Masked cells a reader could recompute: the only unknown of a total = sum of parts."""
    ids = set(indicators["indicator_id"])
    out = []
    for rule in groups:
        cells = [rule.total, *sorted(i for i in ids if pd.Series([i]).str.fullmatch(rule.parts)[0])]
        unknown = [c for c in cells if c in hidden]
        if len(unknown) == 1:
            out.append(unknown[0])
    return out


def test_small_counts_and_what_gives_them_back_are_masked_and_none_can_be_recomputed():
    values = {"x.total": 100, "x.commune.1": 3, "x.commune.2": 40, "x.commune.3": 57, "x.commune.1.part_pct": 3.0,
              "x.hommes": 60, "x.femmes": 40, "ml.jsmj.milieu_ferme": 9, "x.commune.3.evol_pct": 12.0}
    indicators = frame(values)
    hidden = masked(indicators, RULES, GROUPS)
    assert {"x.commune.1", "x.commune.1.part_pct", "ml.jsmj.milieu_ferme"} <= hidden  # 9 < 11: sensitive
    assert "x.commune.2" in hidden  # secondary: else 100 - 40 - 57 gives the 3 back
    assert recoverable(indicators, hidden, GROUPS) == []
    assert "x.hommes" not in hidden and "x.total" not in hidden


def test_a_masked_total_is_not_the_sum_of_its_published_parts():
    indicators = frame({"x.total": 4, "x.hommes": 2, "x.femmes": 2})
    hidden = masked(indicators, RULES, [GROUPS[1]])
    assert recoverable(indicators, hidden, [GROUPS[1]]) == []


def recomputed(published: pd.DataFrame, truth: dict[str, float]) -> list[str]:
    """Masked counts a reader recomputes exactly from the release: a masked cell that is the only
    unknown among counts whose ids differ in one segment (by commune, by type...) and another
    published count of the domain equal, in truth, to their sum; or a masked count equal, in truth,
    to the sum of such a group, all published. `published`: indicator_id, value (NaN when masked), unit."""
    counts = published[published["unit"] == "count"]
    shown = {i: float(v) for i, v in zip(counts["indicator_id"], counts["value"]) if pd.notna(v)}
    hidden = [i for i, v in zip(counts["indicator_id"], counts["value"]) if pd.isna(v) and pd.notna(truth.get(i))]
    ids = [i for i in counts["indicator_id"] if pd.notna(truth.get(i))]

    def groups_of(cell: str):
        parts = cell.split(".")
        for k in range(1, len(parts)):
            yield [i for i in ids if len(i.split(".")) == len(parts)
                   and all(a == b for n, (a, b) in enumerate(zip(i.split("."), parts)) if n != k)]

    found = []
    for cell in hidden:
        domain = cell.split(".")[0] + "."
        for group in groups_of(cell):  # the cell as a part: the total minus the other parts
            others = [g for g in group if g != cell]
            if others and all(g in shown for g in others):
                total = sum(truth[g] for g in group)
                if any(t.startswith(domain) and t not in group and abs(v - total) < 1e-9 for t, v in shown.items()):
                    found.append(cell)
        for member in ids:  # the cell as a total: the sum of published parts
            if member in shown and member.startswith(domain):
                for group in groups_of(member):
                    if len(group) > 1 and cell not in group and all(g in shown for g in group) \
                            and abs(sum(shown[g] for g in group) - truth[cell]) < 1e-9:
                        found.append(cell)
    return sorted(set(found))


def test_secondary_suppression_covers_relations_no_one_listed():
    """Exhibitors by type add up to the exhibitors; entries by commune to the entries: no rule
    lists them, the figures do; a masked part is never the only unknown of its total."""
    values = {"mde.evenements.exposants": 47, "mde.evenements.type.salon.exposants": 3,
              "mde.evenements.type.job_dating.exposants": 40, "mde.evenements.type.autre.exposants": 4,
              "plie.entrees.total": 63, "plie.entrees.commune.59328": 2, "plie.entrees.commune.59350": 61,
              "plie.entrees.commune.59328.part_pct": 3.2, "mde.evenements.participants": 900}
    indicators = frame(values)
    hidden = masked(indicators, RULES, groups=[])
    assert {"mde.evenements.type.salon.exposants", "mde.evenements.type.autre.exposants", "plie.entrees.commune.59328",
            "plie.entrees.commune.59328.part_pct"} <= hidden
    published = indicators.assign(value=[None if i in hidden else v for i, v in values.items()])
    assert recomputed(published, values) == []
    assert recomputed(indicators.assign(value=[None if i == "plie.entrees.commune.59328" else v for i, v in values.items()]),
                      values) == ["plie.entrees.commune.59328"]  # the attacker finds a lone masked part
    assert "mde.evenements.participants" not in hidden


def test_the_release_has_a_schema_a_licence_and_empty_masked_values():
    files = release(frame({"x.total": 100, "x.commune.1": 3, "x.commune.2": 97}), 2025, RULES,
                    created=dt.datetime(2026, 1, 5, 6, 0, tzinfo=dt.timezone.utc))
    package = json.loads(files["datapackage.json"])
    assert package["licenses"][0]["name"] == "etalab-2.0"
    assert package["created"] == "2026-01-05T06:00:00Z" and package["version"] == "2025.20260105"
    resource = package["resources"][0]
    assert resource["profile"] == "tabular-data-resource" and resource["path"] == "indicateurs-2025-2025.csv"
    assert [f["name"] for f in resource["schema"]["fields"]][:3] == ["annee", "indicateur", "libelle"]
    rows = list(csv_rows(files["indicateurs-2025-2025.csv"]))
    commune = next(r for r in rows if r["indicateur"] == "x.commune.1")
    assert commune["valeur"] == "" and commune["masque"] == "true" and commune["unite"] == "nombre"
    assert {r["masque"] for r in rows} == {"true", "false"}


def test_a_census_figure_has_its_vintage_apart_and_dates_of_its_own():
    indicators = pd.DataFrame({"indicator_id": ["t.population", "t.defm", "t.entrees"], "value": [10.0, 5.0, 3.0],
                               "period": ["RP2023", "2025-09-30", "2025-01-01/2025-12-31"], "unit": "count", "domain": "territory"})
    rows = {r["indicateur"]: r for r in csv_rows(release(indicators, 2025, DisclosureRules(threshold=1))["indicateurs-2025-2025.csv"])}
    assert (rows["t.population"]["date_debut"], rows["t.population"]["millesime_recensement"]) == ("2023-01-01", "2023")
    assert (rows["t.defm"]["date_debut"], rows["t.defm"]["date_fin"], rows["t.defm"]["millesime_recensement"]) == \
        ("2025-09-30", "2025-09-30", "")
    assert (rows["t.entrees"]["date_debut"], rows["t.entrees"]["date_fin"]) == ("2025-01-01", "2025-12-31")
    assert rows["t.entrees"]["domaine"] == "territoire"


def test_the_sample_release_is_a_valid_tabular_data_package_a_portal_can_show(year_2025):
    folder = year_2025.output_dir / "2025" / "open-data"
    checked = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", str(folder / "datapackage.json")],
                             capture_output=True, text=True, check=False)
    report = json.loads(checked.stdout)
    assert report["valid"], json.dumps(report["tasks"][0]["errors"][:5] if report["tasks"] else report["errors"], ensure_ascii=False)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for key in ("title", "description", "version", "created", "licenses", "sources", "contributors", "temporal_coverage", "spatial"):
        assert package[key], key
    assert package["temporal_coverage"]["end"] == "2025-12-31" and package["spatial"]["zones"][0].startswith("fr:commune:")
    assert {c["role"] for c in package["contributors"]} == {"publisher", "contact"}
    assert "INSEE, populations légales du recensement" in {s["title"] for s in package["sources"]}
    assert "de 1 à 4" in package["description"] and "de 1 à 10" in package["description"]  # the disclosure rules
    assert "suppression secondaire" in package["description"]
    published = pd.read_csv(folder / package["resources"][0]["path"], dtype=str, keep_default_na=False)
    assert sorted(set(published["annee"].astype(int))) == list(range(2019, 2026))  # every year, 2019 to the report year
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert set(published["unite"]) <= set(fields["unite"]["constraints"]["enum"]) and "count" not in set(published["unite"])
    assert set(published["domaine"]) <= {"territoire", "plie", "mission_locale", "maison_emploi", "communication"}
    assert set(published["masque"]) == {"true", "false"}
    assert all(name == name.lower() and name.isascii() for name in published.columns)  # snake case, no accents


def test_the_sample_release_hides_nothing_recoverable(year_2025):
    from quality.rules import SUM_RULES
    from warehouse import Warehouse

    folder = year_2025.output_dir / "2025" / "open-data"
    published = pd.read_csv(folder / "indicateurs-2019-2025.csv", dtype={"indicateur": str})
    assert published["masque"].dtype == bool  # true/false, read as booleans
    truth = Warehouse(year_2025.warehouse_url).read_sql("select report_year, indicator_id, value from indicators")
    for year, part in published.groupby("annee"):  # each year's figures are a report's, masked as one
        hidden = set(part.loc[part["masque"], "indicateur"])
        indicators = part.rename(columns={"indicateur": "indicator_id"})
        assert hidden and recoverable(indicators, hidden, SUM_RULES) == [], year
        year_truth = truth[truth["report_year"] == year]
        values = {i: float(v) for i, v in zip(year_truth["indicator_id"], year_truth["value"]) if pd.notna(v)}
        release_units = indicators.rename(columns={"valeur": "value"}).assign(
            unit=indicators["unite"].map(lambda u: "count" if u == "nombre" else u))
        assert recomputed(release_units, values) == [], year  # every masked cell, exactly
    assert published.loc[published["masque"], "valeur"].isna().all()
    assert published["libelle"].notna().all()  # every indicator named in French


def csv_rows(text: str):
    import csv
    import io

    yield from csv.DictReader(io.StringIO(text))


def test_counts_of_things_are_not_masked_as_if_they_were_people():
    rules = DisclosureRules(threshold=5, not_people=(r"communication\..*",))
    hidden = masked(frame({"communication.lieux_accueil": 3, "x.jeunes": 3}), rules)
    assert "communication.lieux_accueil" not in hidden and "x.jeunes" in hidden
    assert DisclosureRules.load().counts_people("ml.public.jeunes_entretien")
    assert not DisclosureRules.load().counts_people("communication.lieux_accueil")

"""The open-data release: small counts masked with the figures that would give them back, and no
masked cell recoverable from a published total and the other parts (secondary suppression)."""
from __future__ import annotations

import json

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
    files = release(frame({"x.total": 100, "x.commune.1": 3, "x.commune.2": 97}), 2025, RULES, sources="test")
    package = json.loads(files["datapackage.json"])
    assert package["licenses"][0]["name"] == "etalab-2.0"
    assert [f["name"] for f in package["resources"][0]["schema"]["fields"]][:5] == ["annee", "indicateur", "libelle", "periode", "valeur"]
    rows = list(csv_rows(files["indicateurs-2025.csv"]))
    commune = next(r for r in rows if r["indicateur"] == "x.commune.1")
    assert commune["valeur"] == "" and commune["masque"] == "True"


def test_the_sample_release_hides_nothing_recoverable(year_2025):
    from quality.rules import SUM_RULES
    from warehouse import Warehouse

    folder = year_2025.output_dir / "2025" / "open-data"
    published = pd.read_csv(folder / "indicateurs-2025.csv", dtype={"indicateur": str})
    hidden = set(published.loc[published["masque"], "indicateur"])
    indicators = published.rename(columns={"indicateur": "indicator_id"})
    assert hidden and recoverable(indicators, hidden, SUM_RULES) == []
    truth = Warehouse(year_2025.warehouse_url).read_sql("select indicator_id, value from indicators where report_year = 2025")
    values = {i: float(v) for i, v in zip(truth["indicator_id"], truth["value"]) if pd.notna(v)}
    assert recomputed(indicators.rename(columns={"valeur": "value", "unite": "unit"}), values) == []  # every masked cell, exactly
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

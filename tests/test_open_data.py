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

    folder = year_2025.output_dir / "2025" / "open-data"
    published = pd.read_csv(folder / "indicateurs-2025.csv", dtype={"indicateur": str})
    hidden = set(published.loc[published["masque"], "indicateur"])
    indicators = published.rename(columns={"indicateur": "indicator_id"})
    assert hidden and recoverable(indicators, hidden, SUM_RULES) == []
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

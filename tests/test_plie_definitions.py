"""The PLIE indicator definitions (docs/plie-extracts.md), asserted on a handful of hand-built
participants whose figures are known by construction, edges included: an entry on 1 January, an
exit on 31 December, an exit dated before its entry, an exit of an unknown participant, a
participant without a step, a neutral exit, a participant turning 50 during the year, a step
re-exported in a later month after its start date changed, a step ending before it starts, a
participant who left in 2024 and re-entered in 2025 under the same id (with a second, stray 2024
exit), a convention paying for two trainees, birthdays later in the month of the entry and of
the exit (49 years and a few days short of 50: not senior).

The extracts are written as the tracking tool writes them (Windows-1252, `;`, CRLF, dd/mm/yyyy,
decimal commas, one file per source and month) and go through the public surface: Dagster runs
of the PLIE assets, with the resources of `pipelines.definitions.resources_for`.
"""
from __future__ import annotations

import csv
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from assets.sql_models import model_asset
from conftest import TEST_KEY
from ingestion import ExtractContract
from pipelines.definitions import build_definitions, resources_for
from pipelines.partitions import range_tags
from pipelines.settings import PROJECT_ROOT, Settings
from schemas import plie
from warehouse import Warehouse

FIRST_MONTH, LAST_MONTH = "2022-01", "2025-12"
TARGET_PCT = 55.0  # not the default 50: the target must come from configuration
DAYS_PER_MONTH = 30.4375

COLUMNS = {
    "participants": ["id_participant", "nom", "prenom", "telephone", "email", "date_naissance", "sexe",
                     "code_commune", "qpv", "niveau_formation", "rsa", "th", "public_prioritaire",
                     "prescripteur", "date_entree", "operateur"],
    "etapes": ["id_etape", "id_participant", "type_etape", "sous_type", "formation_qualifiante",
               "date_debut", "date_fin"],
    "sorties": ["id_participant", "date_sortie", "motif_sortie"],
    "formations": ["id_convention", "organisme", "id_participant", "type_formation", "intitule",
                   "date_debut", "date_fin", "resultat"],
    "accompagnement_social": ["id_action", "id_participant", "date_action", "type_action", "intitule", "heures"],
}


def _participant(pid, nom, prenom, naissance, sexe, commune, qpv, niveau, rsa, prescripteur, entree):
    return [pid, nom, prenom, "06 12 34 56 78", f"{prenom.lower()}.{nom.lower()}@example.com", naissance, sexe,
            commune, qpv, niveau, rsa, "N", "RSA" if rsa == "O" else "Autre", prescripteur, entree, "MDE MNO"]


# (file month, row) per source. P1..P9 are the participants; PL-000099 exists in no participants file.
RECORDS = {
    "participants": [
        # P1: enters on 1 January 2025, leaves on 31 December 2025 (positive), QPV, level 3, RSA
        ("2025-01", _participant("PL-000001", "DUPONT", "Zoé", "12/05/1990", "H", "59328", "O", "3", "O", "Département", "01/01/2025")),
        # P2: entered in 2024, turns 50 in March 2025 (born March 1975), no exit
        ("2024-06", _participant("PL-000002", "LEFEBVRE", "Hélène", "03/03/1975", "F", "59378", "N", "5", "N", "France Travail", "15/06/2024")),
        # P3: senior at entry, neutral exit, no step
        ("2025-03", _participant("PL-000003", "MARTIN", "Sylvie", "20/01/1970", "F", "59368", "N", "2", "O", "CCAS", "10/03/2025")),
        # P4: an exit dated before the entry (rejected: P4 stays in parcours)
        ("2025-04", _participant("PL-000004", "PETIT", "Karim", "01/07/1985", "H", "59328", "N", "4", "O", "MDE", "10/04/2025")),
        # P5: entered in 2022, other exit in February 2025
        ("2022-11", _participant("PL-000005", "MOREAU", "Loïc", "15/01/1980", "H", "59527", "N", "6", "N", "Département", "20/11/2022")),
        # P6: entered and left (positive) in 2024
        ("2024-03", _participant("PL-000006", "ROUSSEL", "Léa", "09/09/1995", "F", "59636", "N", "3", "O", "Forum", "03/03/2024")),
        # P7: entered in 2023, left (positive) in June 2024, re-entered in February 2025 under the same
        # id, having moved (Marquette, then Quesnoy) and left the RSA: one row per entry
        ("2023-03", _participant("PL-000007", "CARON", "Julien", "14/08/1988", "H", "59386", "N", "3", "O", "Département", "06/03/2023")),
        ("2025-02", _participant("PL-000007", "CARON", "Julien", "14/08/1988", "H", "59482", "N", "3", "N", "France Travail", "03/02/2025")),
        # P8: enters on 10/04/2025, born 11/04/1975: 49 years and 364 days at entry, 50 the next day
        ("2025-04", _participant("PL-000008", "NOWAK", "Sophie", "11/04/1975", "F", "59457", "N", "1", "O", "CCAS", "10/04/2025")),
        # P9: entered in 2024, born 25/11/1975, leaves (positive) on 18/11/2025, a week before turning 50
        ("2024-09", _participant("PL-000009", "ZIANI", "Karim", "25/11/1975", "H", "59611", "N", "4", "O", "Département", "02/09/2024")),
    ],
    "sorties": [
        ("2025-12", ["PL-000001", "31/12/2025", "Emploi durable CDI"]),
        ("2025-09", ["PL-000003", "20/09/2025", "Déménagement"]),
        ("2025-04", ["PL-000004", "01/04/2025", "Abandon"]),
        ("2025-02", ["PL-000005", "28/02/2025", "Réorientation"]),
        ("2024-11", ["PL-000006", "30/11/2024", "Formation qualifiante"]),
        ("2025-05", ["PL-000099", "05/05/2025", "Santé"]),
        ("2024-06", ["PL-000007", "28/06/2024", "Emploi durable CDD 6 mois et plus"]),
        # after P7's parcours ended on 28/06/2024 and before the 2025 re-entry: rejected
        ("2024-09", ["PL-000007", "15/09/2024", "Abandon"]),
        ("2025-11", ["PL-000009", "18/11/2025", "Contrat en alternance"]),
    ],
    "etapes": [
        ("2025-01", ["ET-1", "PL-000001", "Emploi", "CDD", "N", "02/01/2025", "30/06/2025"]),
        ("2024-09", ["ET-2", "PL-000002", "Formation", "Formation qualifiante", "O", "01/09/2024", "31/01/2025"]),
        ("2025-02", ["ET-3", "PL-000002", "Emploi", "CDI", "N", "01/02/2025", ""]),
        ("2024-12", ["ET-4", "PL-000005", "Formation", "Remise à niveau", "N", "01/12/2024", "15/12/2024"]),
        # ends before it starts: quarantined (line 2 of the March file)
        ("2025-03", ["ET-5", "PL-000001", "Prestation", "PMSMP", "N", "10/03/2025", "05/03/2025"]),
        # first exported with a March start, then corrected to April in the April file: counted once, April
        ("2025-03", ["ET-6", "PL-000004", "Formation", "Remise à niveau", "N", "20/03/2025", "30/06/2025"]),
        ("2025-04", ["ET-6", "PL-000004", "Formation", "Remise à niveau", "N", "15/04/2025", "30/06/2025"]),
    ],
    "formations": [
        ("2025-01", ["CV-1", "AFPA Roubaix", "PL-000001", "Professionnalisante", "Employé commercial", "06/01/2025", "28/02/2025", "Non validée"]),
        ("2025-04", ["CV-2", "GRETA Lille Métropole", "PL-000001", "Professionnalisante", "Employé commercial", "01/04/2025", "30/06/2025", "Validée"]),
        ("2025-10", ["CV-3", "Auto-école solidaire MNO", "PL-000002", "Permis de conduire", "Permis B", "01/10/2025", "15/02/2026", "En cours"]),
        ("2025-05", ["CV-4", "Auto-école solidaire MNO", "PL-000004", "Permis de conduire", "Permis B", "01/05/2025", "30/09/2025", "Non validée"]),
        ("2024-11", ["CV-5", "AFPA Roubaix", "PL-000005", "Professionnalisante", "Agent de restauration", "10/11/2024", "20/01/2025", "Validée"]),
        # one convention paying for two trainees: one row each, same id
        ("2025-06", ["CV-6", "CNAM Hauts-de-France", "PL-000003", "Professionnalisante", "Agent de restauration", "02/06/2025", "29/08/2025", "Validée"]),
        ("2025-06", ["CV-6", "CNAM Hauts-de-France", "PL-000004", "Professionnalisante", "Agent de restauration", "02/06/2025", "29/08/2025", "Validée"]),
    ],
    "accompagnement_social": [
        ("2025-03", ["AS-1", "PL-000001", "14/03/2025", "Collectif", "Atelier confiance en soi", "2,5"]),
        ("2025-03", ["AS-1", "PL-000002", "14/03/2025", "Collectif", "Atelier confiance en soi", "2,5"]),
        ("2025-03", ["AS-1", "PL-000003", "14/03/2025", "Collectif", "Atelier confiance en soi", "2,5"]),
        ("2025-05", ["AS-2", "PL-000004", "20/05/2025", "Individuel", "Entretien social", "1,5"]),
        ("2024-12", ["AS-3", "PL-000005", "10/12/2024", "Individuel", "Point budget", "2"]),
    ],
}
CLEAR_TEXTS = ["PL-0000", "DUPONT", "Zoé", "LEFEBVRE", "example.com", "06 12 34"]
BIRTH_DATES = sorted({row[5] for _, row in RECORDS["participants"]})  # dd/mm/yyyy


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year}-{month:02d}" <= last:
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def write_extracts(folder: Path) -> None:
    """Every monthly file of the range, in the tool's layout (header-only where nothing is dated)."""
    for month in _months(FIRST_MONTH, LAST_MONTH):
        target = folder / "plie" / month[:4]
        target.mkdir(parents=True, exist_ok=True)
        for source, columns in COLUMNS.items():
            with (target / f"plie_{source}_{month}.csv").open("w", encoding="cp1252", newline="") as handle:
                writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
                writer.writerow(columns)
                writer.writerows(row for file_month, row in RECORDS[source] if file_month == month)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, module_warehouse_url) -> Warehouse:
    folder = tmp_path_factory.mktemp("plie_definitions")
    write_extracts(folder / "extracts")
    settings = Settings(
        extracts_dir=folder / "extracts",
        warehouse_url=module_warehouse_url,
        output_dir=folder / "out",
        territory_file=PROJECT_ROOT / "config" / "territory.yaml",
        pseudonymisation_key=TEST_KEY,
        plie_target_positive_exit_pct=TARGET_PCT,
    )
    defs = build_definitions(settings)
    graph = defs.resolve_asset_graph()
    assets, resources = list(defs.assets), resources_for(settings)
    raw = sorted({dg.AssetKey(ExtractContract(s).asset) for s in plie.CONTRACTS}, key=str)  # the source's one ingestion asset
    dg.materialize(assets, selection=raw, resources=resources, tags=range_tags(FIRST_MONTH, LAST_MONTH))
    models = [k for k in graph.get_all_asset_keys() if graph.get(k).group_name == "plie" and graph.get(k).partitions_def is None]
    dg.materialize(assets, selection=[*models, dg.AssetKey("ref_territory__communes"), model_asset("ref_calendar__ytd_periods")],
                   resources=resources)
    return Warehouse(module_warehouse_url)


def _year(warehouse: Warehouse, table: str, year: int = 2025) -> dict[str, float]:
    frame = warehouse.read_sql(f"select indicator_id, value from {table} where report_year = :y", {"y": year})
    assert not frame["indicator_id"].duplicated().any()
    return dict(zip(frame["indicator_id"], frame["value"]))


def _month(warehouse: Warehouse, month: str) -> dict[str, float]:
    frame = warehouse.read_sql("select indicator_id, value from ind_plie__monthly_ytd where month = :m", {"m": month})
    return dict(zip(frame["indicator_id"], frame["value"]))


def _day(value) -> str | None:
    """A date cell as yyyy-mm-dd, None when empty (DuckDB and PostgreSQL print them alike)."""
    return None if value is None or pd.isna(value) else str(value)[:10]


def _assert_figures(got: dict[str, float], expected: dict[str, float]) -> None:
    wrong = {k: (got.get(k), v) for k, v in expected.items() if got.get(k) != pytest.approx(v)}
    assert wrong == {}, "indicator: (got, expected)"


def test_participants_in_parcours_and_entries(warehouse):
    # in parcours 2025 (people): P1 (enters 01/01), P2 (2024, no exit), P3, P4 (its exit is rejected),
    # P5 (exits 2025), P7 (re-entered 2025: counted once, profile of the 2025 entry), P8, P9; not P6
    # entries 2025 (parcours): P1, P3, P4, P7 (re-entry), P8.
    # Seniors on the last day in parcours of 2025: P2 (50 on 03/03/2025), P3 (55), P8 (50 on 11/04);
    # not P9 (leaves on 18/11/2025, 50 on 25/11). At entry: P3 only (P8 is 49 and 364 days).
    figures = _year(warehouse, "ind_plie__participants")
    _assert_figures(figures, {
        "plie.participants.total": 8, "plie.accompagnement_renforce.participants": 8,
        "plie.entrees.total": 5, "plie.accompagnement_renforce.nouvelles_entrees": 5,
        "plie.participants.qpv": 1, "plie.participants.qpv.part_pct": 12.5,
        "plie.participants.hommes": 5, "plie.participants.hommes.part_pct": 62.5,  # P1, P4, P5, P7, P9
        "plie.participants.femmes": 3, "plie.participants.femmes.part_pct": 37.5,
        "plie.participants.seniors": 3, "plie.participants.seniors.part_pct": 37.5,
        "plie.participants.rsa": 5, "plie.participants.rsa.part_pct": 62.5,  # not P7 since 2025
        "plie.participants.niveau_cap": 4, "plie.participants.niveau_cap.part_pct": 50.0,  # P1, P3, P7, P8
        "plie.participants.entree_annee.part_pct": 62.5,  # P1, P3, P4, P7 (latest entry), P8
        "plie.participants.entree_n1_n2.part_pct": 25.0,  # P2, P9 (2024)
        "plie.participants.entree_anterieure.part_pct": 12.5,  # P5 (2022)
        "plie.entrees.qpv": 1, "plie.entrees.qpv.part_pct": 20.0,
        "plie.entrees.hommes.part_pct": 60.0, "plie.entrees.femmes.part_pct": 40.0,
        "plie.entrees.seniors": 1, "plie.entrees.seniors.part_pct": 20.0,  # P3; not P8 (a day short)
        "plie.entrees.rsa.part_pct": 80.0, "plie.entrees.niveau_cap.part_pct": 80.0,
        "plie.entrees.prescripteur.departement.part_pct": 20.0,  # P1
        "plie.entrees.prescripteur.france_travail.part_pct": 20.0,  # P7's re-entry
        "plie.entrees.prescripteur.autres.part_pct": 60.0,  # CCAS, MDE, CCAS
    })


def test_communes_come_from_the_territory_configuration(warehouse):
    figures = _year(warehouse, "ind_plie__participants")
    _assert_figures(figures, {
        "plie.participants.commune.59328": 2, "plie.participants.commune.59328.qpv": 1,
        "plie.participants.commune.59328.qpv.part_pct": 50.0,
        "plie.participants.commune.59378": 1, "plie.participants.commune.59368": 1,
        "plie.participants.commune.59527": 1, "plie.participants.commune.59636": 0,
        "plie.participants.commune.59482": 1, "plie.participants.commune.59386": 0,  # P7 moved
        "plie.entrees.commune.59328": 2, "plie.entrees.commune.59328.qpv.part_pct": 50.0,
        "plie.entrees.commune.59368": 1, "plie.entrees.commune.59611": 0,
    })
    communes = [k for k in figures if k.startswith("plie.participants.commune.") and k.count(".") == 3]
    assert len(communes) == 10  # every commune of config/territory.yaml, zero included
    assert "plie.participants.commune.59378.qpv" not in figures  # no QPV resident there


def test_exits(warehouse):
    # valid exits of 2025: P1 positive (31/12), P3 neutral, P5 other, P9 positive; P4's (before entry)
    # and PL-000099's (unknown participant) are rejected. P7's 2024 exit stays in 2024.
    figures = _year(warehouse, "ind_plie__sorties")
    _assert_figures(figures, {
        "plie.sorties.total": 4, "plie.sorties.positives": 2, "plie.sorties.neutres": 1, "plie.sorties.autres": 2,
        "plie.sorties.positives.taux_pct": 50.0,
        "plie.sorties.positives.taux_ajuste_pct": 200 / 3,  # 2 / (4 - 1 neutral)
        "plie.sorties.positives.objectif_pct": TARGET_PCT,
        "plie.sorties.duree_moyenne_mois": (364 + 194 + 831 + 442) / 4 / DAYS_PER_MONTH,
        "plie.sorties.positives.hommes": 2, "plie.sorties.positives.hommes.part_pct": 100.0,
        "plie.sorties.positives.femmes": 0, "plie.sorties.positives.femmes.part_pct": 0.0,
        "plie.sorties.positives.niveau_cap.part_pct": 50.0, "plie.sorties.positives.rsa.part_pct": 100.0,
        "plie.sorties.positives.seniors": 0,  # P9 leaves a week before turning 50
        "plie.sorties.positives.seniors.part_pct": 0.0,
        "plie.sorties.positives.commune.59328": 1, "plie.sorties.positives.commune.59611": 1,
        "plie.sorties.positives.commune.59356": 0,
    })


def test_rejected_exits_are_listed_with_their_reason(warehouse):
    rejected = warehouse.read_sql(
        "select rule, file, line, date_sortie, date_entree from qa_plie__rejected_exits order by rule"
    )
    assert rejected[["rule", "file", "line"]].values.tolist() == [
        ["exit_before_entry", "plie/2025/plie_sorties_2025-04.csv", 2],
        ["parcours_already_closed", "plie/2024/plie_sorties_2024-09.csv", 2],
        ["unknown_participant", "plie/2025/plie_sorties_2025-05.csv", 2],
    ]
    assert [_day(d) for d in rejected["date_entree"]] == ["2025-04-10", "2023-03-06", None]


def test_re_entry_keeps_the_earlier_parcours_in_its_years(warehouse):
    parcours = warehouse.read_sql(
        "select date_entree, date_sortie, categorie_sortie, code_commune from int_plie__parcours "
        "where id_participant = (select id_participant from int_plie__parcours where code_commune = '59482') "
        "order by date_entree"
    )
    assert [(_day(r.date_entree), _day(r.date_sortie), r.categorie_sortie if r.date_sortie else None, r.code_commune)
            for r in parcours.astype(object).where(parcours.notna(), None).itertuples()] == [
        ("2023-03-06", "2024-06-28", "positive", "59386"),
        ("2025-02-03", None, None, "59482"),
    ]


def test_steps(warehouse):
    # steps of 2025: ET-1, ET-2 (from 2024, ends 31/01), ET-3 (open), ET-6 (once, April start); not ET-4
    # (ended 2024) nor ET-5 (quarantined). Participants with a step: P1, P2, P4 (P3 has none).
    figures = _year(warehouse, "ind_plie__etapes")
    _assert_figures(figures, {
        "plie.etapes.total": 4, "plie.etapes.participants": 3,
        "plie.etapes.demarrees_annee": 3, "plie.etapes.demarrees_annee.part_pct": 75.0,
        "plie.etapes.emploi.part_pct": 50.0, "plie.etapes.emploi.demarrees_annee.part_pct": 100.0,
        "plie.etapes.formation.qualifiante.part_pct": 50.0,  # ET-2 of ET-2, ET-6
    })
    march = _month(warehouse, "2025-03")
    assert march["plie.etapes.total"] == 3  # ET-6 starts in April, as re-exported


def test_step_ending_before_its_start_is_quarantined(warehouse):
    rows = warehouse.read_sql(
        "select source, file, line, \"column\", rule, value from quarantine where source = 'plie__etapes' order by \"column\""
    )
    assert set(rows["line"]) == {2} and set(rows["file"]) == {"plie/2025/plie_etapes_2025-03.csv"}
    [row] = rows.itertuples()  # one quarantine row for the row and rule, naming the columns at fault
    assert (row.rule, row.column) == ("date_fin_not_before_date_debut", "date_debut, date_fin")
    assert row.value.count("2025") == 2 and "PL-" not in row.value  # the dates, no identifier
    assert warehouse.row_count("stg_plie__etapes", "id_etape = 'ET-5'") == 0


def test_financed_trainings(warehouse):
    # 2025 conventions: CV-1..CV-4 and CV-6, which pays for P3 and P4 (two trainees, one convention).
    # P1's professional training: latest convention CV-2, validated; P3's and P4's: CV-6, validated.
    # P2's licence runs into 2026; P4's licence not obtained.
    figures = _year(warehouse, "ind_plie__formations")
    _assert_figures(figures, {
        "plie.formations.conventions": 5, "plie.formations.organismes": 4, "plie.formations.participants": 4,
        "plie.formations.pro.participants": 3, "plie.formations.pro.validees": 3,
        "plie.formations.pro.en_cours": 0, "plie.formations.pro.non_validees": 0,
        "plie.formations.permis.participants": 2, "plie.formations.permis.obtenus": 0,
        "plie.formations.permis.en_cours": 1, "plie.formations.permis.non_obtenus": 1,
    })
    assert warehouse.row_count("stg_plie__formations", "id_convention = 'CV-6'") == 2


def test_social_support(warehouse):
    figures = _year(warehouse, "ind_plie__accompagnement_social")
    _assert_figures(figures, {
        "plie.accompagnement_social.participants": 4,
        "plie.accompagnement_social.heures": 9.0,  # 3 x 2,5 + 1,5
        "plie.accompagnement_social.actions_collectives": 1,
    })


def test_every_year_with_data_has_its_figures(warehouse):
    years = warehouse.read_sql("select distinct report_year from ind_plie__participants order by report_year")
    assert years["report_year"].tolist() == [2022, 2023, 2024, 2025]
    _assert_figures(_year(warehouse, "ind_plie__participants", 2024), {
        # P2, P5, P6, P7 (first parcours, left in June), P9; entries P2, P6, P9
        "plie.participants.total": 5, "plie.entrees.total": 3,
        "plie.participants.seniors": 0,  # P2 and P9 are 49 on 31/12/2024
    })
    _assert_figures(_year(warehouse, "ind_plie__sorties", 2024), {
        # P6 and P7's genuine exit; P7's stray September exit is rejected
        "plie.sorties.total": 2, "plie.sorties.positives.taux_pct": 100.0,
        "plie.sorties.duree_moyenne_mois": (272 + 480) / 2 / DAYS_PER_MONTH,
        "plie.sorties.positives.objectif_pct": TARGET_PCT,
    })
    _assert_figures(_year(warehouse, "ind_plie__participants", 2023), {
        "plie.participants.total": 2, "plie.entrees.total": 1,  # P5, P7; P7's first entry
    })


def test_monthly_year_to_date(warehouse):
    # P2 turns 50 on 3 March 2025: senior from the March period on; P8 enters on 10 April and turns 50
    # the next day: senior among the April participants, not among the entries
    seniors = [_month(warehouse, m)["plie.participants.seniors"] for m in ("2025-01", "2025-02", "2025-03", "2025-04")]
    assert seniors == [0, 0, 2, 3]
    assert _month(warehouse, "2025-04")["plie.entrees.seniors"] == 1  # P3
    # P1's training: in March only CV-1 (ended, not validated); in May CV-2 is the latest, running
    assert _month(warehouse, "2025-03")["plie.formations.pro.non_validees"] == 1
    assert _month(warehouse, "2025-05")["plie.formations.pro.en_cours"] == 1
    assert _month(warehouse, "2025-01")["plie.entrees.total"] == 1  # P1, entered on 1 January
    assert _month(warehouse, "2025-02")["plie.entrees.total"] == 2  # and P7's re-entry
    assert _month(warehouse, "2025-11")["plie.sorties.total"] == 3  # P1's exit is on 31 December
    assert _month(warehouse, "2025-12")["plie.sorties.total"] == 4


def test_december_year_to_date_is_the_yearly_figure(warehouse):
    yearly = warehouse.read_sql(
        "select cast(report_year as varchar) || '-12' as month, indicator_id, value from ind_plie__participants "
        "union all select cast(report_year as varchar) || '-12', indicator_id, value from ind_plie__etapes "
        "union all select cast(report_year as varchar) || '-12', indicator_id, value from ind_plie__sorties "
        "union all select cast(report_year as varchar) || '-12', indicator_id, value from ind_plie__formations "
        "union all select cast(report_year as varchar) || '-12', indicator_id, value from ind_plie__accompagnement_social"
    )
    monthly = warehouse.read_sql("select month, indicator_id, value from ind_plie__monthly_ytd where month like '%-12'")
    key = ["month", "indicator_id"]
    left, right = yearly.sort_values(key).reset_index(drop=True), monthly.sort_values(key).reset_index(drop=True)
    assert left[key].equals(right[key])
    assert left["value"].fillna(-1).tolist() == pytest.approx(right["value"].fillna(-1).tolist())


def test_no_personal_data_leaves_ingestion(warehouse):
    tables = warehouse.read_sql(
        "select table_name from information_schema.tables where table_schema = current_schema()"
    )["table_name"].tolist()
    births = sorted("-".join(reversed(b.split("/"))) for b in BIRTH_DATES)  # ISO, as a warehouse prints dates
    for table in tables:
        frame = warehouse.read_sql(f'select * from "{table}"')
        text = frame.astype(str).to_string()
        leaked = [t for t in CLEAR_TEXTS if t in text]
        assert leaked == [], f"{table} holds {leaked}"
        assert not {"nom", "prenom", "telephone", "email", "th"} & set(frame.columns), table
        if table != "raw_plie__participants":  # the exact birth date stays in the raw table only
            assert not [c for c in frame.columns if "naissance" in c], table
            assert [b for b in births if b in text] == [], table
    raw = warehouse.read_sql("select date_naissance from raw_plie__participants")["date_naissance"]
    assert sorted({str(b)[:10] for b in raw}) == births  # exact, not cut to the month

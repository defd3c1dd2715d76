"""The Mission Locale i-milo definitions (docs/ml-extracts.md), asserted on six hand-built young
people whose figures are known by construction, edges included: a first reception on 31 December,
a situation spanning two years, a CEJ entered in one year and left in the next (events on its entry
and exit days, before and after it), a birthday later in the month than a situation's start (on
both sides of the 18-21 band), a level reached before and after a situation's start, a situation re-exported in a later month with its start corrected,
a situation ending before it starts, a key twice in one file, an amount with three decimals, and allowance cents that a
float sum gets wrong (545,48 + 0,10 + 0,20).

The extracts are written as i-milo writes them (Windows-1252, `;`, CRLF, dd/mm/yyyy, decimal
commas, one file per source and month) and go through Dagster runs of the Mission Locale assets.
"""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import dagster as dg
import pytest

from assets.sql_models import model_asset
from conftest import TEST_KEY
from ingestion import ExtractContract
from pipelines.definitions import build_definitions, resources_for
from pipelines.partitions import range_tags
from pipelines.settings import PROJECT_ROOT, Settings
from sample_data.ml.imilo import COLUMNS
from schemas import ml
from warehouse import Warehouse

FIRST_MONTH, LAST_MONTH = "2024-01", "2025-12"


def _dossier(jid, nom, naissance, sexe, commune, qpv, niveau, accueil):
    return [jid, nom, "Alex", "06 11 22 33 44", f"{nom.lower()}@example.com", naissance, sexe, commune, qpv, niveau, "O", "N", accueil]


def _event(eid, jid, day, kind="Entretien individuel", session=""):
    return [eid, jid, day, kind, "Présentiel" if kind != "SMS" else "À distance", session, "CONS-001", ""]


# (file month, row) per source.
RECORDS = {
    "dossiers": [
        # J1: first reception on 31 December 2025
        ("2025-12", _dossier("IM0000001", "DURAND", "12/05/2006", "F", "59328", "N", "4", "31/12/2025")),
        # J2: turns 22 on 20 June 2025, the CDD starts on 10 June: 21 at the start (in the 18-21 band)
        ("2024-03", _dossier("IM0000002", "PETIT", "20/06/2003", "H", "59378", "N", "3", "15/03/2024")),
        # J3: turns 18 on 25 February 2025, the temp job starts on 10 February: 17 (not in the band)
        ("2025-01", _dossier("IM0000003", "MARTIN", "25/02/2007", "H", "59368", "N", "2", "05/01/2025")),
        # J4: a CDI from November 2024 to March 2025 (both years), 25 at its start; level 3 at first
        # reception, 5 from 15 October 2024 (before the CDI: not below the bac)
        ("2024-10", _dossier("IM0000004", "ROUX", "01/01/1999", "F", "59527", "N", "3", "01/10/2024")),
        # J5: CEJ from 1 October 2024 to 31 March 2025
        ("2024-09", _dossier("IM0000005", "SIMON", "03/03/2004", "F", "59328", "N", "4", "01/09/2024")),
        # J6: enters a CEJ on 1 December 2025, lives in a QPV
        ("2025-11", _dossier("IM0000006", "LAMBERT", "08/08/2005", "H", "59328", "O", "3", "20/11/2025")),
    ],
    "evenements": [
        ("2024-03", _event("EV-01", "IM0000002", "20/03/2024")),
        ("2024-09", _event("EV-02", "IM0000005", "15/09/2024")),  # before the CEJ: a contact, not a CEJ contact
        ("2024-10", _event("EV-03", "IM0000005", "01/10/2024")),  # CEJ entry day: a CEJ contact
        ("2025-12", _event("EV-04", "IM0000001", "31/12/2025")),
        ("2025-03", _event("EV-05", "IM0000002", "10/03/2025")),
        ("2025-03", _event("EV-06", "IM0000002", "11/03/2025", "SMS")),
        ("2025-12", _event("EV-07", "IM0000002", "05/12/2025", "Atelier collectif", "S1")),
        ("2025-12", _event("EV-08", "IM0000002", "06/12/2025", "Atelier collectif", "S2")),  # nobody in CEJ at S2
        ("2025-01", _event("EV-09", "IM0000003", "05/01/2025")),
        ("2025-01", _event("EV-10", "IM0000005", "15/01/2025")),
        ("2025-03", _event("EV-11", "IM0000005", "31/03/2025", "Appel téléphonique")),  # CEJ exit day
        ("2025-04", _event("EV-12", "IM0000005", "01/04/2025", "SMS")),  # after the CEJ
        ("2025-12", _event("EV-13", "IM0000006", "05/12/2025", "Atelier collectif", "S1")),
        ("2025-12", _event("EV-14", "IM0000006", "02/12/2025")),
    ],
    "propositions": [
        ("2025-03", ["PR-1", "IM0000002", "10/03/2025", "Emploi", ""]),
        ("2025-03", ["PR-2", "IM0000002", "10/03/2025", "Formation", ""]),
        ("2025-01", ["PR-3", "IM0000003", "05/01/2025", "Emploi", ""]),
        ("2025-01", ["PR-4", "IM0000005", "15/01/2025", "Logement", ""]),
        # the same key twice in one file: both lines quarantined, neither counted
        ("2025-02", ["PR-5", "IM0000003", "03/02/2025", "Emploi", ""]),
        ("2025-02", ["PR-5", "IM0000003", "04/02/2025", "Mobilité", ""]),
    ],
    "situations": [
        ("2025-06", ["SIT-1", "IM0000002", "Emploi", "CDD", "", "10/06/2025", "30/09/2025", "N1103", "Transports et entreposage"]),
        ("2025-02", ["SIT-2", "IM0000003", "Emploi", "Intérim", "", "10/02/2025", "28/02/2025", "H3302", "Industrie manufacturière"]),
        ("2024-11", ["SIT-3", "IM0000004", "Emploi", "CDI", "", "01/11/2024", "31/03/2025", "D1106", "Commerce"]),
        ("2025-02", ["SIT-4", "IM0000005", "Immersion professionnelle", "PMSMP", "", "10/02/2025", "21/02/2025", "K1302", ""]),
        ("2025-04", ["SIT-5", "IM0000005", "Formation", "", "Qualifiante", "05/04/2025", "30/06/2025", "K1302", ""]),
        ("2025-09", ["SIT-6", "IM0000004", "Alternance", "Apprentissage", "", "01/09/2025", "", "D1106", "Commerce"]),
        # exported with a March start, then corrected to April in the April file: counted once
        ("2025-03", ["SIT-9", "IM0000003", "Formation", "", "Retour en formation initiale", "20/03/2025", "30/06/2025", "F1703", ""]),
        ("2025-04", ["SIT-9", "IM0000003", "Formation", "", "Retour en formation initiale", "15/04/2025", "30/06/2025", "F1703", ""]),
        # ends before it starts: quarantined
        ("2025-05", ["SIT-10", "IM0000002", "Emploi", "CDD", "", "10/05/2025", "01/05/2025", "N1103", ""]),
    ],
    "dispositifs": [
        ("2024-10", ["ACC-1", "IM0000005", "CEJ", "01/10/2024", "31/03/2025", "Fin de parcours"]),
        ("2025-12", ["ACC-2", "IM0000006", "CEJ", "01/12/2025", "", ""]),
        ("2025-01", ["ACC-3", "IM0000003", "PACEA", "10/01/2025", "", ""]),
        ("2024-06", ["ACC-4", "IM0000002", "Suivi renforcé TH", "01/06/2024", "31/01/2025", "Fin de parcours"]),
    ],
    "aides": [
        ("2025-01", ["AID-1", "IM0000005", "Allocation CEJ", "31/01/2025", "Accordée", "Subsistance", "545,48"]),
        ("2025-02", ["AID-2", "IM0000005", "Allocation CEJ", "28/02/2025", "Accordée", "Subsistance", "0,10"]),
        ("2025-03", ["AID-3", "IM0000005", "Allocation CEJ", "31/03/2025", "Accordée", "Subsistance", "0,20"]),
        ("2025-04", ["AID-4", "IM0000002", "FAJ", "10/04/2025", "Accordée", "Logement", "100,00"]),
        ("2025-06", ["AID-5", "IM0000002", "FAJ", "10/06/2025", "Accordée", "Transport", "50,55"]),
        ("2025-07", ["AID-6", "IM0000003", "FAJ", "10/07/2025", "Refusée", "Subsistance", ""]),
        ("2025-12", ["AID-7", "IM0000006", "Fonds ML", "15/12/2025", "Accordée", "Formation", "1 234,56"]),
        ("2025-12", ["AID-8", "IM0000001", "Repas", "31/12/2025", "Accordée", "Repas", "4,90"]),
        # three decimals: quarantined, not rounded
        ("2025-05", ["AID-9", "IM0000003", "Mobilité MDE", "12/05/2025", "Accordée", "Transport", "12,345"]),
    ],
    "niveaux": [
        ("2024-10", ["IM0000004", "15/10/2024", "5", "BTS / DUT"]),
        # J2 passes the bac after the start of the CDD (10 June): still below the bac for it
        ("2025-08", ["IM0000002", "01/08/2025", "4", "Baccalauréat"]),
    ],
}
CLEAR_TEXTS = ["IM00000", "DURAND", "PETIT", "example.com", "06 11 22", "20/06/2003", "2003-06-20"]


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year}-{month:02d}" <= last:
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def write_extracts(folder: Path) -> None:
    for month in _months(FIRST_MONTH, LAST_MONTH):
        target = folder / "ml" / month[:4]
        target.mkdir(parents=True, exist_ok=True)
        for source, columns in COLUMNS.items():
            with (target / f"imilo_{source}_{month}.csv").open("w", encoding="cp1252", newline="") as handle:
                writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
                writer.writerow(columns)
                writer.writerows(row for file_month, row in RECORDS[source] if file_month == month)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, module_warehouse_url) -> Warehouse:
    folder = tmp_path_factory.mktemp("ml_definitions")
    write_extracts(folder / "extracts")
    settings = Settings(
        extracts_dir=folder / "extracts",
        warehouse_url=module_warehouse_url,
        output_dir=folder / "out",
        territory_file=PROJECT_ROOT / "config" / "territory.yaml",
        pseudonymisation_key=TEST_KEY,
    )
    defs = build_definitions(settings)
    graph = defs.resolve_asset_graph()
    assets, resources = list(defs.assets), resources_for(settings)
    raw = sorted({dg.AssetKey(ExtractContract(s).asset) for s in ml.CONTRACTS}, key=str)  # the source's one ingestion asset
    dg.materialize(assets, selection=raw, resources=resources, tags=range_tags(FIRST_MONTH, LAST_MONTH))
    # the i-milo models: every ml model built on these raw tables only (not the actions' models)
    references = [dg.AssetKey("ref_ml__domaines_rome"), model_asset("ref_calendar__ytd_periods")]
    built = {*raw, *references}
    candidates = [k for k in graph.get_all_asset_keys() if graph.get(k).group_name == "ml" and graph.get(k).partitions_def is None]
    models = list(references)
    while True:
        more = [k for k in candidates if k not in built and graph.get(k).parent_keys <= built]
        if not more:
            break
        built.update(more)
        models += more
    dg.materialize(assets, selection=models, resources=resources)
    return Warehouse(module_warehouse_url)


def _year(warehouse: Warehouse, year: int = 2025) -> dict[str, Decimal]:
    frames = [
        warehouse.read_sql(f"select indicator_id, value from ind_ml__{m} where report_year = :y", {"y": year})
        for m in ("public", "situations", "dispositifs", "aides", "evolutions")
    ]
    out = {}
    for frame in frames:
        assert not frame["indicator_id"].duplicated().any()
        out.update(zip(frame["indicator_id"], frame["value"]))
    return out


def _assert_figures(got: dict, expected: dict) -> None:
    wrong = {k: (got.get(k), v) for k, v in expected.items()
             if got.get(k) is None or float(got[k]) != pytest.approx(float(v), abs=1e-6)}
    assert wrong == {}, "indicator: (got, expected)"


def test_public_contacts_interviews_registrations(warehouse):
    figures = _year(warehouse)
    _assert_figures(figures, {
        "ml.public.nouvelles_inscriptions": 3,  # J1 (31 December), J3, J6
        "ml.public.contacts": 11,
        "ml.public.entretiens": 5,
        "ml.public.jeunes_entretien": 5,  # J1, J2, J3, J5, J6
        "ml.public.propositions": 4, "ml.public.propositions.emploi.part_pct": 50,
        "ml.public.nouvelles_inscriptions.evol_pct": 0,  # 3 in 2024 too (J2, J4, J5)
        "ml.public.contacts.evol_pct": 100 * (11 - 3) / 3,
        "ml.public.jeunes_entretien.evol_pct": 150,  # 2 young people with an interview in 2024
    })


def test_situations_spanning_two_years_and_ages_from_exact_birth_dates(warehouse):
    figures = _year(warehouse)
    _assert_figures(figures, {
        "ml.emploi.situations": 3, "ml.emploi.jeunes": 3,  # J2, J3, J4 (CDI from 2024); SIT-10 quarantined
        "ml.emploi.cdi": 1, "ml.emploi.situations.evol_pct": 200, "ml.emploi.cdi.evol_pct": 0,
        "ml.emploi.age_18_21": 1,  # J2 is 21 on 10 June (22 on the 20th); J3 is 17 on 10 February
        "ml.emploi.age_18_21.part_pct": 100 / 3,
        "ml.emploi.hommes.part_pct": 200 / 3,
        "ml.emploi.infra_bac.part_pct": 200 / 3,  # J2 (bac after the start), J3; not J4 (level 5 before the start)
        "ml.emploi.transport_logistique.part_pct": 100 / 3,
        "ml.formation.situations": 2, "ml.formation.jeunes": 2, "ml.formation.retours_formation_initiale": 1,
        "ml.formation.qualification.part_pct": 50, "ml.formation.sap.part_pct": 50, "ml.formation.infra_bac.part_pct": 50,
        "ml.alternance.jeunes_suivis": 1, "ml.alternance.contrats_signes": 1, "ml.alternance.commerce_vente.part_pct": 100,
        "ml.orientation.pmsmp_conventions": 1,
    })
    assert _year(warehouse, 2024)["ml.emploi.situations"] == 1  # the CDI counts in 2024 as well


def test_cej_entered_in_one_year_and_left_in_the_next(warehouse):
    figures = _year(warehouse)
    _assert_figures(figures, {
        "ml.cej.jeunes": 2,  # J5 (entered 2024, left March 2025), J6
        "ml.cej.entrees_annee": 1, "ml.cej.entrees_annee.qpv": 1,  # J6
        "ml.cej.contacts": 4,  # J5: 15/01 and 31/03 (exit day), not 01/04; J6: 02/12 and workshop S1
        "ml.cej.contacts_par_jeune": 2,
        "ml.cej.mesures": 1, "ml.cej.jeunes_mesures": 1,  # J5's PMSMP; the training after the exit is not one
        "ml.cej.solution_pro.part_pct": 50,
        "ml.cej.ateliers": 1, "ml.cej.ateliers_par_mois": 1 / 12,  # S1 (J6 attended); S2 had nobody in CEJ
        "ml.pacea.entrees": 1, "ml.sante.th_suivi_renforce": 1,
    })
    _assert_figures(_year(warehouse, 2024), {"ml.cej.jeunes": 1, "ml.cej.entrees_annee": 1, "ml.cej.contacts": 1})


def test_allowances_are_exact_to_the_cent(warehouse):
    figures = _year(warehouse)
    assert figures["ml.aides.cej.montant"] == Decimal("545.78")  # a float sum gives 545.7800000000001
    assert figures["ml.aides.total.montant"] == Decimal("1935.79")  # 545.78 + 150.55 + 1234.56 + 4.90
    assert isinstance(figures["ml.aides.total.montant"], Decimal)
    _assert_figures(figures, {
        "ml.aides.cej.jeunes": 1,
        "ml.aides.faj.montant": Decimal("150.55"), "ml.aides.faj.jeunes": 1, "ml.aides.faj.dossiers": 3,
        "ml.aides.fonds_ml.montant": Decimal("1234.56"), "ml.aides.fonds_ml.formations": 1,
        "ml.aides.repas.montant": Decimal("4.90"), "ml.aides.pacea.montant": 0,
        "ml.aides.mobilite_mde.montant": 0, "ml.aides.mobilite_mde.jeunes": 0,  # its only aid had three decimals
    })
    stored = warehouse.read_sql("select montant from raw_ml__aides where type_aide = 'Allocation CEJ'")
    assert sorted(stored["montant"]) == [Decimal("0.10"), Decimal("0.20"), Decimal("545.48")]


def test_rejected_rows_are_quarantined_with_their_reason(warehouse):
    rows = warehouse.read_sql("select source, file, line, rule, reason from quarantine where source like 'ml%' order by source, line")
    assert rows[["source", "file", "line", "rule"]].values.tolist() == [
        ["ml__aides", "ml/2025/imilo_aides_2025-05.csv", 2, "type:decimal"],
        ["ml__propositions", "ml/2025/imilo_propositions_2025-02.csv", 2, "duplicate_key"],
        ["ml__propositions", "ml/2025/imilo_propositions_2025-02.csv", 3, "duplicate_key"],
        ["ml__situations", "ml/2025/imilo_situations_2025-05.csv", 2, "date_fin_not_before_date_debut"],
    ]
    assert all(reason for reason in rows["reason"])


def test_no_personal_data_beyond_raw(warehouse):
    tables = warehouse.read_sql(
        "select table_name from information_schema.tables where table_schema = current_schema() "
        "and (table_name like 'stg_ml%' or table_name like 'int_ml%' or table_name like 'ind_ml%')"
    )["table_name"].tolist()
    assert len(tables) >= 15
    for table in tables:
        frame = warehouse.read_sql(f'select * from "{table}"')
        assert "date_naissance" not in frame.columns
        text = frame.astype(str).to_csv()
        assert not [t for t in CLEAR_TEXTS if t in text], table
    raw = warehouse.read_sql("select * from raw_ml__dossiers")
    assert {"nom", "prenom", "telephone", "email", "rqth"}.isdisjoint(raw.columns)

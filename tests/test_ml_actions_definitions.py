"""The definitions of the figures of the ML's own registers (docs/ml-actions-extracts.md), asserted on
a handful of hand-built records whose figures are known by construction, edges included: absent and
excused attendees, a partner's staff at a SEEPH action, a young person at two actions of a theme,
an action re-exported a month later with its date corrected, attendance at an action no register
holds, no-shows and cancellations, a minor whose 18th birthday is later in the reference month and
one whose birthday was earlier that month, an enrolment carried over from the year before, a young
person in two vocational-school schemes, two departures of one young person, a civic-service
mission carried over, a young person oriented twice, a row ending before it starts, a young person
recorded twice for one action in one file (a duplicate key).

The extracts are written as the registers are exported (Windows-1252, `;`, CRLF, dd/mm/yyyy, one
file per register and month) and go through the public surface: Dagster runs of the ML assets.
"""
from __future__ import annotations

import csv
import math
from pathlib import Path

import dagster as dg
import pytest

from assets.sql_models import model_asset
from conftest import TEST_KEY
from ingestion import ExtractContract
from pipelines.definitions import build_definitions, resources_for
from pipelines.partitions import range_tags
from pipelines.settings import PROJECT_ROOT, Settings
from schemas import ALL_SCHEMAS, ml_actions
from warehouse import Warehouse

FIRST_MONTH, LAST_MONTH = "2024-01", "2025-12"
J = {n: f"41000{n:02d}" for n in range(1, 10)}  # i-milo ids of young people J1..J9
MY_MODELS = [
    "ind_ml__sante", "ind_ml__orientation_actions", "ind_ml__mobilite_internationale", "ind_ml__partenariat_ft",
    "ind_ml__dispositifs_actions", "ind_ml__citoyennete", "ind_ml__parole_jeunes", "ind_ml__actions_monthly_ytd",
    "qa_ml__presences_sans_action",
]


def _action(aid, day, theme, partner=""):
    return (day[6:] + "-" + day[3:5], [aid, day, theme, theme, partner])


def _att(aid, day, who, presence="Présent", category="Jeune", month=None):
    return (month or day[6:] + "-" + day[3:5], [aid, day, who, category, presence])


def _dated(column_index):
    def wrap(row):
        day = row[column_index]
        return (day[6:] + "-" + day[3:5], row)
    return wrap


_appointment = _dated(2)
_enrolment = _dated(4)
_departure = _dated(6)
_mission = _dated(4)
_orientation = _dated(2)
_prospection = _dated(1)

RECORDS = {
    "actions_collectives": [
        _action("A1", "10/03/2025", "Santé - Nutrition"),
        _action("A2", "12/06/2025", "Santé - Nutrition"),
        _action("A3", "18/11/2025", "SEEPH", "Cap Emploi"),
        # first exported in April, then moved to 5 May in the May file: counted once, in May
        _action("A4", "28/04/2025", "Culture"),
        _action("A4", "05/05/2025", "Culture"),
        _action("A5", "03/02/2025", "Discriminations", "PRISMA"),
        _action("A6", "03/09/2025", "Discriminations"),
        _action("A7", "20/05/2025", "Coaching collectif"),
        _action("A8", "15/01/2025", "Mobilité internationale - Atelier"),
        _action("A9", "01/10/2025", "Service civique - Forum de l'engagement"),
        _action("A10", "03/03/2025", "Service civique - Réunion d'information"),
        _action("A11", "19/11/2024", "SEEPH"),
        _action("A12", "01/07/2025", "Atelier formation"),
        _action("A13", "04/04/2025", "Comité des usagers"),
        _action("A14", "06/06/2025", "Travaux IBS"),
        _action("A15", "20/06/2025", "Découverte des métiers"),
        _action("A16", "01/12/2025", "Mobilité internationale - Forum"),
        _action("A17", "15/09/2025", "Service civique - Formation civique"),
    ],
    "participations_actions": [
        _att("A1", "10/03/2025", J[1]), _att("A1", "10/03/2025", J[2]), _att("A1", "10/03/2025", J[3], "Absent"),
        _att("A2", "12/06/2025", J[1]), _att("A2", "12/06/2025", J[4], "Excusé"), _att("A2", "12/06/2025", J[5]),
        _att("A3", "18/11/2025", J[1]), _att("A3", "18/11/2025", "CT-001", category="Partenaire"),
        _att("A3", "18/11/2025", "CT-002", "Absent", "Partenaire"),
        _att("A4", "28/04/2025", J[1]), _att("A4", "28/04/2025", J[2]),
        _att("A4", "05/05/2025", J[1]), _att("A4", "05/05/2025", J[2]), _att("A4", "05/05/2025", J[3]),
        _att("A5", "03/02/2025", J[1]), _att("A5", "03/02/2025", "CT-003", category="Partenaire"),
        _att("A6", "03/09/2025", J[2]),
        _att("A7", "20/05/2025", J[6]),
        _att("A10", "03/03/2025", J[7]), _att("A9", "01/10/2025", J[8]), _att("A9", "01/10/2025", J[7]),
        _att("A99", "12/08/2025", J[9]),  # no actions file holds A99
        _att("A11", "19/11/2024", J[1]), _att("A11", "19/11/2024", "CT-001", category="Partenaire"),
        _att("A13", "04/04/2025", J[1]), _att("A13", "04/04/2025", J[2]),
        # J3 twice for one action in one file: a duplicate key, both lines quarantined, J3 not counted
        _att("A13", "04/04/2025", J[3]), _att("A13", "04/04/2025", J[3], "Absent"),
        _att("A14", "06/06/2025", J[3]),
        _att("A15", "20/06/2025", J[4]), _att("A15", "20/06/2025", J[5], "Absent"),
        _att("A16", "01/12/2025", J[2]),
    ],
    "entretiens_individuels": [_appointment(r) for r in [
        ["E1", J[1], "10/02/2025", "Psychologue", "Réalisé", "Orienté vers le CMP"],
        ["E2", J[1], "10/03/2025", "Psychologue", "Réalisé", ""],
        ["E3", J[2], "12/03/2025", "Psychologue", "Absent", ""],
        ["E4", J[3], "01/04/2025", "Psychologue", "Réalisé", ""],
        ["E5", J[1], "02/05/2024", "Psychologue", "Réalisé", ""],
        ["E6", J[2], "03/06/2024", "Psychologue", "Réalisé", ""],
        ["E7", J[4], "05/05/2025", "Déléguée sociale CPAM", "Réalisé", ""],
        ["E8", J[4], "05/06/2025", "Déléguée sociale CPAM", "Réalisé", ""],
        ["E9", J[5], "06/06/2025", "Déléguée sociale CPAM", "Annulé", ""],
        ["E10", J[6], "07/07/2025", "Bilan de santé", "Réalisé", ""],
        ["E11", J[7], "20/01/2025", "Mobilité internationale", "Réalisé", ""],
        ["E12", J[8], "21/01/2025", "Mobilité internationale", "Absent", ""],
        ["E13", J[6], "03/03/2025", "Coaching", "Réalisé", ""],
        ["E14", J[9], "04/03/2025", "Coaching", "Réalisé", ""],
    ]],
    "inscriptions_dispositifs": [_enrolment(r) for r in [
        # minor on 1 March 2025 (16), compliant
        ["D1", J[1], "10/05/2008", "Obligation de formation", "01/03/2025", "", "", "O", "Dossier complet"],
        # turns 18 on 20 March, after the enrolment's start on 15 March: a minor that day; not compliant
        ["D2", J[2], "20/03/2007", "Obligation de formation", "15/03/2025", "19/03/2025", "", "N", ""],
        # turned 18 on 5 March, before the start on 15 March: not a minor
        ["D3", J[3], "05/03/2007", "Obligation de formation", "15/03/2025", "", "", "O", ""],
        # started in 2024 at 17; 18 since 20 December 2024: a minor in 2024, not in 2025
        ["D4", J[4], "20/12/2006", "Obligation de formation", "01/09/2024", "", "", "O", ""],
        # unknown birth date: not a minor
        ["D5", J[5], "", "Obligation de formation", "02/06/2025", "", "", "O", ""],
        ["D6", J[6], "01/01/2007", "Parcours Ambition Emploi", "10/01/2025", "10/04/2025", "", "", ""],
        ["D7", J[6], "01/01/2007", "Avenir Pro", "01/05/2025", "30/06/2025", "", "", ""],
        ["D8", J[7], "01/01/2007", "Tous Droits Ouverts", "01/10/2024", "31/01/2025", "", "", ""],
        ["D9", J[8], "01/01/2003", "Parrainage", "03/02/2025", "", "PA-1", "", ""],
        ["D10", J[9], "01/01/2003", "Parrainage", "03/03/2025", "", "PA-1", "", ""],
        ["D11", J[1], "10/05/2008", "Parrainage", "10/01/2024", "20/12/2024", "PA-2", "", ""],
        ["D12", J[2], "20/03/2007", "JSMJ milieu fermé", "01/04/2025", "", "", "", ""],
        ["D13", J[3], "05/03/2007", "JSMJ milieu ouvert", "02/05/2025", "", "", "", ""],
        ["D14", J[4], "20/12/2006", "FSE+ Handicap", "03/06/2024", "28/02/2025", "", "", ""],
        ["D15", J[5], "01/01/2004", "FSE+ Alternance", "01/09/2025", "", "", "", ""],
        ["D16", J[5], "01/01/2004", "FSE+ Numérique", "06/01/2025", "01/02/2025", "", "", ""],
        # ends before it starts: quarantined
        ["D17", J[6], "01/01/2007", "FSE+ Numérique", "03/02/2025", "01/02/2025", "", "", ""],
    ]],
    "departs_internationaux": [_departure(r) for r in [
        ["DP1", J[1], "Erasmus+", "Let's go pro", "", "Malte", "03/03/2025", "01/04/2025"],
        ["DP2", J[1], "Échanges de jeunes", "Ryse", "Centre Gaïa", "Portugal", "01/07/2025", "15/07/2025"],
        ["DP3", J[2], "Au pair", "", "Cultura Care", "États-Unis", "02/09/2024", "31/08/2025"],
        ["DP4", J[3], "Corps Européen de Solidarité", "", "ADICE", "Grèce", "01/10/2025", ""],
    ]],
    "missions_service_civique": [_mission(r) for r in [
        ["SC1", J[1], "Mairie de Lambersart", "ML", "01/10/2024", "30/06/2025"],
        ["SC2", J[2], "Unis-Cité Lille", "ML", "03/02/2025", "30/09/2025"],
        ["SC3", J[3], "AFEV Lille", "Structure d'accueil", "03/11/2025", ""],
        ["SC4", J[4], "Mairie de Wambrechies", "ML", "02/01/2024", "31/08/2024"],
        ["SC5", J[5], "AFEV Lille", "Structure d'accueil", "03/03/2025", "01/03/2025"],  # quarantined
    ]],
    "orientations_ft": [_orientation(r) for r in [
        ["O1", J[1], "03/02/2025", "N", "O", "10/02/2025"],
        ["O2", J[1], "02/05/2025", "O", "O", "05/05/2025"],
        ["O3", J[2], "03/03/2025", "O", "N", ""],
        ["O4", J[3], "01/04/2025", "N", "O", "05/04/2025"],
        ["O5", J[4], "02/12/2024", "N", "O", "06/01/2025"],
    ]],
    "prospection": [_prospection(r) for r in [
        ["PR1", "22/04/2025", "Professionnel", "CT-101", "France Travail", ""],
        ["PR1", "22/04/2025", "Professionnel", "CT-102", "Association", ""],
        ["PR1", "22/04/2025", "Entreprise", "12345678900011", "", "2"],
        ["PR1", "22/04/2025", "Entreprise", "98765432100022", "", "0"],
        ["PR2", "10/09/2025", "Professionnel", "CT-101", "France Travail", ""],
        ["PR2", "10/09/2025", "Entreprise", "12345678900011", "", "1"],
    ]],
}
CLEAR_TEXTS = [*J.values(), "CT-00", "PA-1", "Orienté vers le CMP", "Dossier complet", "12345678900011"]


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year}-{month:02d}" <= last:
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def write_extracts(folder: Path) -> None:
    """Every monthly file of the range, in the registers' layout (header-only where nothing is dated)."""
    for schema in ml_actions.CONTRACTS:
        register = schema.name.removeprefix("ml__")
        columns = list(schema.columns)
        for month in _months(FIRST_MONTH, LAST_MONTH):
            target = folder / "ml" / month[:4]
            target.mkdir(parents=True, exist_ok=True)
            with (target / f"ml_{register}_{month}.csv").open("w", encoding="cp1252", newline="") as handle:
                writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
                writer.writerow(columns)
                writer.writerows(row for file_month, row in RECORDS[register] if file_month == month)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, module_warehouse_url) -> Warehouse:
    folder = tmp_path_factory.mktemp("ml_actions_definitions")
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
    raw = sorted({dg.AssetKey(ExtractContract(s).asset) for s in ml_actions.CONTRACTS}, key=str)  # the source's one ingestion asset
    dg.materialize(assets, selection=raw, resources=resources, tags=range_tags(FIRST_MONTH, LAST_MONTH))
    upstream = dg.AssetSelection.assets(*map(model_asset, MY_MODELS)).upstream().resolve(graph)
    models = [k for k in upstream if graph.get(k).partitions_def is None]
    dg.materialize(assets, selection=models, resources=resources)
    return Warehouse(module_warehouse_url)


def _year(warehouse: Warehouse, year: int = 2025) -> dict[str, float]:
    tables = [m for m in MY_MODELS if m.startswith("ind_") and not m.endswith("monthly_ytd")]
    union = " union all ".join(f"select indicator_id, value from {t} where report_year = {year}" for t in tables)
    frame = warehouse.read_sql(union)
    assert not frame["indicator_id"].duplicated().any()
    return dict(zip(frame["indicator_id"], frame["value"]))


def _month(warehouse: Warehouse, month: str) -> dict[str, float]:
    frame = warehouse.read_sql("select indicator_id, value from ind_ml__actions_monthly_ytd where month = :m", {"m": month})
    return dict(zip(frame["indicator_id"], frame["value"]))


def _assert_figures(got: dict[str, float], expected: dict[str, float]) -> None:
    wrong = {k: (got.get(k), v) for k, v in expected.items() if got.get(k) != pytest.approx(v)}
    assert wrong == {}, "indicator: (got, expected)"


def test_health(warehouse):
    _assert_figures(_year(warehouse), {
        "ml.sante.nutrition": 3,  # J1 (twice), J2, J5; not J3 (absent) nor J4 (excused)
        "ml.sante.seeph.participants": 2,  # J1 and a partner's staff member present; the absent one not
        "ml.sante.psychologue.jeunes": 2, "ml.sante.psychologue.entretiens": 3,  # J2's no-show not counted
        "ml.sante.psychologue.entretiens.evol_pct": 50.0,  # 3 held in 2025, 2 in 2024
        "ml.sante.cpam.jeunes": 1, "ml.sante.bilan_sante": 1, "ml.sante.activite_physique": 0,
    })
    _assert_figures(_year(warehouse, 2024), {"ml.sante.seeph.participants": 2, "ml.sante.psychologue.entretiens": 2})
    assert math.isnan(_year(warehouse, 2024)["ml.sante.psychologue.entretiens.evol_pct"])  # no 2023 data


def test_training_obligation_counts_minors_from_exact_birth_dates(warehouse):
    # 2025: J1 (16) and J2 (18 five days after the enrolment's start); not J3 (18 ten days before),
    # J4 (18 since December 2024), J5 (birth date unknown). J2 is not compliant.
    _assert_figures(_year(warehouse), {
        "ml.orientation.obligation_formation.mineurs": 2,
        "ml.orientation.obligation_formation.conformite_pct": 50.0,
    })
    _assert_figures(_year(warehouse, 2024), {
        "ml.orientation.obligation_formation.mineurs": 1,  # J4, 17 when the enrolment started
        "ml.orientation.obligation_formation.conformite_pct": 100.0,
    })
    assert _month(warehouse, "2025-02")["ml.orientation.obligation_formation.mineurs"] == 0


def test_orientation_actions_and_coaching(warehouse):
    _assert_figures(_year(warehouse), {
        "ml.orientation.lycees_pro": 2,  # J6 in two schemes, J7 carried over from 2024
        "ml.orientation.ateliers_metiers.ateliers": 1, "ml.orientation.ateliers_metiers.jeunes": 1,
        "ml.coaching.jeunes": 2,  # J6 (individual and collective), J9 (individual)
    })


def test_international_mobility(warehouse):
    _assert_figures(_year(warehouse), {
        "ml.mobilite_internationale.ateliers": 1,  # no attendance recorded: still an action
        "ml.mobilite_internationale.entretiens": 1, "ml.mobilite_internationale.forum": 1,
        "ml.mobilite_internationale.departs": 2,  # J1 left twice, J3 once; J2 left in 2024
        "ml.mobilite_internationale.departs.erasmus": 1, "ml.mobilite_internationale.departs.echanges_jeunes": 1,
        "ml.mobilite_internationale.departs.ces": 1, "ml.mobilite_internationale.departs.au_pair": 0,
        "ml.mobilite_internationale.departs.sci": 0, "ml.mobilite_internationale.departs.vsi": 0,
    })


def test_partnership_with_france_travail(warehouse):
    _assert_figures(_year(warehouse), {
        "ml.partenariat_ft.orientations": 3,  # J1 (twice), J2, J3; J4 was oriented in 2024
        "ml.partenariat_ft.orientations.inconnus": 2,  # J1 (unknown at the first), J3
        "ml.partenariat_ft.orientations.inconnus.part_pct": 200 / 3,
        "ml.partenariat_ft.orientations.prises_en_charge.part_pct": 75.0,  # 3 of 4 orientations
        "ml.partenariat_ft.prospection.professionnels": 2, "ml.partenariat_ft.prospection.professionnels.france_travail": 1,
        "ml.partenariat_ft.prospection.professionnels.alpes": 1, "ml.partenariat_ft.prospection.entreprises": 2,
        "ml.partenariat_ft.prospection.besoins": 3, "ml.partenariat_ft.ateliers_formation": 1,
    })


def test_schemes_culture_mentoring_justice(warehouse):
    _assert_figures(_year(warehouse), {
        "ml.fse.alternance": 1, "ml.fse.numerique": 1, "ml.fse.handicap": 1,  # J4's carried over; D17 quarantined
        "ml.parrainage.jeunes": 2, "ml.parrainage.parrains": 1,  # J1's mentoring ended in 2024
        "ml.jsmj.milieu_ferme": 1, "ml.jsmj.milieu_ouvert": 1,
        "ml.culture.actions": 1, "ml.culture.jeunes": 3,  # A4 once, as re-exported in May
    })
    _assert_figures(_year(warehouse, 2024), {"ml.parrainage.jeunes": 1, "ml.parrainage.parrains": 1})
    assert _month(warehouse, "2025-04")["ml.culture.actions"] == 0  # its April copy is superseded
    assert _month(warehouse, "2025-05")["ml.culture.actions"] == 1


def test_civic_service(warehouse):
    _assert_figures(_year(warehouse), {
        "ml.service_civique.en_mission": 3,  # SC1 (from 2024), SC2, SC3; SC5 quarantined
        "ml.service_civique.demarres_annee": 2, "ml.service_civique.agrement_ml": 1,
        "ml.service_civique.reunions_info": 1, "ml.service_civique.forums": 1,
        "ml.service_civique.formations_civiques": 1,
        "ml.service_civique.jeunes_sensibilises": 2,  # J7 (meeting and forum), J8 (forum)
    })
    _assert_figures(_year(warehouse, 2024), {"ml.service_civique.en_mission": 2, "ml.service_civique.agrement_ml": 2})


def test_young_peoples_voice_and_discrimination(warehouse):
    _assert_figures(_year(warehouse), {
        "ml.parole_jeunes.comite_usagers.jeunes": 2, "ml.parole_jeunes.comite_usagers.rencontres": 1,
        "ml.parole_jeunes.ibs.jeunes": 1,
        "ml.discriminations.ateliers": 2, "ml.discriminations.ateliers_partenaire": 1,
        "ml.discriminations.jeunes": 2,  # J1, J2; the partner's staff member is not a young person
    })


def test_attendance_of_an_unknown_action_is_listed(warehouse):
    rows = warehouse.read_sql("select rule, file, line from qa_ml__presences_sans_action")
    assert rows.values.tolist() == [["unknown_action", "ml/2025/ml_participations_actions_2025-08.csv", 2]]


def test_rows_ending_before_they_start_are_quarantined(warehouse):
    rows = warehouse.read_sql(
        "select source, file, line, rule from quarantine where source like 'ml__%' and rule <> 'duplicate_key' order by source"
    )
    assert rows.values.tolist() == [
        ["ml__inscriptions_dispositifs", "ml/2025/ml_inscriptions_dispositifs_2025-02.csv", 3, "date_fin_not_before_date_debut"],
        ["ml__missions_service_civique", "ml/2025/ml_missions_service_civique_2025-03.csv", 2, "date_fin_not_before_date_debut"],
    ]


def test_a_duplicate_key_within_a_file_is_quarantined_never_collapsed(warehouse):
    rows = warehouse.read_sql("select source, file, line, reason from quarantine where rule = 'duplicate_key' order by line")
    assert rows[["source", "file", "line"]].values.tolist() == [
        ["ml__participations_actions", "ml/2025/ml_participations_actions_2025-04.csv", 6],
        ["ml__participations_actions", "ml/2025/ml_participations_actions_2025-04.csv", 7],
    ]
    assert "7" in rows["reason"].iloc[0] and "6" in rows["reason"].iloc[1]  # each names the other line
    assert _year(warehouse)["ml.parole_jeunes.comite_usagers.jeunes"] == 2  # J1 and J2, not J3


def test_monthly_year_to_date(warehouse):
    assert [_month(warehouse, m)["ml.sante.psychologue.entretiens"] for m in ("2025-01", "2025-02", "2025-03", "2025-04")] == [0, 1, 2, 3]
    # against the same period of 2024: none held by March 2024, one by May, two by June
    assert math.isnan(_month(warehouse, "2025-03")["ml.sante.psychologue.entretiens.evol_pct"])
    assert _month(warehouse, "2025-05")["ml.sante.psychologue.entretiens.evol_pct"] == pytest.approx(200.0)
    assert _month(warehouse, "2025-06")["ml.sante.psychologue.entretiens.evol_pct"] == pytest.approx(50.0)
    assert _month(warehouse, "2025-10")["ml.sante.seeph.participants"] == 0


def test_december_year_to_date_is_the_yearly_figure(warehouse):
    for year in (2024, 2025):
        monthly = _month(warehouse, f"{year}-12")
        yearly = _year(warehouse, year)
        assert set(monthly) == set(yearly)
        assert {k: v for k, v in monthly.items() if v == v} == pytest.approx({k: v for k, v in yearly.items() if v == v})


# the raw tables whose contract keeps the exact birth date for ages (`personal: raw`), e.g.
# raw_ml__inscriptions_dispositifs; the source's asset also creates its other tables
BIRTH_DATES_KEPT = {c.table for c in map(ExtractContract, ALL_SCHEMAS)
                    if "date_naissance" in c.schema.columns and c.personal("date_naissance") == "raw"}


def test_no_personal_data_leaves_ingestion(warehouse):
    tables = warehouse.read_sql(
        "select table_name from information_schema.tables where table_schema = current_schema()"
    )["table_name"].tolist()
    for table in tables:
        frame = warehouse.read_sql(f'select * from "{table}"')
        text = frame.astype(str).to_string()
        leaked = [t for t in CLEAR_TEXTS if t in text]
        assert leaked == [], f"{table} holds {leaked}"
        assert "commentaire" not in frame.columns, table
        if table not in BIRTH_DATES_KEPT:
            assert "date_naissance" not in frame.columns, table
            assert "2008-05-10" not in text, table

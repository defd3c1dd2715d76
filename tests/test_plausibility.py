"""Plausibility on small hand-made files: a record dated after its export's month or before its source's first year, a value far from
the entity's previous one, an empty or swollen month against the previous ones (thresholds from
configuration, config/plausibility.yaml)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandera.pandas as pa

from ingestion import ExtractContract
from ingestion.load import ingest_partitions
from ingestion.plausibility import PlausibilityRules
from pipelines.settings import PROJECT_ROOT
from warehouse import Warehouse

EVENTS = ExtractContract(pa.DataFrameSchema(
    name="test__events",
    metadata={"source": "test", "file": "events_{partition}.csv", "partitioning": "month", "key": ["id"],
              "date_column": "date_event"},
    coerce=True,
    columns={"id": pa.Column(str, metadata={"text": "id"}), "date_event": pa.Column("datetime64[ns]")},
))
COUNTS = ExtractContract(pa.DataFrameSchema(
    name="test__counts",
    metadata={"source": "test", "file": "counts_{partition}.csv", "partitioning": "vintage", "key": ["code"],
              "history": {"value": "population", "by": ["code"]}},
    coerce=True,
    columns={"code": pa.Column(str, metadata={"text": "id"}), "population": pa.Column("Int64")},
))


def write(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    (folder / name).write_bytes(buffer.getvalue().encode("cp1252"))


def quarantine(warehouse: Warehouse):
    return warehouse.read_sql("select * from quarantine order by file, line")


def test_the_thresholds_come_from_configuration():
    rules = PlausibilityRules.load(PROJECT_ROOT / "config" / "plausibility.yaml")
    assert rules == PlausibilityRules(ages=rules.ages)  # the shipped file states the defaults, and the ages
    assert rules.ages == {"ml": [14, 30], "plie": [16, 70]}
    assert PlausibilityRules.load(None).date_tolerance_days == 7


def test_an_export_may_hold_records_of_earlier_months_but_not_implausible_dates(tmp_path, warehouse_url):
    """A file is an export at a point in time: a record dated months or years before it is an
    update (an end date, a result, a late entry); only a date after the export's month (beyond the
    tolerance) or before the source's first year cannot be believed."""
    rows = [["E1", "03/03/2025"], ["E2", "05/03/2099"], ["E3", "01/01/1900"], ["E4", "04/04/2025"], ["E5", "28/02/2025"],
            ["E6", "15/06/2019"], ["E7", "09/04/2025"]]
    write(tmp_path, "events_2025-03.csv", ["id", "date_event"], rows)
    warehouse = Warehouse(warehouse_url)
    rules = PlausibilityRules(date_tolerance_days=7, source_first_year={"default": 2000})
    [report] = ingest_partitions(EVENTS, warehouse, tmp_path, ["2025-03"], "k", rules=rules)

    assert (report.rows_loaded, report.rows_quarantined) == (4, 3)  # 4 April is within 7 days of the export's month
    failures = quarantine(warehouse)
    assert failures[["line", "column", "rule"]].values.tolist() == [
        [3, "date_event", "date_after_export"], [4, "date_event", "date_before_source"], [8, "date_event", "date_after_export"]]
    assert "after the end of the export's month" in failures["reason"][0]
    assert "before 2000" in failures["reason"][1]
    loaded = warehouse.read_sql("select id from raw_test__events order by id")["id"].tolist()
    assert loaded == ["E1", "E4", "E5", "E6"]

    strict = ingest_partitions(EVENTS, warehouse, tmp_path, ["2025-03"], "k",
                               rules=PlausibilityRules(date_tolerance_days=0, source_first_year={"default": 2000}))
    assert strict[0].rows_quarantined == 4  # a re-run replaces: 4 April now out too
    assert len(quarantine(warehouse)) == 4


def test_a_source_may_have_its_own_first_year(tmp_path, warehouse_url):
    write(tmp_path, "events_2025-03.csv", ["id", "date_event"], [["E1", "15/06/2019"], ["E2", "15/06/2021"]])
    warehouse = Warehouse(warehouse_url)
    rules = PlausibilityRules(source_first_year={"default": 2000, "test": 2020})
    [report] = ingest_partitions(EVENTS, warehouse, tmp_path, ["2025-03"], "k", rules=rules)
    assert (report.rows_loaded, report.rows_quarantined) == (1, 1)
    assert quarantine(warehouse)["rule"].tolist() == ["date_before_source"]


def test_a_value_far_from_the_previous_vintage_is_quarantined(tmp_path, warehouse_url):
    write(tmp_path, "counts_2022.csv", ["code", "population"], [["59328", "27000"], ["59368", "22000"]])
    write(tmp_path, "counts_2023.csv", ["code", "population"], [["59328", "27572"], ["59368", "9999999"]])
    warehouse = Warehouse(warehouse_url)
    reports = ingest_partitions(COUNTS, warehouse, tmp_path, ["2022", "2023"], "k")

    assert [(r.rows_loaded, r.rows_quarantined) for r in reports] == [(2, 0), (1, 1)]
    failure = quarantine(warehouse).iloc[0]
    assert (failure["file"], failure["line"], failure["column"], failure["rule"]) == ("counts_2023.csv", 3, "population", "implausible_change")
    assert failure["value"] == "9999999" and "from partition 2022 (22000)" in failure["reason"]
    assert warehouse.read_sql("select population from raw_test__counts where partition_key = '2023'")["population"].tolist() == [27572]


def test_an_empty_month_and_a_swollen_one_are_flagged_not_dropped(tmp_path, warehouse_url):
    months = [f"2025-{m:02d}" for m in range(1, 8)]
    for month in months[:5]:
        write(tmp_path, f"events_{month}.csv", ["id", "date_event"], [[f"{month}-{n}", f"10/{month[5:]}/2025"] for n in range(25)])
    write(tmp_path, "events_2025-06.csv", ["id", "date_event"], [])  # header only
    write(tmp_path, "events_2025-07.csv", ["id", "date_event"], [[f"J{n}", "10/07/2025"] for n in range(200)])
    warehouse = Warehouse(warehouse_url)
    reports = ingest_partitions(EVENTS, warehouse, tmp_path, months, "k")

    flags = {f.partition_key: f for r in reports for f in r.flags}
    assert sorted(flags) == ["2025-06", "2025-07"]
    assert flags["2025-06"].rule == "empty_partition" and "no row" in flags["2025-06"].reason
    assert flags["2025-07"].rule == "volume_out_of_history" and flags["2025-07"].rows == 200
    assert warehouse.row_count("raw_test__events", "partition_key = '2025-07'") == 200  # flagged, still loaded

"""A range of partitions ingested in one run: what Dagster's instance records of it.

The UI reads each partition's status (materialized, failed, missing) from the instance: after a
range run, every partition of the range is materialized, with its own file and row count (not the
whole range's copied into each), the partitions outside it are missing, and the partitions of a
failed range run are failed. The run records one planned and one materialization event per
partition, and no more: the events a range costs grow with its length, not with its square."""
from __future__ import annotations

import shutil

import dagster as dg
import pytest
from conftest import make_settings

from pipelines.definitions import build_definitions
from pipelines.partitions import monthly, range_tags

DEFM = dg.AssetKey("raw_france_travail")
MONTHS = ["2025-01", "2025-02", "2025-03"]


def _file(month: str) -> str:
    return f"france_travail/defm_communes_{month}.csv"


@pytest.fixture
def extracts(tmp_path, sample_extracts):
    folder = tmp_path / "extracts"
    (folder / "france_travail").mkdir(parents=True)
    for month in [*MONTHS, "2025-04"]:
        shutil.copy(sample_extracts / _file(month), folder / _file(month))
    return folder


def _ingest(defs: dg.Definitions, instance: dg.DagsterInstance, first: str, last: str) -> dg.ExecuteInProcessResult:
    return dg.materialize([*defs.assets, *defs.asset_checks], selection=[DEFM], resources=defs.resources, instance=instance,
                          tags=range_tags(first, last), raise_on_error=False)


def _events(instance: dg.DagsterInstance, run_id: str, event_type: dg.DagsterEventType) -> list:
    return [e for e in instance.all_logs(run_id, of_type=event_type)]


def test_a_range_run_shows_each_partition_s_status(tmp_path, extracts):
    settings = make_settings(tmp_path, f"duckdb:///{tmp_path / 'warehouse.duckdb'}", extracts)
    defs = build_definitions(settings)
    (tmp_path / "dagster_home").mkdir()
    with dg.instance_for_test(temp_dir=str(tmp_path / "dagster_home")) as instance:
        result = _ingest(defs, instance, MONTHS[0], MONTHS[-1])
        assert result.success

        assert instance.get_materialized_partitions(DEFM) == set(MONTHS)
        status = instance.get_status_by_partition(DEFM, [*MONTHS, "2025-04"], monthly)
        assert {k: status[k] for k in MONTHS} == dict.fromkeys(MONTHS, dg.AssetPartitionStatus.MATERIALIZED)
        assert status["2025-04"] is None  # never run: missing

        planned = _events(instance, result.run_id, dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED)
        materialized = _events(instance, result.run_id, dg.DagsterEventType.ASSET_MATERIALIZATION)
        assert sorted(e.dagster_event.partition for e in planned) == MONTHS
        assert sorted(e.dagster_event.partition for e in materialized) == MONTHS

        for record in instance.fetch_materializations(DEFM, limit=10).records:
            metadata = record.asset_materialization.metadata
            assert metadata["file"].value == _file(record.partition_key)  # its own file, not the range's list
            lines = (extracts / _file(record.partition_key)).read_text(encoding="utf-8").count("\n") - 1
            assert metadata["rows_read"].value == lines
            assert "files" not in metadata

        # A range whose last file is unreadable: the run fails, and so do its partitions in the UI.
        (extracts / _file("2025-05")).write_text("pas,un,fichier\n1,2,3\n", encoding="utf-8")
        failed = _ingest(defs, instance, "2025-04", "2025-05")
        assert not failed.success
        status = instance.get_status_by_partition(DEFM, [*MONTHS, "2025-04", "2025-05"], monthly)
        assert status["2025-05"] == dg.AssetPartitionStatus.FAILED
        assert {k: status[k] for k in MONTHS} == dict.fromkeys(MONTHS, dg.AssetPartitionStatus.MATERIALIZED)

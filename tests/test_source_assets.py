"""One ingestion asset per source: it loads each of the source's extracts of its partitions into the
extract's own raw table. A source's files may land on different days: the files that arrived are
loaded, the missing one is reported as not received, and a partition with no file of the source
fails naming the files it expected."""
from __future__ import annotations

import shutil

import dagster as dg
from conftest import make_settings

from pipelines.definitions import build_definitions
from quality.data_state import data_state
from warehouse import Warehouse

PLIE = dg.AssetKey("raw_plie")
ARRIVED = ["plie/2025/plie_sorties_2025-03.csv", "plie/2025/plie_etapes_2025-03.csv"]


def test_a_source_loads_the_files_that_arrived_and_fails_a_partition_with_none(tmp_path, sample_extracts):
    extracts = tmp_path / "extracts"
    for relative in ARRIVED:
        (extracts / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(sample_extracts / relative, extracts / relative)
    settings = make_settings(tmp_path, f"duckdb:///{tmp_path / 'w.duckdb'}", extracts)
    defs = build_definitions(settings)
    with dg.instance_for_test() as instance:
        result = dg.materialize(list(defs.assets), selection=[PLIE], partition_key="2025-03", resources=defs.resources,
                                instance=instance)
        assert result.success
        [materialization] = result.asset_materializations_for_node("raw_plie")
        rows = materialization.metadata["rows_loaded_by_table"].value
        assert rows["raw_plie__sorties"] > 0 and rows["raw_plie__etapes"] > 0 and "raw_plie__participants" not in rows
        assert sorted(materialization.metadata["files"].value) == sorted(ARRIVED)
        warehouse = Warehouse(settings.warehouse_url)
        assert warehouse.row_count("raw_plie__sorties") == rows["raw_plie__sorties"]
        assert warehouse.row_count("raw_plie__participants") == 0  # not arrived: an empty table, not an error
        history = warehouse.read_sql("select distinct asset from dq_check_history where partition = '2025-03'")
        assert set(history["asset"]) == {"raw_plie__sorties", "raw_plie__etapes"}  # verdicts per table, as before
        state = data_state(warehouse, 2025, year_to_date=True)
        sources = {source.source: source for source in state.sources}
        assert "2025-03" in sources["plie__participants"].missing_partitions and not state.complete  # not received
        assert "2025-03" not in sources["plie__sorties"].missing_partitions
        warehouse.dispose()

        absent = dg.materialize(list(defs.assets), selection=[PLIE], partition_key="2025-04", resources=defs.resources,
                                instance=instance, raise_on_error=False)
        assert not absent.success
        [failure] = [e for e in absent.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
        message = failure.step_failure_data.user_failure_data.description
        assert "no file of source plie for 2025-04" in message
        assert "plie_participants_2025-04.csv" in message and "plie_sorties_2025-04.csv" in message

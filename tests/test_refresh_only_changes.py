"""A refresh ingests only what changed: an unchanged yearly file (even rewritten, same bytes) is not
ingested again, a changed monthly one is; a new pseudonymisation key or `--full` ingests everything."""
from __future__ import annotations

import dataclasses
import os
import shutil

import dagster as dg
import pytest
from conftest import make_settings

from pipelines import changes
from pipelines.run import materialize_range
from pipelines.settings import PROJECT_ROOT
from warehouse import Warehouse

FILES = ["insee/populations_legales_communes_2023.csv", "urssaf/etablissements_effectifs_commune_ape_2024.csv",
         "france_travail/defm_communes_2025-01.csv", "france_travail/defm_communes_2025-02.csv"]


def _ingested(results: list[dg.ExecuteInJobResult]) -> set[tuple[str, str]]:
    return {(e.asset_key.to_user_string(), e.partition) for r in results for e in r.all_events
            if e.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION and e.asset_key.path[0].startswith("raw_")}


@pytest.fixture
def extracts(tmp_path, sample_extracts):
    folder = tmp_path / "extracts"
    for relative in FILES:
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(sample_extracts / relative, folder / relative)
    return folder


def test_unchanged_yearly_file_is_not_ingested_again_changed_monthly_one_is(tmp_path, extracts):
    settings = make_settings(tmp_path, f"duckdb:///{tmp_path / 'warehouse.duckdb'}", extracts)
    first = _ingested(materialize_range(settings, "2025-01", "2025-02", [], raise_on_error=False))
    assert first == {("raw_insee", "2023"), ("raw_urssaf", "2024"), ("raw_france_travail", "2025-01"), ("raw_france_travail", "2025-02")}

    census = extracts / FILES[0]
    census.write_bytes(census.read_bytes())  # rewritten by the export, same content: a new mtime only
    os.utime(census, (census.stat().st_atime + 3600, census.stat().st_mtime + 3600))
    monthly = extracts / FILES[3]
    lines = monthly.read_text(encoding="utf-8").splitlines(keepends=True)
    monthly.write_text("".join(lines[:-1]), encoding="utf-8")  # a corrected export: one row fewer
    second = _ingested(materialize_range(settings, "2025-01", "2025-02", [], raise_on_error=False))
    assert second == {("raw_france_travail", "2025-02")}

    warehouse = Warehouse(settings.warehouse_url)
    assert warehouse.row_count("raw_insee__populations") > 0  # skipped, not emptied
    recorded = warehouse.read_sql(f"select raw_table, partition_key, content_sha256 from {changes.TABLE}")
    assert len(recorded) == 4
    assert changes.file_sha256(monthly) in recorded["content_sha256"].tolist()
    warehouse.dispose()

    everything = {("raw_insee", "2023"), ("raw_urssaf", "2024"), ("raw_france_travail", "2025-01"), ("raw_france_travail", "2025-02")}
    new_key = dataclasses.replace(settings, pseudonymisation_key="another-test-key-of-thirty-two-bytes")
    context, warehouse = changes.context_sha256(new_key), Warehouse(settings.warehouse_url)
    assert changes.unchanged(warehouse, "raw_insee__populations", {"2023": changes.file_sha256(census)}, context) == set()
    assert changes.unchanged(warehouse, "raw_insee__populations", {"2023": changes.file_sha256(census)},
                             changes.context_sha256(settings)) == {"2023"}
    warehouse.dispose()
    assert _ingested(materialize_range(settings, "2025-01", "2025-02", [], raise_on_error=False, full=True)) == everything


def test_the_ingestion_context_covers_the_code_that_decides_what_is_loaded():
    """A change to a contract, to ingestion or to a domain's reshaping ingests every file again."""
    files = {p.relative_to(PROJECT_ROOT).as_posix() for p in changes.code_files()}
    assert {"schemas/plie.py", "ingestion/load.py", "assets/extracts.py", "assets/territory/assets.py"} <= files
    assert "assets/reports/assets.py" not in files  # outputs do not touch the raw layer

"""The code location loads, Dagster's own validation accepts it, and the asset graph is what we
think it is (a snapshot catches an accidental change of keys, groups, partitions or deps)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from assets.sql_models import family, model_asset, raw_assets
from pipelines.definitions import defs
from pipelines.settings import PROJECT_ROOT
from warehouse.models import discover_models

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.json"


def _graph() -> dict:
    graph = defs.resolve_asset_graph()
    out = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        out[key.to_user_string()] = {
            "group": node.group_name,
            "partitions": type(node.partitions_def).__name__ if node.partitions_def else None,
            "deps": sorted(k.to_user_string() for k in node.parent_keys),
            "checks": sorted(c.name for c in node.check_keys),
        }
    return out


def test_asset_graph_matches_snapshot():
    current = _graph()
    if os.environ.get("UPDATE_SNAPSHOTS") or not SNAPSHOT.exists():
        SNAPSHOT.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert current == json.loads(SNAPSHOT.read_text(encoding="utf-8")), "run with UPDATE_SNAPSHOTS=1 if intended"


def test_every_asset_is_documented_for_the_ui():
    graph = defs.resolve_asset_graph()
    undocumented = [k.to_user_string() for k in graph.get_all_asset_keys() if not (graph.get(k).description or "").strip()]
    assert undocumented == []


def test_sql_model_dependencies_come_from_their_sql():
    models = {m.name: m for m in discover_models()}
    assert models["ind_territory__population"].upstream_tables == ["ref_territory__communes", "stg_insee__populations"]
    graph = defs.resolve_asset_graph()
    loaded_by = raw_assets()  # a raw table is loaded by its source's one asset
    for name, model in models.items():  # a table's family is its asset: what it reads, its family reads
        parents = {k.to_user_string() for k in graph.get(model_asset(name)).parent_keys}
        assert {loaded_by.get(t, family(t) if t in models else t) for t in model.upstream_tables} - {family(name)} <= parents
    assert models["stg_mde__alternance"].upstream_tables == ["raw_mde__alternance"]
    assert model_asset("stg_mde__alternance") == dg.AssetKey("stg_mde")
    assert [k.to_user_string() for k in graph.get(dg.AssetKey("stg_mde")).parent_keys] == ["raw_mde"]
    assert sorted(k.to_user_string() for k in graph.get(dg.AssetKey("ind_territory")).parent_keys) == [
        "ref_territory__communes", "stg_france_travail", "stg_insee", "stg_urssaf"]


def test_each_family_of_tables_is_one_asset_that_shows_every_table():
    """`<family>__<name>` tables are one asset, `<family>`: its description lists each table with its
    SQL file, and no model is left without an asset or counted in two."""
    graph = defs.resolve_asset_graph()
    models = discover_models()
    by_asset: dict[str, list[str]] = {}
    for model in models:
        by_asset.setdefault(model_asset(model.name).to_user_string(), []).append(model.name)
    assert sum(map(len, by_asset.values())) == len(models) and len(by_asset) < len(models) / 4
    for asset, tables in by_asset.items():
        node = graph.get(dg.AssetKey(asset))
        assert node.metadata["tables"] == tables
        for model in (m for m in models if m.name in tables):
            assert f"dbt_like_sql/{model.domain}/{model.path.name}" in node.description
    assert by_asset["indicators"] == ["indicators"]  # a table named without `__` is an asset of its own


def test_sql_models_transpile_to_postgres():
    for model in discover_models():
        assert model.select_sql("postgres").strip(), model.name


def test_dagster_validates_the_definitions(tmp_path):
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path)}  # not the developer's instance
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dg"), "check", "defs"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_partitioned_assets_say_in_words_how_they_are_partitioned():
    """The UI describes a yearly time window by its cron; each partitioned asset says it in words."""
    graph = defs.resolve_asset_graph()
    wordless = [k.to_user_string() for k in graph.get_all_asset_keys()
                if graph.get(k).partitions_def and "One partition per" not in str(graph.get(k).metadata.get("partitions", ""))]
    assert wordless == []
    assert "report to date" in str(graph.get(dg.AssetKey("annual_report")).metadata["partitions"])


def test_loading_the_code_location_tunes_the_garbage_collector():
    """Every process that loads the code location (the CLI, run workers, the UI) freezes the
    modules it imported and collects young objects less often (pipelines/runtime.py)."""
    import gc

    from pipelines.runtime import YOUNG_THRESHOLD

    assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    assert gc.get_freeze_count() > 100_000  # Dagster, pandas, the assets: never scanned again

"""What the Dagster UI shows about tables: column types as the warehouse names them (no pandas
dtype), and column descriptions for the SQL models from the YAML beside their SQL."""
from __future__ import annotations

import re

import dagster as dg

from assets.sql_models import column_schemas
from conftest import make_settings
from pipelines.definitions import build_definitions
from warehouse import Warehouse
from warehouse.models import discover_models

PANDAS = re.compile(r"string\[|datetime64|object|float64|int64|Int64|\bstr\b")


def test_extract_column_types_are_sql_types(tmp_path):
    graph = build_definitions(make_settings(tmp_path, f"duckdb:///{tmp_path / 'w.duckdb'}", tmp_path)).resolve_asset_graph()
    types = {(key.to_user_string(), column.name): column.type for key in graph.get_all_asset_keys()
             for column in getattr(graph.get(key).metadata.get("dagster/column_schema"), "columns", [])}
    # a source's asset loads several tables: one column schema per table ("columns of <table>")
    types |= {(name.removeprefix("columns of "), column.name): column.type for key in graph.get_all_asset_keys()
              for name, value in graph.get(key).metadata.items() if name.startswith("columns of ")
              for column in value.schema.columns}
    assert len(types) > 200  # every extract's columns
    assert types[("raw_mde__evenements", "date_evenement")] == "DATE"  # a register of the MDE workbook
    assert not {k: t for k, t in types.items() if PANDAS.search(t)}
    assert types[("raw_plie__participants", "date_entree")] == "DATE"
    assert types[("raw_ml__aides", "montant")] == "NUMERIC(38, 2)"
    assert types[("raw_plie__participants", "id_participant")] == "TEXT (pseudonym)"


def test_sql_models_show_their_columns_described_beside_the_sql(year_2025):
    warehouse, described, total = Warehouse(year_2025.warehouse_url), 0, 0
    schemas = column_schemas(warehouse, discover_models())
    for model in discover_models():
        schema = schemas[model.name]
        assert schema.columns and not any(PANDAS.search(c.type) for c in schema.columns), model.name
        total += len(schema.columns)
        described += sum(bool(c.description) for c in schema.columns)
        if model.name.startswith(("ind_", "qa_", "ref_", "indicators")):  # what people read: every column
            assert all(c.description for c in schema.columns), (model.name, [c.name for c in schema.columns if not c.description])
    assert described / total > 0.85
    indicators = {c.name: c for c in schemas["indicators"].columns}
    assert indicators["value"].type.upper().startswith(("DECIMAL", "NUMERIC")) and "exact" in indicators["value"].description
    assert "catalogue" in indicators["indicator_id"].description  # from dbt_like_sql/_columns.yml



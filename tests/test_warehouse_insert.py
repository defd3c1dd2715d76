"""Appending a frame gives back exactly its values on both warehouses: PostgreSQL's COPY from a
buffer keeps tabs, newlines, backslashes, the text `\\N`, empty text apart from NULL, exact amounts."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd
import sqlalchemy as sa

from warehouse import Warehouse
from warehouse.engine import create_table_for


def test_insert_frame_round_trips_awkward_values(warehouse_url):
    frame = pd.DataFrame({
        "n": range(8),
        "text": pd.Series(["plain", "tab\there", "new\nline", "back\\slash", "\\N", "", None, "é;\"quoted\""], dtype=object),
        "count": pd.array([1, None, 3, 4, 5, 6, 7, -8], dtype="Int64"),
        "day": pd.to_datetime(["2025-01-31", None, "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30", "2025-07-31"]),
        "amount": [Decimal("1.50"), None, Decimal("2.00"), Decimal("-3.25"), Decimal("0.01"), Decimal("10.00"),
                   Decimal("7.70"), Decimal("99999.99")],
        "ratio": pd.array([1.5, None, 2.0, 0.1, 3.0, 4.0, 5.0, 6.0], dtype="Float64"),
    })
    warehouse = Warehouse(warehouse_url)
    with warehouse.begin() as conn:
        create_table_for(conn, "awkward", frame)
        assert warehouse.insert_frame(conn, "awkward", frame) == len(frame)
    back = warehouse.read_sql('select * from awkward order by n')
    assert [None if pd.isna(v) else v for v in back["text"]] == ["plain", "tab\there", "new\nline", "back\\slash", "\\N", "", None, "é;\"quoted\""]
    assert [None if pd.isna(v) else int(v) for v in back["count"]] == [1, None, 3, 4, 5, 6, 7, -8]
    assert [None if v is None else Decimal(v) for v in back["amount"]] == [
        Decimal("1.50"), None, Decimal("2.00"), Decimal("-3.25"), Decimal("0.01"), Decimal("10.00"), Decimal("7.70"),
        Decimal("99999.99")]
    assert [None if pd.isna(v) else str(v)[:10] for v in back["day"]] == [
        "2025-01-31", None, "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30", "2025-07-31"]
    warehouse.dispose()


def test_a_large_frame_is_copied_in_several_buffers(warehouse_url, monkeypatch):
    import warehouse.engine as engine

    monkeypatch.setattr(engine, "COPY_BATCH_ROWS", 7)
    frame = pd.DataFrame({"n": pd.array(range(50), dtype="Int64"), "t": [f"row {i}" for i in range(50)]})
    warehouse = Warehouse(warehouse_url)
    with warehouse.begin() as conn:
        create_table_for(conn, "many", frame)
        warehouse.insert_frame(conn, "many", frame)
    back = warehouse.read_sql("select * from many order by n")
    assert back["t"].tolist() == frame["t"].tolist()
    with warehouse.engine.connect() as conn:
        assert conn.execute(sa.text("select count(distinct n) from many")).scalar_one() == 50
    warehouse.dispose()


def test_duckdb_memory_bounds_come_from_the_environment(tmp_path):
    from pipelines.settings import ENVIRONMENT_VARIABLES, Settings

    spill = tmp_path / "spill"
    settings = Settings.from_env({"MNO_WAREHOUSE_URL": f"duckdb:///{tmp_path / 'w.duckdb'}",
                                  "MNO_DUCKDB_MEMORY_LIMIT": "300MB", "MNO_DUCKDB_TEMP_DIRECTORY": str(spill)})
    warehouse = Warehouse(settings.warehouse_url)
    bounds = warehouse.read_sql("select current_setting('memory_limit') as m, current_setting('temp_directory') as t")
    assert bounds["m"][0].endswith("MiB") and float(bounds["m"][0].split()[0]) < 300
    assert bounds["t"][0] == str(spill) and spill.is_dir()
    warehouse.dispose()
    assert {"MNO_DUCKDB_MEMORY_LIMIT", "MNO_DUCKDB_TEMP_DIRECTORY"} <= set(ENVIRONMENT_VARIABLES)
    postgres = "postgresql+psycopg://u@127.0.0.1/db"
    assert Settings.from_env({"MNO_WAREHOUSE_URL": postgres, "MNO_DUCKDB_MEMORY_LIMIT": "1GB"}).warehouse_url == postgres


def test_an_amount_wider_than_the_first_hundred_thousands_is_kept(warehouse_url):
    """A national allowances file: 500 000 amounts under 1 000 €, then 1 034,40 €. DuckDB used to
    type the column from a sample of the values (DECIMAL(5,2)) and refuse the load."""
    amounts = [Decimal("12.30"), *(Decimal(f"{i % 1000}.{i % 100:02d}") for i in range(500_000)), Decimal("1034.40"), None]
    frame = pd.DataFrame({"amount": amounts})
    warehouse = Warehouse(warehouse_url)
    with warehouse.begin() as conn:
        create_table_for(conn, "allowances", frame)
        assert warehouse.insert_frame(conn, "allowances", frame) == len(frame)
    back = warehouse.read_sql("select max(amount) as top, count(amount) as amounts, count(*) as n from allowances")
    assert Decimal(back["top"][0]) == Decimal("1034.40")
    assert (int(back["amounts"][0]), int(back["n"][0])) == (500_002, 500_003)
    warehouse.dispose()

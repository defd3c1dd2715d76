"""Shared fixtures: warehouses (DuckDB always, PostgreSQL when a server answers) and settings."""
from __future__ import annotations

import os
import uuid
import warnings
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa

from pipelines.settings import PROJECT_ROOT, Settings

warnings.filterwarnings("ignore", category=dg.BetaWarning)

POSTGRES_URL = os.environ.get("MNO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_unavailable() -> str | None:
    try:
        engine = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means: skip, and say why
        return f"no PostgreSQL server answers at {POSTGRES_URL} ({type(exc).__name__}); set MNO_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_skip_reason() -> str | None:
    reason = _postgres_unavailable()
    if reason and os.environ.get("MNO_REQUIRE_POSTGRES"):  # set by .ci/run: CI has a server
        pytest.fail(reason)
    return reason


@contextmanager
def warehouse_for(kind: str, folder: Path, postgres_skip_reason: str | None):
    """A fresh, empty warehouse: a DuckDB file, or a PostgreSQL schema dropped afterwards."""
    if kind == "duckdb":
        yield f"duckdb:///{folder / 'warehouse.duckdb'}"
        return
    if postgres_skip_reason:
        pytest.skip(postgres_skip_reason)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'create schema "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'drop schema "{schema}" cascade'))
        admin.dispose()


@pytest.fixture(params=["duckdb", "postgresql"])
def warehouse_url(request, tmp_path, postgres_skip_reason):
    with warehouse_for(request.param, tmp_path, postgres_skip_reason) as url:
        yield url


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def module_warehouse_url(request, tmp_path_factory, postgres_skip_reason):
    """Like `warehouse_url`, shared by a module's tests (for expensive full runs)."""
    with warehouse_for(request.param, tmp_path_factory.mktemp("warehouse"), postgres_skip_reason) as url:
        yield url


@pytest.fixture(scope="session", params=["duckdb", "postgresql"])
def year_2025(request, tmp_path_factory, sample_extracts, postgres_skip_reason) -> Settings:
    """The sample extracts materialized for report year 2025, once per warehouse kind and session
    (tests reading it must not change it, except by re-running the pipeline, which is idempotent)."""
    from pipelines.run import materialize_year

    with warehouse_for(request.param, tmp_path_factory.mktemp("warehouse"), postgres_skip_reason) as url:
        settings = make_settings(tmp_path_factory.mktemp("run"), url, sample_extracts)
        materialize_year(settings, 2025)
        yield settings


@pytest.fixture(scope="session")
def sample_extracts(tmp_path_factory) -> Path:
    """The bundled sample extracts, generated once per session (read-only for tests)."""
    from sample_data import write_sample_extracts

    folder = tmp_path_factory.mktemp("extracts")
    write_sample_extracts(folder)
    return folder


CORE_SOURCES = ("insee", "urssaf", "france_travail", "plie")


@pytest.fixture(scope="session")
def core_extracts(sample_extracts, tmp_path_factory) -> Path:
    """The territory and PLIE sample extracts only: for tests that run the whole pipeline many times
    (crash safety) or spoil a copy, whose point does not depend on every domain's volume."""
    import shutil

    folder = tmp_path_factory.mktemp("core_extracts")
    for source in CORE_SOURCES:
        shutil.copytree(sample_extracts / source, folder / source)
    return folder


TEST_KEY = "test-key-of-thirty-two-bytes-or-more"  # the pipeline refuses keys under 32 bytes


def make_settings(tmp_path: Path, warehouse_url: str, extracts_dir: Path) -> Settings:
    return Settings(
        extracts_dir=extracts_dir,
        warehouse_url=warehouse_url,
        output_dir=tmp_path / "out",
        territory_file=PROJECT_ROOT / "config" / "territory.yaml",
        pseudonymisation_key=TEST_KEY,
    )

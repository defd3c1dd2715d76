"""Shared fixtures: warehouses (DuckDB always, PostgreSQL when a server answers) and settings.

The sample extracts and the sample year (`year_2025`) are built once per test run and shared,
read-only, by every xdist worker (`built_once`): a worker that needs one while another builds it
waits for it rather than building its own. A test that writes to the sample year's warehouse or
outputs works on a copy (`year_2025_copy`).
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import time
import uuid
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa
from filelock import FileLock, Timeout

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


# --- Built once per test run, shared by the xdist workers ----------------------------------------
# pytest-xdist's documented pattern ("Making session-scoped fixtures execute only once"): the first
# worker to need a thing builds it, under a file lock, in the folder every worker of the run shares,
# and describes it in a JSON file; the others wait on the lock, then read the description.

RUN_ID = pytest.StashKey[str]()
SHARED_SCHEMA_PREFIX = "test_shared_"
STALE_SHARED_SCHEMA_HOURS = 24  # a run killed before its end leaves its schema behind: a later run drops it


def pytest_configure(config):
    workerinput = getattr(config, "workerinput", None)
    config.stash[RUN_ID] = (workerinput["shared_run_id"] if workerinput
                            else f"{time.strftime('%Y%m%d%H%M', time.gmtime())}_{uuid.uuid4().hex[:8]}")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """The xdist controller hands the run's id to each worker: it names the shared PostgreSQL schema."""
    node.workerinput["shared_run_id"] = node.config.stash[RUN_ID]


def pytest_sessionfinish(session):
    """The controller (or the only process, without xdist), once every worker is done: drop this
    run's shared PostgreSQL schema, and those a killed run left a day ago or more."""
    if hasattr(session.config, "workerinput") or _postgres_unavailable():
        return
    run_id = session.config.stash[RUN_ID]
    stale = time.strftime("%Y%m%d%H%M", time.gmtime(time.time() - STALE_SHARED_SCHEMA_HOURS * 3600))
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        schemas = conn.execute(sa.text(
            r"select schema_name from information_schema.schemata where schema_name like 'test\_shared\_%'")).scalars().all()
        for schema in schemas:
            stamp = schema.removeprefix(SHARED_SCHEMA_PREFIX)[:12]
            if schema.startswith(SHARED_SCHEMA_PREFIX + run_id) or (stamp.isdigit() and stamp < stale):
                conn.execute(sa.text(f'drop schema "{schema}" cascade'))
    admin.dispose()


# Modules whose tests share an expensive module-scoped fixture (a whole run, hand-built warehouses):
# one worker runs all of a module's tests, so that the fixture is built once, not once per worker.
ONE_WORKER_MODULES = {
    "test_crash_safety", "test_incomplete_data", "test_records_over_time", "test_second_territory",
    "test_mde_definitions", "test_ml_actions_definitions", "test_ml_definitions", "test_plie_definitions",
    "test_report_pdf", "test_workbook",
}


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """`-n 2` (`--dist load`): tests go one by one to whichever worker is free, except those of
    ONE_WORKER_MODULES, each module a unit of work, the largest first. (xdist's own `loadgroup`
    does not group on pytest 9: it renames `item._nodeid`, which pytest 9 no longer reads.)"""
    if config.getoption("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    if "_split_scope" not in vars(LoadScopeScheduling):  # xdist's subclasses' way to group: say so if it goes
        raise RuntimeError("pytest-xdist's LoadScopeScheduling no longer has _split_scope: update tests/conftest.py")

    class OneWorkerPerListedModule(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if Path(module).stem in ONE_WORKER_MODULES else nodeid

    return OneWorkerPerListedModule(config, log)


def shared_folder(tmp_path_factory, config) -> Path:
    """The folder every worker of this run sees (without xdist: the session's own)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if hasattr(config, "workerinput") else base


def built_once(tmp_path_factory, config, name: str, build: Callable[[Path], dict], wait: bool = True) -> dict | None:
    """The description `build(folder)` returned for `name`, built by the first worker to ask.
    With `wait` false: None at once if another worker is building it."""
    root = shared_folder(tmp_path_factory, config)
    described = root / f"{name}.json"
    try:
        with FileLock(str(root / f"{name}.lock"), timeout=-1 if wait else 0):
            if not described.exists():
                try:
                    info = build(root / name)
                except BaseException as exc:  # the workers waiting on it fail too, saying why
                    described.write_text(json.dumps({"error": f"{type(exc).__name__}: {exc}"}))
                    raise
                described.write_text(json.dumps(info))
    except Timeout:
        return None
    info = json.loads(described.read_text())
    if "error" in info:
        pytest.fail(f"building the shared {name} failed in another worker: {info['error']}")
    return info


@pytest.fixture(scope="session")
def sample_extracts(tmp_path_factory, request) -> Path:
    """The bundled sample extracts, generated once per test run (read-only for tests)."""
    def build(folder: Path) -> dict:
        from sample_data import write_sample_extracts

        write_sample_extracts(folder)
        return {"folder": str(folder)}

    return Path(built_once(tmp_path_factory, request.config, "sample_extracts", build)["folder"])


def local_instance_home(folder: Path) -> Path:
    """A Dagster home in `folder`, with the project's local instance (`deploy/dagster.yaml`) less
    the capture of each step's stdout and stderr (a `tail` process per step: nothing a test reads)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = (PROJECT_ROOT / "deploy" / "dagster.yaml").read_text(encoding="utf-8")
    config = config.replace("config: {}", f"config: {{base_dir: '{folder}'}}") + (
        "compute_logs:\n  module: dagster._core.storage.noop_compute_log_manager\n  class: NoOpComputeLogManager\n")
    (folder / "dagster.yaml").write_text(config, encoding="utf-8")
    return folder


def _build_year_2025(kind: str, extracts: Path, folder: Path, run_id: str) -> dict:
    from pipelines.run import materialize_year
    from warehouse import Warehouse

    folder.mkdir(parents=True)
    if kind == "duckdb":
        url = f"duckdb:///{folder / 'warehouse.duckdb'}"
        readers_url = f"{url}?access_mode=read_only"  # DuckDB lets several processes read a file none writes
    else:
        schema = f"{SHARED_SCHEMA_PREFIX}{run_id}_{kind}"
        admin = sa.create_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.execute(sa.text(f'create schema "{schema}"'))
        admin.dispose()
        url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
        readers_url = f"{url}%20-cdefault_transaction_read_only%3Don"  # a test that writes fails, loudly
    settings = make_settings(folder, url, extracts)
    if kind == "duckdb":  # its runs' history kept too, for the copies that go on from it (`year_2025_copy`)
        with dg.DagsterInstance.from_config(str(local_instance_home(folder / "dagster_home"))) as instance:
            materialize_year(settings, 2025, instance)
    else:
        materialize_year(settings, 2025)
    Warehouse(url).dispose()  # DuckDB: the file let go of, to be opened read-only
    return {"warehouse_url": readers_url, "output_dir": str(settings.output_dir)}


YEAR_2025_KINDS = ("duckdb", "postgresql")


def _year_2025_kinds_wanted(request) -> list[str]:
    """The kinds of `year_2025` some test of this run uses (every worker collects every test)."""
    wanted = {item.callspec.params.get("year_2025") for item in request.session.items if hasattr(item, "callspec")}
    return [kind for kind in YEAR_2025_KINDS if kind in wanted]


def _year_2025(request, tmp_path_factory, kind: str, wait: bool = True) -> dict | None:
    extracts, run_id = request.getfixturevalue("sample_extracts"), request.config.stash[RUN_ID]
    return built_once(tmp_path_factory, request.config, f"year_2025_{kind}",
                      lambda folder: _build_year_2025(kind, extracts, folder, run_id), wait=wait)


@pytest.fixture(scope="session", autouse=True)
def _sample_year_first(request, tmp_path_factory):
    """Each worker starts by building a kind of `year_2025` this run needs that no other worker is
    building: the two kinds are built side by side at the start, and no test waits for them later."""
    for kind in _year_2025_kinds_wanted(request):
        if kind == "postgresql" and _postgres_unavailable():
            continue
        if _year_2025(request, tmp_path_factory, kind, wait=False) is not None:
            return


@pytest.fixture(scope="session", params=YEAR_2025_KINDS)
def year_2025(request, tmp_path_factory, sample_extracts, postgres_skip_reason) -> Settings:
    """The sample extracts materialized for report year 2025, once per warehouse kind and test run,
    shared by the workers and READ-ONLY: DuckDB opened read-only, PostgreSQL sessions read-only,
    outputs not to be written. A test that goes on from it (re-runs, new exports) takes `year_2025_copy`."""
    if request.param == "postgresql" and postgres_skip_reason:
        pytest.skip(postgres_skip_reason)
    info = _year_2025(request, tmp_path_factory, request.param, wait=False)
    if info is None:  # another worker is building it: meanwhile, build another kind this run needs
        for other in _year_2025_kinds_wanted(request):
            if other != request.param and not (other == "postgresql" and postgres_skip_reason):
                _year_2025(request, tmp_path_factory, other, wait=False)
        info = _year_2025(request, tmp_path_factory, request.param)
    output_dir = Path(info["output_dir"])
    return dataclasses.replace(make_settings(output_dir.parent, info["warehouse_url"], sample_extracts), output_dir=output_dir)


@dataclasses.dataclass(frozen=True)
class YearCopy:
    settings: Settings
    dagster_home: Path  # the Dagster instance whose runs materialized it

    def instance(self) -> dg.DagsterInstance:
        return dg.DagsterInstance.from_config(str(self.dagster_home))


@pytest.fixture
def year_2025_copy(year_2025, tmp_path) -> YearCopy:
    """A writable copy of the DuckDB `year_2025`: its warehouse file, its outputs and the Dagster
    instance of its runs."""
    if not year_2025.warehouse_url.startswith("duckdb"):
        raise ValueError("year_2025_copy copies a DuckDB file")
    shared = year_2025.output_dir.parent
    shutil.copyfile(sa.make_url(year_2025.warehouse_url).database, tmp_path / "warehouse.duckdb")
    shutil.copytree(year_2025.output_dir, tmp_path / "out")
    home = local_instance_home(tmp_path / "dagster_home")
    shutil.copytree(shared / "dagster_home", home, dirs_exist_ok=True, ignore=shutil.ignore_patterns("dagster.yaml"))
    return YearCopy(make_settings(tmp_path, f"duckdb:///{tmp_path / 'warehouse.duckdb'}", year_2025.extracts_dir), home)


CORE_SOURCES = ("insee", "urssaf", "france_travail", "plie")


@pytest.fixture(scope="session")
def core_extracts(sample_extracts, tmp_path_factory) -> Path:
    """The territory and PLIE sample extracts only: for tests that run the whole pipeline many times
    (crash safety) or spoil a copy, whose point does not depend on every domain's volume."""
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

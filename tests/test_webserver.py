"""UI smoke test: the Dagster webserver starts on the project's workspace, and its GraphQL API
lists the assets, their checks and their partitions."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT

QUERY = """
{
  assetNodes {
    assetKey { path }
    isPartitioned
    partitionKeys
    assetChecksOrError { ... on AssetChecks { checks { name } } }
  }
  repositoriesOrError { ... on RepositoryConnection { nodes { name schedules { name } sensors { name } } } }
}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, query: str) -> dict:
    request = urllib.request.Request(url, data=json.dumps({"query": query}).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def webserver(tmp_path):
    port = _free_port()
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text((PROJECT_ROOT / "deploy" / "dagster.yaml").read_text())
    env = {**os.environ, "DAGSTER_HOME": str(home), "MNO_EXTRACTS_DIR": str(tmp_path / "extracts"),
           "MNO_WAREHOUSE_URL": f"duckdb:///{tmp_path / 'w.duckdb'}", "MNO_OUTPUT_DIR": str(tmp_path / "out")}
    binary = Path(sys.executable).parent / "dagster-webserver"
    process = subprocess.Popen([str(binary), "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
                               cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"webserver exited: {process.stderr.read().decode()[-2000:]}")
            try:
                urllib.request.urlopen(f"{base}/server_info", timeout=2)
                break
            except OSError:
                time.sleep(1)
        else:
            pytest.fail("webserver did not answer within 120 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_graphql_lists_assets_checks_and_partitions(webserver):
    deadline = time.monotonic() + 60
    while True:  # the code location loads in the background after the server answers
        data = _post(f"{webserver}/graphql", QUERY)["data"]
        if data["assetNodes"] or time.monotonic() > deadline:
            break
        time.sleep(1)
    nodes = {"/".join(n["assetKey"]["path"]): n for n in data["assetNodes"]}
    assert {"raw_plie", "stg_plie", "indicators", "annual_report"} <= set(nodes)
    defm = nodes["raw_france_travail"]
    assert defm["isPartitioned"] and defm["partitionKeys"][0] == "2019-01" and "2025-12" in defm["partitionKeys"]
    assert "2025" in nodes["annual_report"]["partitionKeys"]
    assert {c["name"] for c in defm["assetChecksOrError"]["checks"]} >= {"contract"}
    [repository] = data["repositoriesOrError"]["nodes"]
    assert {s["name"] for s in repository["schedules"]} == {"monthly_refresh"}
    assert "new_extract_files" in {s["name"] for s in repository["sensors"]}

"""The pseudonymisation key: the public development key works on the sample only, a real key reaches
Dagster as a secret (its name, never its value, in the resource config the UI shows)."""
from __future__ import annotations

import dagster as dg
import pytest

from pipelines.definitions import build_definitions
from pipelines.run import main
from pipelines.settings import DEVELOPMENT_PSEUDONYMISATION_KEY, SAMPLE_MARKER, Settings, require_real_key


def test_the_development_key_is_refused_outside_sample_mode(tmp_path):
    with pytest.raises(ValueError, match="MNO_PSEUDONYMISATION_KEY"):
        require_real_key(DEVELOPMENT_PSEUDONYMISATION_KEY, tmp_path)
    (tmp_path / SAMPLE_MARKER).write_text("sample", encoding="utf-8")
    require_real_key(DEVELOPMENT_PSEUDONYMISATION_KEY, tmp_path)  # the sample folder: fine
    require_real_key("a-real-secret", tmp_path.parent)


def test_the_command_refuses_to_run_with_the_development_key(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MNO_EXTRACTS_DIR", str(tmp_path / "extracts"))
    monkeypatch.delenv("MNO_PSEUDONYMISATION_KEY", raising=False)
    assert main(["year", "2025"]) == 2
    assert "MNO_PSEUDONYMISATION_KEY" in capsys.readouterr().err


def test_a_real_key_reaches_dagster_as_an_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("MNO_PSEUDONYMISATION_KEY", "s3cr3t-value-never-shown")
    settings = Settings.from_env()
    defs = build_definitions(settings)
    project = defs.resources["project"]
    assert isinstance(project.pseudonymisation_key, dg.EnvVar)
    assert "s3cr3t-value-never-shown" not in repr(project._convert_to_config_dictionary())

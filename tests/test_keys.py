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
        require_real_key(DEVELOPMENT_PSEUDONYMISATION_KEY, sample_mode=False)
    require_real_key(DEVELOPMENT_PSEUDONYMISATION_KEY, sample_mode=True)  # the command's --generate-sample: fine
    require_real_key("a-real-secret-of-more-than-thirty-two-bytes", sample_mode=False)


@pytest.mark.parametrize("key", ["k", "test-key", "x" * 31, "é" * 15])
def test_a_key_shorter_than_32_bytes_is_refused_even_in_sample_mode(key):
    with pytest.raises(ValueError, match="fewer than 32"):
        require_real_key(key, sample_mode=True)


def test_a_sample_marker_dropped_in_the_real_folder_does_not_make_it_a_sample(tmp_path, monkeypatch, capsys):
    """Sample mode is the command's flag, never a file found in a folder: an empty `.sample-extracts`
    in the real extracts folder leaves the public development key refused."""
    extracts = tmp_path / "extracts"
    extracts.mkdir()
    (extracts / SAMPLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.setenv("MNO_EXTRACTS_DIR", str(extracts))
    monkeypatch.delenv("MNO_PSEUDONYMISATION_KEY", raising=False)
    assert main(["year", "2025"]) == 2
    assert "development pseudonymisation key is public" in capsys.readouterr().err
    assert not Settings.from_env().sample_mode


def test_a_short_key_from_the_environment_is_refused_by_the_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MNO_EXTRACTS_DIR", str(tmp_path / "extracts"))
    monkeypatch.setenv("MNO_PSEUDONYMISATION_KEY", "a")
    assert main(["year", "2025"]) == 2
    assert "1 bytes long, fewer than 32" in capsys.readouterr().err


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

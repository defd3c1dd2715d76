"""Project settings, read from the environment in exactly one place.

Only `Settings.from_env` reads environment variables; everything else receives settings through
Dagster resources (see `pipelines/resources.py`). Defaults suit a development clone running on the
bundled sample data.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from quality.alerts import DEFAULT_SENDER, AlertSettings
from warehouse.engine import with_duckdb_bounds

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Development-only key for the sample data; real deployments set MNO_PSEUDONYMISATION_KEY. It is
# public (it is in this file): outside sample mode the ingestion refuses it (`require_real_key`).
DEVELOPMENT_PSEUDONYMISATION_KEY = "mno-development-key-for-synthetic-sample-data-only"
# The file the sample generator leaves in the folder it writes, so that it never writes into a
# folder of real extracts. It does not make a folder a sample: sample mode is the command's flag
# (`--generate-sample`, as `make run` sets it: `Settings.sample_mode`), never a file found in a folder.
SAMPLE_MARKER = ".sample-extracts"
MIN_KEY_BYTES = 32  # a keyed hash is as strong as its key: shorter keys are guessable
KEY_HELP = ("set MNO_PSEUDONYMISATION_KEY to a long random secret (e.g. `python -c \"import secrets; "
            "print(secrets.token_urlsafe(32))\"`), kept outside the repository; see docs/threat-model.md")


def require_real_key(key: str, sample_mode: bool) -> None:
    """Refuse a key shorter than MIN_KEY_BYTES, and the public development key outside sample mode
    (the command's `--generate-sample`)."""
    if len(key.encode("utf-8")) < MIN_KEY_BYTES:
        raise ValueError(f"the pseudonymisation key is {len(key.encode('utf-8'))} bytes long, fewer than "
                         f"{MIN_KEY_BYTES}: {KEY_HELP}")
    if key == DEVELOPMENT_PSEUDONYMISATION_KEY and not sample_mode:
        raise ValueError(f"the development pseudonymisation key is public and only for the synthetic sample data, "
                         f"in sample mode (--generate-sample): {KEY_HELP}")

ENVIRONMENT_VARIABLES = {
    "MNO_EXTRACTS_DIR": "folder the source extracts land in (default: data/extracts)",
    "MNO_SAMPLE_EXTRACTS_DIR": "folder the synthetic sample extracts are written to by --generate-sample "
    "(default: data/sample-extracts; never the real extracts folder)",
    "MNO_WAREHOUSE_URL": "SQLAlchemy URL of the warehouse (default: duckdb:///data/warehouse/mno.duckdb)",
    "MNO_DUCKDB_MEMORY_LIMIT": "most memory the DuckDB warehouse may hold, e.g. 1GB; beyond, a load spills to "
    "MNO_DUCKDB_TEMP_DIRECTORY (default: DuckDB's, 80 % of the machine's memory)",
    "MNO_DUCKDB_TEMP_DIRECTORY": "folder DuckDB spills to past its memory limit (default: DuckDB's, "
    "<database file>.tmp beside the warehouse file)",
    "MNO_OUTPUT_DIR": "folder the report artefacts are written to (default: out)",
    "MNO_TERRITORY_FILE": "YAML file describing the territory (default: config/territory.yaml)",
    "MNO_PSEUDONYMISATION_KEY": "secret key of the keyed hash applied to personal identifiers "
    "(default: a documented development key, for synthetic data only)",
    "MNO_PLAUSIBILITY_FILE": "YAML file of the extracts' plausibility thresholds (default: config/plausibility.yaml)",
    "MNO_PLIE_TARGET_POSITIVE_EXIT_PCT": "the PLIE's target positive-exit rate in percent (default: 50)",
    "MNO_MDE_FILE": "YAML file of the Maison de l'Emploi's settings: sites, networks, clause FTE hours (default: config/mde.yaml)",
    "MNO_REPORT_DIR": "folder of the printed report's settings (report.yaml) and yearly Markdown texts (default: config/report)",
    "MNO_SMTP_HOST": "SMTP relay for alerts (default: none: alerts are logged only)",
    "MNO_SMTP_PORT": "its port (default: 25)",
    "MNO_SMTP_FROM": "sender address of alerts",
    "MNO_ALERT_TO": "comma-separated recipients of alerts",
}


@dataclass(frozen=True)
class Settings:
    extracts_dir: Path
    warehouse_url: str
    output_dir: Path
    territory_file: Path
    pseudonymisation_key: str
    plie_target_positive_exit_pct: float = 50.0
    alerts: AlertSettings = AlertSettings()
    plausibility_file: Path = PROJECT_ROOT / "config" / "plausibility.yaml"
    sample_extracts_dir: Path = PROJECT_ROOT / "data" / "sample-extracts"
    key_from_env: bool = False  # the key came from MNO_PSEUDONYMISATION_KEY: Dagster reads it there too
    mde_file: Path = PROJECT_ROOT / "config" / "mde.yaml"
    sample_mode: bool = False  # the run reads the synthetic sample it generated (--generate-sample): the development key is allowed
    report_dir: Path = PROJECT_ROOT / "config" / "report"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def path(name: str, default: str) -> Path:
            value = Path(env.get(name) or default)
            return value if value.is_absolute() else PROJECT_ROOT / value

        warehouse_default = f"duckdb:///{PROJECT_ROOT / 'data' / 'warehouse' / 'mno.duckdb'}"
        spill = env.get("MNO_DUCKDB_TEMP_DIRECTORY")
        return cls(
            extracts_dir=path("MNO_EXTRACTS_DIR", "data/extracts"),
            # DuckDB's bounds travel in the warehouse URL, so every connection to the file has them
            warehouse_url=with_duckdb_bounds(env.get("MNO_WAREHOUSE_URL") or warehouse_default,
                                             env.get("MNO_DUCKDB_MEMORY_LIMIT") or None,
                                             path("MNO_DUCKDB_TEMP_DIRECTORY", spill) if spill else None),
            output_dir=path("MNO_OUTPUT_DIR", "out"),
            territory_file=path("MNO_TERRITORY_FILE", "config/territory.yaml"),
            pseudonymisation_key=env.get("MNO_PSEUDONYMISATION_KEY") or DEVELOPMENT_PSEUDONYMISATION_KEY,
            plie_target_positive_exit_pct=float(env.get("MNO_PLIE_TARGET_POSITIVE_EXIT_PCT") or 50),
            plausibility_file=path("MNO_PLAUSIBILITY_FILE", "config/plausibility.yaml"),
            sample_extracts_dir=path("MNO_SAMPLE_EXTRACTS_DIR", "data/sample-extracts"),
            key_from_env=bool(env.get("MNO_PSEUDONYMISATION_KEY")),
            mde_file=path("MNO_MDE_FILE", "config/mde.yaml"),
            report_dir=path("MNO_REPORT_DIR", "config/report"),
            alerts=AlertSettings(
                smtp_host=env.get("MNO_SMTP_HOST") or None,
                smtp_port=int(env.get("MNO_SMTP_PORT") or 25),
                sender=env.get("MNO_SMTP_FROM") or DEFAULT_SENDER,
                recipients=tuple(a.strip() for a in (env.get("MNO_ALERT_TO") or "").split(",") if a.strip()),
            ),
        )

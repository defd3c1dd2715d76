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

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Development-only key for the sample data; real deployments set MNO_PSEUDONYMISATION_KEY.
DEVELOPMENT_PSEUDONYMISATION_KEY = "mno-development-key-for-synthetic-sample-data-only"

ENVIRONMENT_VARIABLES = {
    "MNO_EXTRACTS_DIR": "folder the source extracts land in (default: data/extracts)",
    "MNO_WAREHOUSE_URL": "SQLAlchemy URL of the warehouse (default: duckdb:///data/warehouse/mno.duckdb)",
    "MNO_OUTPUT_DIR": "folder the report artefacts are written to (default: out)",
    "MNO_TERRITORY_FILE": "YAML file describing the territory (default: config/territory.yaml)",
    "MNO_PSEUDONYMISATION_KEY": "secret key of the keyed hash applied to personal identifiers "
    "(default: a documented development key, for synthetic data only)",
    "MNO_PLAUSIBILITY_FILE": "YAML file of the extracts' plausibility thresholds (default: config/plausibility.yaml)",
    "MNO_PLIE_TARGET_POSITIVE_EXIT_PCT": "the PLIE's target positive-exit rate in percent (default: 50)",
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

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def path(name: str, default: str) -> Path:
            value = Path(env.get(name) or default)
            return value if value.is_absolute() else PROJECT_ROOT / value

        warehouse_default = f"duckdb:///{PROJECT_ROOT / 'data' / 'warehouse' / 'mno.duckdb'}"
        return cls(
            extracts_dir=path("MNO_EXTRACTS_DIR", "data/extracts"),
            warehouse_url=env.get("MNO_WAREHOUSE_URL") or warehouse_default,
            output_dir=path("MNO_OUTPUT_DIR", "out"),
            territory_file=path("MNO_TERRITORY_FILE", "config/territory.yaml"),
            pseudonymisation_key=env.get("MNO_PSEUDONYMISATION_KEY") or DEVELOPMENT_PSEUDONYMISATION_KEY,
            plie_target_positive_exit_pct=float(env.get("MNO_PLIE_TARGET_POSITIVE_EXIT_PCT") or 50),
            plausibility_file=path("MNO_PLAUSIBILITY_FILE", "config/plausibility.yaml"),
            alerts=AlertSettings(
                smtp_host=env.get("MNO_SMTP_HOST") or None,
                smtp_port=int(env.get("MNO_SMTP_PORT") or 25),
                sender=env.get("MNO_SMTP_FROM") or DEFAULT_SENDER,
                recipients=tuple(a.strip() for a in (env.get("MNO_ALERT_TO") or "").split(",") if a.strip()),
            ),
        )

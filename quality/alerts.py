"""Alerts on failed runs and failed checks: an e-mail when SMTP is configured, a log line otherwise.

Settings come from the environment through `pipelines.settings.Settings` (`Settings.alerts`):

| variable | meaning |
|---|---|
| `MNO_SMTP_HOST` | SMTP relay host; unset = alerts are only logged |
| `MNO_SMTP_PORT` | its port (default 25) |
| `MNO_SMTP_FROM` | sender address (default `mno-data@localhost`) |
| `MNO_ALERT_TO` | recipients, comma-separated; unset = alerts are only logged |

An alert says what failed and how much (asset, check, rule names, counts, run id), and where to
look (the data-quality report, the Dagster UI): never a value from the data. Sending never raises:
an unreachable relay is logged, the alert text with it, and the run goes on.
"""
from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage

import dagster as dg

from quality.history import CheckRecord

LOGGER = logging.getLogger("mno.quality.alerts")
DEFAULT_SENDER = "mno-data@localhost"
SUBJECT_PREFIX = "[MNO données]"
REPORT_HINT = "Détail : rapport qualité, <dossier de sortie>/qualite/rapport-qualite.html, et l'interface Dagster."


@dataclass(frozen=True)
class AlertSettings:
    smtp_host: str | None = None
    smtp_port: int = 25
    sender: str = DEFAULT_SENDER
    recipients: tuple[str, ...] = ()
    timeout_seconds: float = 10.0

    @property
    def configured(self) -> bool:
        return bool(self.smtp_host and self.recipients)


class Alerter:
    """Sends alerts by e-mail, or logs them when SMTP is not configured. `log` is any logger with
    `info`/`warning` (a `logging.Logger`, or a Dagster `context.log`)."""

    def __init__(self, settings: AlertSettings, log=None):
        self.settings = settings
        self.log = log or LOGGER

    def send(self, subject: str, body: str) -> bool:
        """True if an e-mail went out; False if the alert was only logged."""
        subject = f"{SUBJECT_PREFIX} {subject}"
        if not self.settings.configured:
            self.log.warning(f"ALERT (no SMTP configured, logged only): {subject}\n{body}")
            return False
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = self.settings.sender
        message["To"] = ", ".join(self.settings.recipients)
        message.set_content(body)
        try:
            with smtplib.SMTP(self.settings.smtp_host, self.settings.smtp_port, timeout=self.settings.timeout_seconds) as smtp:
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            self.log.warning(f"ALERT (e-mail to {self.settings.smtp_host}:{self.settings.smtp_port} failed: {exc!r}): {subject}\n{body}")
            return False
        self.log.info(f"alert e-mailed to {len(self.settings.recipients)} recipient(s): {subject}")
        return True

    def checks_failed(self, records: Iterable[CheckRecord], run_id: str | None = None) -> bool | None:
        """One alert for the failed records of one check evaluation; None if nothing failed."""
        failed = [r for r in records if not r.passed]
        if not failed:
            return None
        first = failed[0]
        severity = "ERROR" if any(r.severity == "ERROR" for r in failed) else "WARN"
        subject = f"contrôle {first.check_name} en échec sur {first.asset} ({severity})"
        return self.send(subject, check_failure_text(failed, run_id))

    def run_failed(self, job_name: str, run_id: str, summary: str) -> bool:
        return self.send(f"exécution {job_name} en échec", f"Run {run_id} du job {job_name} : échec.\n{summary}\n\n{REPORT_HINT}\n")


def check_failure_text(records: list[CheckRecord], run_id: str | None = None) -> str:
    lines = []
    for r in records:
        where = f" [partition {r.partition}]" if r.partition else ""
        failing = "" if r.failing_rows is None else f" : {r.failing_rows} ligne(s) en échec"
        lines.append(f"- {r.asset}{where}, contrôle {r.check_name} ({r.severity}){failing}")
        lines += [f"    {rule} : {count}" for rule, count in sorted(r.details.items())]
    if run_id:
        lines.append(f"\nRun Dagster : {run_id}")
    lines.append(f"\n{REPORT_HINT}")
    return "\n".join(lines) + "\n"


class AlertsResource(dg.ConfigurableResource):
    """Where alerts go: an SMTP relay and recipients, or (unset) the run's log only."""

    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = DEFAULT_SENDER
    alert_to: list[str] = []

    @classmethod
    def from_settings(cls, settings: AlertSettings) -> AlertsResource:
        return cls(smtp_host=settings.smtp_host or "", smtp_port=settings.smtp_port, smtp_from=settings.sender,
                   alert_to=list(settings.recipients))

    def settings(self) -> AlertSettings:
        return AlertSettings(self.smtp_host or None, self.smtp_port, self.smtp_from, tuple(self.alert_to))

    def alerter(self, log=None) -> Alerter:
        return Alerter(self.settings(), log)

"""Alerts: an e-mail through a fake SMTP server on localhost when SMTP is configured, a log line
otherwise; never an exception when the relay is down; a failed run alerts through the sensor."""
from __future__ import annotations

import email
import logging
import socketserver
import threading
from contextlib import contextmanager
from email import policy

import dagster as dg
import pytest

from assets.quality.sensors import alert_on_run_failure
from conftest import make_settings
from pipelines.definitions import build_definitions
from pipelines.settings import Settings
from quality.alerts import Alerter, AlertSettings, AlertsResource
from quality.history import CheckRecord


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) for smtplib: greeting, EHLO, MAIL, RCPT, DATA, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self.reply("220 localhost fake SMTP")
        envelope = {"to": []}
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 localhost")
            elif verb == "MAIL":
                envelope["from"] = command.split(":", 1)[1].strip(" <>")
                self.reply("250 OK")
            elif verb == "RCPT":
                envelope["to"].append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                self.server.messages.append({**envelope, "message": email.message_from_bytes(data, policy=policy.default)})
                envelope = {"to": []}
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.daemon_threads = True
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _settings(server) -> AlertSettings:
    return AlertSettings(smtp_host="127.0.0.1", smtp_port=server.server_address[1], sender="donnees@mde.example",
                         recipients=("qualite@mde.example", "direction@mde.example"))


FAILED = CheckRecord(asset="raw_plie__participants", partition="2025-03", check_name="contract", severity="WARN",
                     passed=False, failing_rows=2, details={"type:date": 1, "not_nullable": 1})


def test_settings_from_env():
    env = {"MNO_SMTP_HOST": "smtp.mde.example", "MNO_SMTP_PORT": "587", "MNO_SMTP_FROM": "donnees@mde.example",
           "MNO_ALERT_TO": "a@mde.example, b@mde.example"}
    settings = Settings.from_env(env).alerts
    assert settings == AlertSettings("smtp.mde.example", 587, "donnees@mde.example", ("a@mde.example", "b@mde.example"))
    assert settings.configured
    assert not Settings.from_env({}).alerts.configured
    assert not Settings.from_env({"MNO_SMTP_HOST": "smtp.mde.example"}).alerts.configured  # nobody to tell


def test_failed_check_is_emailed_when_smtp_is_configured(smtp_server):
    sent = Alerter(_settings(smtp_server)).checks_failed([FAILED], run_id="run-123")
    assert sent is True
    [mail] = smtp_server.messages
    assert mail["to"] == ["qualite@mde.example", "direction@mde.example"] and mail["from"] == "donnees@mde.example"
    message = mail["message"]
    assert "contract" in message["Subject"] and "raw_plie__participants" in message["Subject"]
    body = message.get_content()
    assert "partition 2025-03" in body and "type:date : 1" in body and "run-123" in body


def test_passed_checks_send_nothing(smtp_server):
    ok = CheckRecord("indicators", "pct_in_range", "ERROR", True, 0)
    assert Alerter(_settings(smtp_server)).checks_failed([ok]) is None
    assert smtp_server.messages == []


def test_alert_is_logged_when_smtp_is_not_configured(caplog):
    with caplog.at_level(logging.WARNING, logger="mno.quality.alerts"):
        sent = Alerter(AlertSettings()).checks_failed([FAILED])
    assert sent is False
    assert "no SMTP configured" in caplog.text and "raw_plie__participants" in caplog.text and "type:date : 1" in caplog.text


def test_unreachable_relay_is_logged_not_raised(caplog, smtp_server):
    port = smtp_server.server_address[1]
    smtp_server.shutdown()
    smtp_server.server_close()  # nothing listens on the port any more
    settings = AlertSettings("127.0.0.1", port, recipients=("qualite@mde.example",), timeout_seconds=2)
    with caplog.at_level(logging.WARNING, logger="mno.quality.alerts"):
        assert Alerter(settings).send("test", "body") is False
    assert "failed" in caplog.text and "body" in caplog.text


@dg.asset
def broken_asset() -> None:
    raise ValueError("boom")


def test_failed_run_is_emailed_by_the_sensor(smtp_server):
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([broken_asset], instance=instance, raise_on_error=False)
    assert not result.success
    with _failure_context(instance, result, AlertsResource.from_settings(_settings(smtp_server))) as context:
        alert_on_run_failure(context)
    [mail] = smtp_server.messages
    body = mail["message"].get_content()
    assert "en échec" in mail["message"]["Subject"] and result.run_id in body and "broken_asset" in body
    assert "boom" not in body  # the error text stays in the Dagster UI


def test_failed_run_is_logged_without_smtp(capfd):
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([broken_asset], instance=instance, raise_on_error=False)
    capfd.readouterr()
    with _failure_context(instance, result, AlertsResource()) as context:
        alert_on_run_failure(context)
    logged = capfd.readouterr().err  # the sensor's log (Dagster's instigation logger writes to stderr)
    assert "no SMTP configured" in logged and result.run_id in logged


@contextmanager
def _failure_context(instance, result, alerts: AlertsResource):
    with dg.build_run_status_sensor_context(
        sensor_name="alert_on_run_failure",
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        dagster_event=result.get_run_failure_event(),
        resources={"alerts": alerts},
    ) as context, context.for_run_failure() as failure_context:
        yield failure_context


def test_failed_contract_check_in_a_run_is_emailed(tmp_path, smtp_server):
    extracts = tmp_path / "extracts"
    path = extracts / "france_travail" / "defm_communes_2025-03.csv"
    path.parent.mkdir(parents=True)
    path.write_text(
        "date;code_commune;commune;categorie;sexe;tranche_d_age;anciennete;nombre_de_demandeurs_d_emploi\r\n"
        "31/03/2025;59328;Croix;A;Femmes;25 à 49 ans;Moins d'un an;151\r\n"
        "31/03/2025;59328;Croix;Z;Femmes;25 à 49 ans;Moins d'un an;12\r\n",
        encoding="utf-8",
    )
    settings = make_settings(tmp_path, f"duckdb:///{tmp_path / 'w.duckdb'}", extracts)
    defs = build_definitions(settings)
    resources = {**defs.resources, "alerts": AlertsResource.from_settings(_settings(smtp_server))}
    result = dg.materialize(list(defs.assets), selection=[dg.AssetKey("raw_france_travail")], partition_key="2025-03",
                            resources=resources)
    assert result.success  # the contract check warns; the valid rows are loaded
    [mail] = smtp_server.messages
    body = mail["message"].get_content()
    assert "raw_france_travail__defm" in mail["message"]["Subject"]
    assert "partition 2025-03" in body and "1 ligne(s) en échec" in body and "isin(['A', 'B', 'C']) : 1" in body
    assert result.run_id in body

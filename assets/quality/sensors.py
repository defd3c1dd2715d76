"""Alert on failed runs: a run-failure sensor (evaluated by the Dagster daemon).

Failed *checks* are alerted by the checks themselves (`assets/quality/checks.py`, the `contract`
check in `assets/extracts.py`), where the result is recorded: that works in command-line runs,
which have no daemon, and needs no cursor over the event log. A run, though, can fail before any
check runs (an unreadable extract, a SQL error): that is this sensor's job.

The alert names the job, the run and the failed steps; the error itself stays in the Dagster UI
(an error message can quote a value from the data).
"""

import dagster as dg

from quality.alerts import AlertsResource


@dg.run_failure_sensor(
    name="alert_on_run_failure",
    description="E-mails (or logs, without SMTP settings) every failed run of this code location.",
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=60,
)
def alert_on_run_failure(context: dg.RunFailureSensorContext, alerts: AlertsResource) -> None:
    run = context.dagster_run
    failed_steps = sorted({e.step_key for e in context.get_step_failure_events() if e.step_key})
    summary = f"Étapes en échec : {', '.join(failed_steps) or 'aucune étape (échec au lancement)'}."
    alerts.alerter(context.log).run_failed(run.job_name, run.run_id, summary)


SENSORS = [alert_on_run_failure]

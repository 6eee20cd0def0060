"""Background jobs of the evaluations app: one-line wrappers around services."""

from __future__ import annotations

from celery import shared_task

from kinerja.evaluations.objections import objection_reminders_send
from kinerja.evaluations.recompute import policy_recompute_run


@shared_task(name="evaluations.objection_reminders")
def objection_reminders() -> int:
    """Remind whoever an objection deadline concerns today; returns how many were new."""
    return objection_reminders_send()


@shared_task(name="evaluations.policy_recompute_year")
def policy_recompute_year(year_id: int, job_id: int, user_id: int | None = None) -> int:
    """Recompute a year's older final evaluations under its current policy (a job)."""
    return policy_recompute_run(year_id, job_id, user_id)

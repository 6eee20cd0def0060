"""Background jobs of the evaluations app: one-line wrappers around services."""

from __future__ import annotations

from celery import shared_task

from kinerja.evaluations.objections import objection_reminders_send


@shared_task(name="evaluations.objection_reminders")
def objection_reminders() -> int:
    """Remind whoever an objection deadline concerns today; returns how many were new."""
    return objection_reminders_send()

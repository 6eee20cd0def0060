"""Background jobs of the plans app: one-line wrappers around services."""

from __future__ import annotations

from celery import shared_task

from kinerja.accounts.models import User
from kinerja.cycles.models import AppraisalYear
from kinerja.plans.deadline import plan_reminders_send


@shared_task(name="plans.send_plan_reminders")
def send_plan_reminders(
    year_id: int, actor_id: int | None = None, employee_ids: list[int] | None = None
) -> int:
    """Remind everyone whose SKP of the year is late; returns how many were reminded."""
    return plan_reminders_send(
        year=AppraisalYear.objects.get(pk=year_id),
        actor=User.objects.filter(pk=actor_id).first() if actor_id else None,
        employee_ids=employee_ids,
    ).reminded

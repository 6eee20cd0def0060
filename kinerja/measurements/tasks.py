"""Background jobs of the measurements app: one-line wrappers around services."""

from __future__ import annotations

from celery import shared_task

from kinerja.measurements.recompute import recompute_run


@shared_task(name="measurements.recompute_year")
def recompute_year(year_id: int, job_id: int | None = None) -> int:
    """Recompute every IKI and SKP standing of an appraisal year; returns the SKP count.

    With `job_id` the progress goes to that BackgroundJob (measurements.recompute).
    """
    return recompute_run(year_id, job_id)

"""Background jobs of the measurements app: one-line wrappers around services."""

from __future__ import annotations

from celery import shared_task

from kinerja.measurements.services import standing_recompute_year


@shared_task(name="measurements.recompute_year")
def recompute_year(year_id: int) -> int:
    """Recompute every IKI and SKP standing of an appraisal year; returns the SKP count."""
    return standing_recompute_year(year_id=year_id)

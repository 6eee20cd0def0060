"""Background jobs of the imports app: one-line wrappers around services."""

from __future__ import annotations

from celery import shared_task

from kinerja.imports.services import import_run


@shared_task(name="imports.run_batch")
def import_run_task(batch_id: int) -> str:
    """Check and write one uploaded file; returns the batch's final status."""
    return import_run(batch_id=batch_id).status

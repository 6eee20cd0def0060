"""Writes of background-job progress, shared by every long-running job."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.core.models import BackgroundJob


def job_create(
    *, kind: str, label: str, started_by: User | None, total: int | None = None
) -> BackgroundJob:
    return BackgroundJob.objects.create(kind=kind, label=label, started_by=started_by, total=total)


def job_start(job_id: int, *, total: int | None = None) -> None:
    fields: dict[str, object] = {
        "status": BackgroundJob.Status.RUNNING,
        "started_at": timezone.now(),
    }
    if total is not None:
        fields["total"] = total
    BackgroundJob.objects.filter(pk=job_id).update(**fields)


def job_progress(job_id: int, done: int, total: int | None = None) -> None:
    """Record progress; called every batch, so it is one UPDATE and nothing else."""
    fields: dict[str, object] = {"done": done}
    if total is not None:
        fields["total"] = total
    BackgroundJob.objects.filter(pk=job_id).update(**fields)


def job_advance(job_id: int, by: int) -> None:
    BackgroundJob.objects.filter(pk=job_id).update(done=F("done") + by)


def job_finish(job_id: int, *, message: str = "", failed: bool = False) -> None:
    BackgroundJob.objects.filter(pk=job_id).update(
        status=BackgroundJob.Status.FAILED if failed else BackgroundJob.Status.DONE,
        message=message,
        finished_at=timezone.now(),
    )

"""The full recompute of an appraisal year, as a background job with progress.

Everyday values never need it: each new realisasi refreshes its own IKI and SKP
(services.standing_refresh). A full recompute is for what changes the rules
under every stored standing at once: the year's scoring policy (capaian cap,
rating bands), a correction of data outside Kinerja's write paths, or an update
of the calculation itself.

One job per year at a time: a second start while one is queued or running is
refused, because both would write the same rows and the second would only
repeat the first. The year is named in the job's `kind` (``recompute:<year pk>``)
so the check needs no extra table.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.core.jobs import job_create, job_finish, job_progress, job_start
from kinerja.core.models import BackgroundJob
from kinerja.cycles.models import AppraisalYear
from kinerja.measurements.services import standing_recompute_year
from kinerja.organisation.access import viewer_for
from kinerja.plans.models import PerformancePlan

logger = logging.getLogger(__name__)

KIND_PREFIX = "recompute:"
# A job queued or running for longer than this is taken as lost (a worker that
# died mid-way never marks it finished) and no longer blocks a new start.
STALE_AFTER = dt.timedelta(hours=6)
UNFINISHED = (BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING)


class RecomputeError(ValueError):
    """A recompute that cannot start; the message is shown to the user."""


def recompute_kind(year_id: int) -> str:
    return f"{KIND_PREFIX}{year_id}"


def recompute_years_allowed(user: User) -> QuerySet[AppraisalYear]:
    """The appraisal years `user` may recompute: those of the instansi they are HR admin of."""
    viewer = viewer_for(user)
    years = AppraisalYear.objects.select_related("instansi").order_by("-year", "instansi__name")
    if viewer.is_superuser:
        return years
    return years.filter(instansi_id__in=viewer.hr_instansi_ids)


def recompute_jobs(years: QuerySet[AppraisalYear], *, limit: int = 20) -> list[BackgroundJob]:
    """The latest recompute jobs of `years`, newest first, with who started them."""
    kinds = [recompute_kind(pk) for pk in years.values_list("pk", flat=True)]
    return list(
        BackgroundJob.objects.filter(kind__in=kinds)
        .select_related("started_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def recompute_running(year: AppraisalYear) -> BackgroundJob | None:
    """The recompute of `year` that is queued or running (and not lost), if any."""
    return (
        BackgroundJob.objects.filter(
            kind=recompute_kind(year.pk),
            status__in=UNFINISHED,
            created_at__gte=timezone.now() - STALE_AFTER,
        )
        .order_by("-created_at")
        .first()
    )


def recompute_start(user: User, year: AppraisalYear) -> BackgroundJob:
    """Queue the recompute of every standing of `year`, started by an HR admin of its instansi.

    Refuses (RecomputeError) for anyone else, and while a recompute of the same
    year is queued or running. The task is sent once the job row is committed,
    so a worker never looks for a job that does not exist yet.
    """
    if not recompute_years_allowed(user).filter(pk=year.pk).exists():
        raise RecomputeError(
            _(
                "Hanya admin kepegawaian instansi %(instansi)s yang dapat menghitung ulang "
                "tahun ini."
            )
            % {"instansi": year.instansi}
        )
    return _queue(year, started_by=user)


def recompute_queue_system(year: AppraisalYear) -> BackgroundJob:
    """Queue a recompute on behalf of the system (`kinerja recompute --background`)."""
    return _queue(year, started_by=None)


def _queue(year: AppraisalYear, *, started_by: User | None) -> BackgroundJob:
    with transaction.atomic():
        # Lock the year's row so two starts at the same moment cannot both pass the check.
        AppraisalYear.objects.select_for_update().filter(pk=year.pk).first()
        running = recompute_running(year)
        if running is not None:
            raise RecomputeError(
                _(
                    "Hitung ulang tahun %(year)s sedang berjalan (dimulai %(when)s). "
                    "Tunggu sampai selesai sebelum memulai lagi."
                )
                % {
                    "year": year.year,
                    "when": timezone.localtime(running.created_at).strftime("%d-%m-%Y %H:%M"),
                }
            )
        job = job_create(
            kind=recompute_kind(year.pk),
            label=_("Hitung ulang capaian %(year)s · %(instansi)s")
            % {"year": year.year, "instansi": year.instansi},
            started_by=started_by,
            total=PerformancePlan.objects.filter(year_id=year.pk).count(),
        )
        job_id = job.pk
        transaction.on_commit(lambda: _send(year.pk, job_id))
    return job


def _send(year_id: int, job_id: int) -> None:
    """Hand the job to the task queue; a queue that cannot be reached fails the job.

    Without a broker the task runs right here (eager), and its own failure has
    already been written to the job by recompute_run: that one is kept.
    """
    from kinerja.measurements.tasks import recompute_year

    try:
        recompute_year.delay(year_id, job_id)
    except Exception as error:
        logger.exception("recompute of year %s (job %s) failed to run", year_id, job_id)
        if BackgroundJob.objects.filter(pk=job_id, status__in=UNFINISHED).exists():
            job_finish(
                job_id,
                failed=True,
                message=_("Tugas tidak dapat dikirim ke antrean: %(error)s") % {"error": error},
            )


def recompute_run(year_id: int, job_id: int | None = None) -> int:
    """The job's body: recompute the year in batches, reporting progress to the job.

    A failure marks the job failed with the reason before it propagates, so the
    page shows the outcome instead of a bar that never moves.
    """
    if job_id is None:
        return standing_recompute_year(year_id=year_id)
    job_start(job_id)
    try:
        total = standing_recompute_year(
            year_id=year_id, progress=lambda done, total: job_progress(job_id, done, total)
        )
    except Exception as error:
        job_finish(job_id, failed=True, message=_("Gagal: %(error)s") % {"error": error})
        raise
    # The progress callback only runs per batch; a year without SKPs still ends at 0 of 0.
    job_progress(job_id, total, total)
    job_finish(job_id, message=_("%(count)d SKP dihitung ulang.") % {"count": total})
    return total

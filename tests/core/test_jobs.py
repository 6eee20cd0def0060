"""Background-job progress: the writes every long job uses, and who may poll a job."""

from __future__ import annotations

from django.urls import reverse

from kinerja.core import jobs
from kinerja.core.models import BackgroundJob


def test_progress_runs_from_queued_to_done(cast):
    job = jobs.job_create(kind="test", label="Uji", started_by=cast.hr_admin)
    assert (job.status, job.percent) == (BackgroundJob.Status.QUEUED, None)
    jobs.job_start(job.pk, total=200)
    jobs.job_progress(job.pk, 50)
    jobs.job_advance(job.pk, 50)
    job.refresh_from_db()
    assert (job.status, job.done, job.percent, job.finished) == ("running", 100, 50, False)
    jobs.job_finish(job.pk, message="Beres")
    job.refresh_from_db()
    assert (job.status, job.message, job.finished) == ("done", "Beres", True)
    assert job.finished_at is not None


def test_a_failed_job_says_so(cast):
    job = jobs.job_create(kind="test", label="Uji", started_by=cast.hr_admin)
    jobs.job_finish(job.pk, message="Berkas rusak", failed=True)
    job.refresh_from_db()
    assert (job.status, job.finished) == ("failed", True)


def test_only_the_starter_polls_a_job(cast, client):
    job = jobs.job_create(kind="test", label="Uji", started_by=cast.hr_admin, total=4)
    jobs.job_progress(job.pk, 1)
    url = reverse("job_status", args=[job.pk])
    client.force_login(cast.hr_admin)
    answer = client.get(url).json()
    assert (answer["done"], answer["total"], answer["percent"], answer["finished"]) == (
        1,
        4,
        25,
        False,
    )
    client.force_login(cast.pegawai.user)
    assert client.get(url).status_code == 404

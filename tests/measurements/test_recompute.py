"""The full recompute as a background job: who may start it, one at a time, progress, outcome."""

from __future__ import annotations

import datetime as dt
from functools import partial
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from kinerja.core.jobs import job_create, job_finish
from kinerja.core.models import BackgroundJob
from kinerja.cycles.models import AppraisalYear
from kinerja.cycles.services import appraisal_year_create
from kinerja.measurements import recompute
from kinerja.measurements.recompute import (
    RecomputeError,
    recompute_kind,
    recompute_start,
)
from kinerja.measurements.services import standing_recompute_year
from kinerja.measurements.tasks import recompute_year
from kinerja.plans.models import PerformancePlan
from tests.matrix import client_as
from tests.support import record

pytestmark = pytest.mark.usefixtures("start_of_year")


def _standings(cast):
    return dict(PerformancePlan.objects.filter(year=cast.year).values_list("pk", "achievement"))


def _with_data(cast):
    record(cast.programmes, 1, "1")
    record(cast.coverage, 1, numerator="90", denominator="100")
    live = _standings(cast)
    PerformancePlan.objects.update(achievement=None, proposed_rating="", explanation={})
    assert _standings(cast) != live
    return live


# --- who may start it ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["pegawai", "penilai", "atasan", "auditor", "foreigner"])
def test_only_the_instansis_hr_admin_may_start(cast, role):
    with pytest.raises(RecomputeError, match="Hanya admin kepegawaian instansi"):
        recompute_start(cast.user(role), cast.year)
    assert not BackgroundJob.objects.exists()


def test_hr_admin_of_one_instansi_may_not_recompute_anothers_year(cast):
    other = AppraisalYear.objects.get(instansi=cast.other_instansi)
    with pytest.raises(RecomputeError, match="Pemerintah Kota Palangka Raya"):
        recompute_start(cast.hr_admin, other)
    assert not BackgroundJob.objects.exists()


# --- one at a time --------------------------------------------------------------------


def test_a_second_start_of_the_same_year_is_refused_while_the_first_waits(cast):
    first = recompute_start(cast.hr_admin, cast.year)  # on_commit not run: still queued
    assert first.status == BackgroundJob.Status.QUEUED
    assert first.kind == recompute_kind(cast.year.pk)
    assert first.total == 3

    with pytest.raises(RecomputeError, match="sedang berjalan"):
        recompute_start(cast.hr_admin, cast.year)
    assert BackgroundJob.objects.count() == 1


def test_a_running_recompute_blocks_only_its_own_year(cast):
    recompute_start(cast.hr_admin, cast.year)
    next_year = appraisal_year_create(instansi=cast.instansi, year=cast.year.year + 1)

    recompute_start(cast.hr_admin, next_year)

    assert BackgroundJob.objects.count() == 2


def test_after_the_job_finished_a_new_start_is_allowed(cast):
    first = recompute_start(cast.hr_admin, cast.year)
    job_finish(first.pk, failed=True, message="worker lost")
    recompute_start(cast.hr_admin, cast.year)
    assert BackgroundJob.objects.count() == 2


def test_a_job_lost_for_hours_no_longer_blocks(cast):
    lost = recompute_start(cast.hr_admin, cast.year)
    BackgroundJob.objects.filter(pk=lost.pk).update(
        status=BackgroundJob.Status.RUNNING,
        created_at=timezone.now() - recompute.STALE_AFTER - dt.timedelta(minutes=1),
    )
    recompute_start(cast.hr_admin, cast.year)
    assert BackgroundJob.objects.count() == 2


# --- the job and its progress ---------------------------------------------------------


def test_the_job_runs_once_committed_and_reports_its_outcome(
    cast, django_capture_on_commit_callbacks
):
    live = _with_data(cast)
    with django_capture_on_commit_callbacks(execute=True):
        job = recompute_start(cast.hr_admin, cast.year)

    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.message == "3 SKP dihitung ulang."
    assert job.started_by == cast.hr_admin
    assert job.started_at is not None and job.finished_at is not None
    assert _standings(cast) == live


def test_the_task_reports_progress_batch_by_batch(cast, monkeypatch):
    _with_data(cast)
    monkeypatch.setattr(
        recompute, "standing_recompute_year", partial(standing_recompute_year, batch_size=1)
    )
    seen: list[tuple[int, int | None]] = []
    original = recompute.job_progress

    def spy(job_id: int, done: int, total: int | None = None) -> None:
        original(job_id, done, total)
        job = BackgroundJob.objects.get(pk=job_id)
        seen.append((job.done, job.total))

    monkeypatch.setattr(recompute, "job_progress", spy)
    job = job_create(kind=recompute_kind(cast.year.pk), label="uji", started_by=cast.hr_admin)

    assert recompute_year.delay(cast.year.pk, job.pk).get(timeout=5) == 3

    assert seen[:3] == [(1, 3), (2, 3), (3, 3)]
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE


def test_a_failing_recompute_marks_the_job_failed_and_the_page_survives(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs: object) -> int:
        raise RuntimeError("database gone")

    monkeypatch.setattr(recompute, "standing_recompute_year", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(cast, "hr_admin").post(
            reverse("measurements:recompute"), {"year": cast.year.pk}
        )
    assert response.status_code == 302
    job = BackgroundJob.objects.get()
    assert job.status == BackgroundJob.Status.FAILED
    assert job.message == "Gagal: database gone"


def test_without_a_job_the_task_just_recomputes(cast):
    live = _with_data(cast)
    assert recompute_year.delay(cast.year.pk).get(timeout=5) == 3
    assert _standings(cast) == live
    assert not BackgroundJob.objects.exists()


# --- the page -------------------------------------------------------------------------


def test_the_page_explains_when_a_recompute_is_needed_and_offers_only_own_years(cast):
    response = client_as(cast, "hr_admin").get(reverse("measurements:recompute"))
    html = response.content.decode()
    assert "Kapan hitung ulang diperlukan?" in html
    assert "Kebijakan penilaian tahun itu diubah" in html
    assert f'<option value="{cast.year.pk}"' in html
    other = AppraisalYear.objects.get(instansi=cast.other_instansi)
    assert f'<option value="{other.pk}"' not in html
    assert "Belum pernah ada hitung ulang" in html


def test_starting_from_the_page_runs_the_job_and_lists_it(cast, django_capture_on_commit_callbacks):
    live = _with_data(cast)
    client = client_as(cast, "hr_admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("measurements:recompute"), {"year": cast.year.pk})
    assert response.status_code == 302
    assert _standings(cast) == live

    html = client.get(reverse("measurements:recompute")).content.decode()
    assert "Hitung ulang dimulai" in html
    assert "3 SKP dihitung ulang." in html
    assert "Selesai" in html
    assert "hr_admin" in html  # who started it
    assert "data-job-url" not in html  # finished: nothing left to watch


def test_the_page_shows_progress_of_an_unfinished_job_and_refuses_a_second(cast):
    job = recompute_start(cast.hr_admin, cast.year)
    client = client_as(cast, "hr_admin")

    html = client.get(reverse("measurements:recompute")).content.decode()
    assert reverse("job_status", args=[job.pk]) in html

    response = client.post(reverse("measurements:recompute"), {"year": cast.year.pk})
    assert response.status_code == 200
    assert "sedang berjalan" in response.content.decode()
    assert BackgroundJob.objects.count() == 1


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_a_bad_year_is_a_clear_message_and_starts_nothing(cast, value):
    response = client_as(cast, "hr_admin").post(reverse("measurements:recompute"), {"year": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hitung ulang belum dimulai" in html
    assert ("Pilih tahun penilaian" in html) or ("bukan milik instansi Anda" in html)
    assert not BackgroundJob.objects.exists()


# --- the command ----------------------------------------------------------------------


def test_the_command_prints_progress(cast):
    _with_data(cast)
    out = StringIO()
    call_command("recompute", str(cast.year.year), "--instansi", "jambi", stdout=out)
    assert "3/3 SKP (100%)" in out.getvalue()
    assert "3 SKP recomputed" in out.getvalue()


def test_the_command_refuses_while_a_job_of_the_year_runs(cast):
    recompute_start(cast.hr_admin, cast.year)
    with pytest.raises(CommandError, match="already queued"):
        call_command("recompute", str(cast.year.year), "--instansi", "jambi", stdout=StringIO())
    with pytest.raises(CommandError, match="sedang berjalan"):
        call_command(
            "recompute",
            str(cast.year.year),
            "--instansi",
            "jambi",
            "--background",
            stdout=StringIO(),
        )

"""The HR admin's full recompute in a real browser: start it, watch it, see its outcome."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kinerja.core.jobs import job_create, job_finish, job_progress, job_start
from kinerja.core.models import BackgroundJob
from kinerja.measurements.recompute import recompute_kind
from kinerja.plans.models import PerformancePlan
from tests.browser.conftest import Visit, record_months
from tests.conftest import Cast

pytestmark = pytest.mark.browser


def test_hr_admin_starts_a_recompute_and_sees_its_outcome(cast_live: Cast, visit: Visit) -> None:
    record_months(cast_live, range(1, 3))
    expected = PerformancePlan.objects.get(pk=cast_live.pegawai_plan.pk).achievement
    PerformancePlan.objects.update(achievement=None, proposed_rating="", explanation={})

    hr = visit("recompute-hr")
    hr.login("hr_admin")
    hr.page.get_by_role("link", name="Hitung Ulang").click()
    hr.check("recompute-page")
    expect(hr.page.get_by_role("heading", name="Kapan hitung ulang diperlukan?")).to_be_visible()
    hr.page.get_by_label("Tahun penilaian").select_option(str(cast_live.year.pk))
    with hr.page.expect_navigation():
        hr.page.get_by_test_id("start-recompute").click()
    hr.check("recompute-started")

    # Without a broker the job ran during the request: the history shows its outcome.
    job = BackgroundJob.objects.get(kind=recompute_kind(cast_live.year.pk))
    row = hr.page.get_by_test_id(f"job-{job.pk}")
    expect(row).to_contain_text("Selesai")
    expect(row).to_contain_text("3 SKP dihitung ulang.")
    expect(row).to_contain_text("hr_admin")
    assert PerformancePlan.objects.get(pk=cast_live.pegawai_plan.pk).achievement == expected


def test_the_page_follows_a_running_job_until_it_ends(cast_live: Cast, visit: Visit) -> None:
    job = job_create(
        kind=recompute_kind(cast_live.year.pk),
        label="Hitung ulang capaian uji",
        started_by=cast_live.hr_admin,
        total=3,
    )
    job_start(job.pk)
    job_progress(job.pk, 1, 3)

    hr = visit("recompute-running")
    hr.login("hr_admin")
    hr.goto("measurements:recompute")
    hr.check("recompute-running")
    running = hr.page.get_by_test_id(f"running-{job.pk}")
    expect(running.locator("progress")).to_have_attribute("value", "33")
    # A second start of the same year is refused with the reason, on the form.
    hr.page.get_by_label("Tahun penilaian").select_option(str(cast_live.year.pk))
    with hr.page.expect_navigation():
        hr.page.get_by_test_id("start-recompute").click()
    expect(hr.page.locator(".error-summary")).to_contain_text("sedang berjalan")
    hr.check("recompute-refused")

    running = hr.page.get_by_test_id(f"running-{job.pk}")
    job_progress(job.pk, 2, 3)
    expect(running.locator("[data-job-field=done]")).to_have_text("2")
    job_progress(job.pk, 3, 3)
    job_finish(job.pk, message="3 SKP dihitung ulang.")
    # job.js reloads once the job is finished: the bar goes, the outcome is listed.
    expect(hr.page.get_by_test_id(f"running-{job.pk}")).to_have_count(0, timeout=10_000)
    expect(hr.page.get_by_test_id(f"job-{job.pk}")).to_contain_text("3 SKP dihitung ulang.")
    hr.check("recompute-finished")

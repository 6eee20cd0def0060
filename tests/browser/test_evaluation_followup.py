"""After an evaluation is final, in a real browser: the pegawai's acknowledgement, the
recompute under a changed policy as a visible revision, and the departures report."""

from __future__ import annotations

from dataclasses import replace

import pytest
from playwright.sync_api import expect

from kinerja.cycles.services import policy_change
from kinerja.evaluations.models import Evaluation
from kinerja.evaluations.services import evaluation_finalise, evaluation_open
from kinerja.scoring import Rating
from tests.browser.conftest import PHONE, Visit
from tests.conftest import Cast
from tests.support import behaviour, current_quarter, record

pytestmark = pytest.mark.browser


def _final(cast: Cast, rating: str, reason: str = "") -> Evaluation:
    """The pegawai's current-quarter evaluation; the data proposes Di Bawah Ekspektasi."""
    record(cast.programmes, 1, "1")
    evaluation = evaluation_open(
        plan=cast.pegawai_plan, period=current_quarter(cast.year), user=cast.penilai.user
    )
    assert evaluation.proposed_rating == "below"
    return evaluation_finalise(
        evaluation=evaluation,
        user=cast.penilai.user,
        result_rating=Rating(rating),
        reason=reason,
        behaviour=behaviour("meets", loyal="below"),
    )


def test_the_pegawai_acknowledges_and_the_penilai_sees_it(cast_live: Cast, visit: Visit) -> None:
    evaluation = _final(cast_live, "below")
    pegawai = visit("pegawai", PHONE)
    pegawai.login("pegawai")
    pegawai.goto("evaluations:detail", evaluation.pk)
    pegawai.check("hasil-belum-diterima")
    expect(pegawai.page.get_by_test_id("not-acknowledged")).to_be_visible()
    with pegawai.page.expect_navigation():
        pegawai.page.get_by_test_id("acknowledge").click()
    pegawai.check("hasil-diterima")
    expect(pegawai.page.get_by_test_id("acknowledged")).to_contain_text("Diterima pegawai pada")
    expect(pegawai.page.get_by_test_id("acknowledge")).to_have_count(0)
    assert Evaluation.objects.get(pk=evaluation.pk).acknowledged_at is not None

    penilai = visit("penilai")
    penilai.login("penilai")
    penilai.goto("evaluations:detail", evaluation.pk)
    penilai.check("hasil-diterima-penilai")
    expect(penilai.page.get_by_test_id("acknowledged")).to_be_visible()
    expect(penilai.page.get_by_test_id("acknowledge")).to_have_count(0)


def test_hr_previews_and_runs_the_recompute_the_revision_is_shown(
    cast_live: Cast, visit: Visit
) -> None:
    cast = cast_live
    evaluation = _final(cast, "below")
    assert evaluation.predikat == "butuh_perbaikan"
    current = cast.year.scoring_policy()
    policy_change(
        year=cast.year,
        actor=cast.hr_admin,
        policy=replace(current, behaviour_rule="lowest"),
        reason="Perilaku dinilai dari nilai terendah",
    )

    hr = visit("hr")
    page = hr.page
    hr.login("hr_admin")
    hr.goto("cycles:policy", cast.year.pk)
    hr.check("kebijakan")
    with page.expect_navigation():
        page.get_by_test_id("evaluation-recompute-link").click()
    hr.check("pratinjau-hitung-ulang")
    expect(page.get_by_test_id("older-count")).to_have_text("1")
    expect(page.get_by_test_id("change-count")).to_have_text("1")
    expect(page.get_by_test_id("changes")).to_contain_text("Sangat Kurang")
    with page.expect_navigation():
        page.get_by_test_id("run-recompute").click()
    hr.check("hitung-ulang-selesai")
    expect(page.get_by_test_id("nothing-older")).to_be_visible()
    expect(page.locator("body")).to_contain_text("1 dari 1 evaluasi versi lama berubah")

    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert (stored.predikat, stored.revision) == ("sangat_kurang", 2)
    pegawai = visit("pegawai", PHONE)
    pegawai.login("pegawai")
    pegawai.goto("evaluations:detail", evaluation.pk)
    pegawai.check("hasil-revisi")
    revision = pegawai.page.get_by_test_id("revision-1")
    expect(revision).to_contain_text("Hitung ulang dengan kebijakan baru")
    expect(revision).to_contain_text("Butuh Perbaikan")
    expect(pegawai.page.get_by_test_id("predikat")).to_have_text("Sangat Kurang")


def test_departures_report_with_filters_and_download(cast_live: Cast, visit: Visit) -> None:
    cast = cast_live
    evaluation = _final(cast, "meets", "Program tambahan dari kepala dinas selesai tepat waktu")
    atasan = visit("atasan")
    page = atasan.page
    atasan.login("atasan")
    atasan.goto("evaluations:departures")
    atasan.check("penyimpangan")
    row = page.get_by_test_id(f"departure-{evaluation.pk}")
    expect(row).to_contain_text("Program tambahan dari kepala dinas")
    expect(row).to_contain_text("Siti Rahmawati")
    page.select_option("#id_tahun", str(cast.year.year))
    with page.expect_navigation():
        page.get_by_test_id("apply-filters").click()
    atasan.check("penyimpangan-tahun")
    page.select_option("#id_periode", str(evaluation.period_id))
    with page.expect_navigation():
        page.get_by_test_id("apply-filters").click()
    atasan.check("penyimpangan-periode")
    expect(page.get_by_test_id("departure-count")).to_contain_text("1 evaluasi")
    with page.expect_download() as download:
        page.get_by_test_id("download-xlsx").click()
    assert download.value.suggested_filename == "penyimpangan-rating.xlsx"

"""A quarter's evaluation in a real browser, with the unit's predikat and its curve.

The atasan (head of the dinas) sets the bidang's organisational predikat with
the unit's summary in view. The penilai rates their staff and saves a draft,
goes to Kalibrasi, where the blocking policy refuses to finalise and says what
would have to change; they adjust the Rating Hasil Kerja with a reason, and
finalise from the calibration page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kinerja.evaluations.models import Evaluation, UnitPredikat
from kinerja.plans.models import CoreValue
from tests.browser.conftest import Visit
from tests.conftest import Cast
from tests.support import current_quarter, record

pytestmark = pytest.mark.browser


def test_unit_predikat_then_evaluate_blocked_adjust_and_finalise(
    cast_live: Cast, visit: Visit
) -> None:
    cast = cast_live
    period = current_quarter(cast.year)
    unit = cast.pegawai_plan.position.unit
    record(cast.programmes, 1, "12")
    cast.year.policy = {"distribution_enforcement": "block"}
    cast.year.save()

    atasan = visit("atasan")
    page = atasan.page
    atasan.login("atasan")
    atasan.goto("evaluations:unit_predikat_list")
    atasan.check("predikat-unit-daftar")
    with page.expect_navigation():
        page.get_by_test_id(f"unit-{unit.pk}").get_by_role(
            "link", name=period.label, exact=False
        ).first.click()
    atasan.check("predikat-unit")
    expect(page.get_by_test_id("unit-summary")).to_contain_text("Jumlah pegawai")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan predikat").click()
    atasan.check("predikat-unit-kosong")
    expect(page.locator("#error-summary")).to_be_visible()
    page.check('input[name="predikat"][value="butuh_perbaikan"]')
    page.fill("#id_note", "Capaian Perjanjian Kinerja bidang di bawah target triwulan ini.")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan predikat").click()
    atasan.check("predikat-unit-tersimpan")
    expect(page.get_by_test_id("current-predikat")).to_have_text("Butuh Perbaikan (Cukup)")
    assert UnitPredikat.objects.get(unit=unit, period=period).set_by == cast.atasan.user

    penilai = visit("penilai")
    page = penilai.page
    penilai.login("penilai")
    penilai.goto("evaluations:evaluate", cast.pegawai_plan.pk, period.pk)
    penilai.check("evaluasi")
    evaluation = Evaluation.objects.get(plan=cast.pegawai_plan, period=period)
    proposed = evaluation.proposed_rating
    assert proposed in ("above", "meets"), "the recorded realisasi should not propose below"
    for value in CoreValue.values:
        page.check(f'input[name="rating_{value}"][value="meets"]')
    page.fill("#id_evidence_akuntabel", "Laporan program diserahkan tepat waktu.")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan penilaian (draf)").click()
    penilai.check("evaluasi-draf")
    expect(page.get_by_test_id("draft-rated")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Buka halaman Kalibrasi unit").click()
    penilai.check("kalibrasi")
    expect(page.get_by_test_id("distribution-chart")).to_be_visible()
    expect(page.get_by_test_id("distribution-violations")).to_contain_text("Butuh Perbaikan")
    with page.expect_navigation():
        page.get_by_role("button", name="Finalkan draf terpilih").click()
    penilai.check("kalibrasi-ditolak")
    expect(page.locator("#error-summary")).to_contain_text("menolak finalisasi")
    assert Evaluation.objects.get(pk=evaluation.pk).status == Evaluation.Status.DRAFT

    with page.expect_navigation():
        page.get_by_test_id(f"draft-{evaluation.pk}").get_by_role(
            "link", name="Ubah penilaian"
        ).click()
    penilai.check("evaluasi-ubah")
    page.check('input[name="result_rating"][value="below"]')
    page.fill("#id_result_rating_reason", "Dua program belum berjalan sesuai jadwal.")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan penilaian (draf)").click()
    penilai.check("evaluasi-draf-diubah")

    penilai.goto("evaluations:calibration", unit.pk, period.pk)
    penilai.check("kalibrasi-sesuai")
    expect(page.get_by_test_id("distribution-ok")).to_be_visible()
    expect(page.get_by_test_id("departures")).to_contain_text("Dua program belum berjalan")
    with page.expect_navigation():
        page.get_by_role("button", name="Finalkan draf terpilih").click()
    penilai.check("kalibrasi-final")
    expect(page.locator("li.message.success")).to_contain_text("1 evaluasi difinalkan")
    final = Evaluation.objects.get(pk=evaluation.pk)
    assert final.status == Evaluation.Status.FINAL
    assert final.predikat == "butuh_perbaikan" and final.result_rating_reason
    assert final.behaviour_assessments.get(value="akuntabel").evidence

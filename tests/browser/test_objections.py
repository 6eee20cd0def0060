"""An objection's whole route in a real browser.

The pegawai objects to a final evaluation from its page; the penilai finds it under
Keberatan and explains; the atasan penilai decides and changes the result; the pegawai
sees the final decision and the new predikat. An objection sent after the window has
closed is refused with the deadline in the message.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from kinerja.evaluations.models import Evaluation, EvaluationRevision, Objection
from tests.browser.conftest import PHONE, Visit
from tests.conftest import Cast
from tests.evaluations.objection_support import final_evaluation

pytestmark = pytest.mark.browser


def test_pegawai_objects_penilai_explains_atasan_changes_the_result(
    cast_live: Cast, visit: Visit
) -> None:
    cast = cast_live
    evaluation = final_evaluation(cast)
    assert evaluation.predikat == "baik"

    pegawai = visit("pegawai", PHONE)
    phone = pegawai.page
    pegawai.login("pegawai")
    pegawai.goto("evaluations:detail", evaluation.pk)
    expect(phone.get_by_test_id("objection-window")).to_contain_text("paling lambat")
    phone.fill("#id_objection-reason", "   ")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Ajukan keberatan").click()
    pegawai.check("keberatan-tanpa-alasan")
    expect(phone.locator("#id_objection-reason_error")).to_contain_text("Tuliskan alasan")
    assert not Objection.objects.exists()
    phone.fill("#id_objection-reason", "Bukti kegiatan Maret belum ikut dihitung.")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Ajukan keberatan").click()
    pegawai.check("keberatan-diajukan")
    expect(phone.get_by_test_id("objection-status")).to_have_text("Diajukan")
    expect(phone.get_by_test_id("objection-filed")).to_contain_text("Maret belum ikut dihitung")

    penilai = visit("penilai")
    page = penilai.page
    penilai.login("penilai")
    with page.expect_navigation():
        page.get_by_role("navigation").get_by_role("link", name="Keberatan").click()
    penilai.check("keberatan-penilai")
    with page.expect_navigation():
        page.get_by_test_id("to-explain").get_by_role("link", name=cast.pegawai.name).click()
    page.fill("#id_objection-explanation", "Bukti Maret diunggah sesudah evaluasi difinalkan.")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim penjelasan").click()
    penilai.check("keberatan-dijelaskan")
    expect(page.get_by_test_id("objection-status")).to_have_text("Dijelaskan penilai")
    expect(page.get_by_test_id("objection-decide-form")).to_have_count(0)

    atasan = visit("atasan")
    boss = atasan.page
    atasan.login("atasan")
    atasan.goto("evaluations:objections")
    atasan.check("keberatan-atasan")
    with boss.expect_navigation():
        boss.get_by_test_id("to-decide").get_by_role("link", name=cast.pegawai.name).click()
    atasan.check("keberatan-untuk-diputuskan")
    boss.get_by_label("Hasil evaluasi diubah").check()
    boss.select_option("#id_objection-result_rating", "above")
    boss.select_option("#id_objection-behaviour_rating", "above")
    boss.fill("#id_objection-reason", "Bukti Maret sah; target triwulan terlampaui.")
    with boss.expect_navigation():
        boss.get_by_role("button", name="Simpan keputusan final").click()
    atasan.check("keberatan-diputuskan")
    expect(boss.get_by_test_id("predikat")).to_have_text("Sangat Baik")
    expect(boss.get_by_test_id("objection-decide-form")).to_have_count(0)
    assert EvaluationRevision.objects.get(evaluation=evaluation).before["predikat"] == "baik"

    phone.reload()
    pegawai.check("keputusan-final")
    expect(phone.get_by_test_id("objection-decision")).to_have_text("Hasil evaluasi diubah")
    expect(phone.get_by_test_id("objection-change")).to_contain_text("predikat Baik")
    expect(phone.get_by_test_id("predikat")).to_have_text("Sangat Baik")
    expect(phone.get_by_test_id("objection-file-form")).to_have_count(0)


def test_an_objection_after_the_window_has_closed_is_refused(cast_live: Cast, visit: Visit) -> None:
    cast = cast_live
    evaluation = final_evaluation(cast)
    pegawai = visit("pegawai")
    page = pegawai.page
    pegawai.login("pegawai")
    pegawai.goto("evaluations:detail", evaluation.pk)
    expect(page.get_by_test_id("objection-file-form")).to_be_visible()

    # The page stayed open past the deadline: the evaluation was finalised long ago.
    long_ago = evaluation.finalised_at - dt.timedelta(days=cast.year.objection_days + 1)  # type: ignore[operator]
    Evaluation.objects.filter(pk=evaluation.pk).update(finalised_at=long_ago)
    page.fill("#id_objection-reason", "Saya keberatan.")
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan keberatan").click()
    pegawai.check("keberatan-terlambat")
    expect(page.get_by_test_id("objection")).to_contain_text(
        "Batas pengajuan keberatan sudah lewat"
    )
    expect(page.get_by_test_id("objection-file-form")).to_have_count(0)
    assert not Objection.objects.exists()


def test_an_evaluator_who_moved_post_finds_and_explains_the_objection(
    cast_live: Cast, visit: Visit
) -> None:
    """Today's tree no longer shows them the pegawai; the objection route still does."""
    from django.utils import timezone

    from kinerja.evaluations.objections import objection_file
    from kinerja.organisation.models import Assignment
    from kinerja.organisation.services import assignment_create, position_create

    cast = cast_live
    evaluation = final_evaluation(cast)
    objection_file(evaluation=evaluation, user=cast.pegawai.user, reason="Bukti Maret.")
    outsider_post = Assignment.objects.get(employee=cast.outsider).position
    post = position_create(
        unit=outsider_post.unit, name="Analis Data", kind="pelaksana", parent=outsider_post
    )
    assignment_create(employee=cast.penilai, position=post, start=timezone.localdate())

    penilai = visit("penilai", PHONE)
    page = penilai.page
    penilai.login("penilai")
    penilai.goto("evaluations:objections")
    with page.expect_navigation():
        page.get_by_test_id("to-explain").get_by_role("link", name=cast.pegawai.name).click()
    penilai.check("keberatan-penilai-pindah")
    page.fill("#id_objection-explanation", "Penilaian saya atas bukti triwulan I.")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim penjelasan").click()
    expect(page.get_by_test_id("objection-status")).to_have_text("Dijelaskan penilai")
    assert Objection.objects.get().explained_by == cast.penilai.user

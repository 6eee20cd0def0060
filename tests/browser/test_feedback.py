"""Continuous feedback in a real browser.

The penilai opens the pegawai's SKP from Tim Saya, writes feedback on an RHK
and agrees a follow-up plan for the IKI behind target; the pegawai, on a
phone, finds it from Kinerja Saya, replies, is stopped by an empty closing
note, then closes the plan.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from kinerja.core import clock
from kinerja.feedback.models import FeedbackMessage, FollowUpPlan
from tests.browser.conftest import PHONE, Visit
from tests.conftest import Cast
from tests.feedback.feedback_support import coverage_behind

pytestmark = pytest.mark.browser


def test_penilai_gives_feedback_and_a_follow_up_the_pegawai_replies_and_closes_it(
    cast_live: Cast, visit: Visit
) -> None:
    cast = cast_live
    coverage = coverage_behind(cast)
    rhk = cast.pegawai_plan.results.get()
    due = clock.today() + dt.timedelta(days=21)

    penilai = visit("penilai")
    page = penilai.page
    penilai.login("penilai")
    penilai.goto("dashboards:team")
    penilai.check("tim-saya")
    with page.expect_navigation():
        page.get_by_test_id(f"member-{cast.pegawai.pk}").get_by_role(
            "link", name="Umpan balik"
        ).click()
    penilai.check("umpan-balik-penilai")
    # The IKI behind target comes first among the follow-ups, and is the form's first choice.
    expect(page.get_by_test_id("behind-count")).to_have_text("1")
    expect(page.get_by_test_id(f"iki-{coverage.pk}")).to_contain_text("di bawah target")
    expect(page.locator("#id_follow-up-indicator option").first).to_contain_text(coverage.name)

    page.fill(f"#id_rhk-{rhk.pk}-text", "Program Januari sudah rapi; lengkapi daftar hadir.")
    with page.expect_navigation():
        page.get_by_test_id(f"rhk-{rhk.pk}").get_by_role("button", name="Kirim umpan balik").click()
    penilai.check("umpan-balik-terkirim")
    expect(page.get_by_test_id(f"rhk-{rhk.pk}")).to_contain_text("lengkapi daftar hadir")

    page.select_option("#id_follow-up-indicator", str(coverage.pk))
    page.fill("#id_follow-up-action", "Pendataan ulang anak usia 7-12 yang belum bersekolah")
    page.select_option("#id_follow-up-owner", str(cast.pegawai.pk))
    page.fill("#id_follow-up-due", due.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan rencana tindak lanjut").click()
    penilai.check("tindak-lanjut-ditambah")
    follow_up = FollowUpPlan.objects.get()
    assert follow_up.owner == cast.pegawai and follow_up.status == "open"
    expect(page.get_by_test_id(f"follow-up-{follow_up.pk}")).to_contain_text("Pendataan ulang")
    expect(page.get_by_test_id("open-count")).to_have_text("1")

    pegawai = visit("pegawai", PHONE)
    phone = pegawai.page
    pegawai.login("pegawai")
    pegawai.goto("dashboards:mine")
    pegawai.check("kinerja-saya")
    with phone.expect_navigation():
        phone.get_by_test_id("feedback-link").click()
    pegawai.check("umpan-balik-pegawai")
    thread = phone.get_by_test_id(f"rhk-{rhk.pk}")
    expect(thread).to_contain_text("Siti Rahmawati")
    phone.fill(f"#id_rhk-{rhk.pk}-text", "Baik, daftar hadir saya unggah minggu ini.")
    with phone.expect_navigation():
        thread.get_by_role("button", name="Kirim umpan balik").click()
    pegawai.check("balasan-pegawai")
    expect(phone.get_by_test_id(f"rhk-{rhk.pk}")).to_contain_text("saya unggah minggu ini")
    assert list(FeedbackMessage.objects.values_list("author_role", flat=True)) == [
        "penilai",
        "pegawai",
    ]

    # An empty closing note: a message at the form, the plan stays open.
    card = phone.get_by_test_id(f"follow-up-{follow_up.pk}")
    phone.fill(f"#id_close-{follow_up.pk}-note", " ")
    with phone.expect_navigation():
        card.get_by_role("button", name="Tandai selesai").click()
    pegawai.check("tutup-tanpa-catatan")
    expect(phone.locator(f"#id_close-{follow_up.pk}-note_error")).to_contain_text("Wajib diisi")
    assert FollowUpPlan.objects.get().status == "open"

    phone.fill(f"#id_close-{follow_up.pk}-note", "Pendataan selesai di 3 kelurahan.")
    with phone.expect_navigation():
        phone.get_by_test_id(f"follow-up-{follow_up.pk}").get_by_role(
            "button", name="Tandai selesai"
        ).click()
    pegawai.check("tindak-lanjut-selesai")
    closed = FollowUpPlan.objects.get()
    assert closed.status == "done" and closed.closed_by == cast.pegawai
    expect(phone.get_by_test_id(f"follow-up-{follow_up.pk}")).to_contain_text("Selesai")
    expect(phone.get_by_test_id("open-count")).to_have_text("0")
    assert pegawai.horizontal_overflow() <= 0

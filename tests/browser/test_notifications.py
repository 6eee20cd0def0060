"""Notifikasi in a real browser: the count, opening an item (an SKP step, feedback), preferences."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kinerja.feedback.permissions import feedback_rights
from kinerja.feedback.services import feedback_post
from kinerja.notifications.models import Notification, NotificationPreference
from kinerja.notifications.services import notifications_collect
from kinerja.organisation.access import viewer_for
from kinerja.plans.workflow import plan_submit
from tests.browser.conftest import PHONE, Visit
from tests.conftest import Cast
from tests.plans.workflow_support import make_draft
from tests.support import record

pytestmark = pytest.mark.browser


def test_penilai_reads_notifications_and_mutes_a_kind(cast_live: Cast, visit: Visit) -> None:
    cast = cast_live
    plan_submit(plan=make_draft(cast), actor=cast.pegawai.user)
    record(cast.programmes, 1, "2")
    record(cast.programmes, 2, "3")
    notifications_collect()

    penilai = visit("desktop")
    page = penilai.page
    penilai.login("penilai")
    nav = page.get_by_test_id("nav-notifications")
    expect(nav).to_contain_text("2")
    nav.click()
    penilai.check("notifikasi")
    items = page.get_by_test_id("notifications")
    expect(items).to_contain_text("Andi Pratama mengajukan SKP")
    expect(items).to_contain_text("2 realisasi menunggu verifikasi Anda.")

    submitted = Notification.objects.get(recipient=cast.penilai.user, kind="skp_submitted")
    with page.expect_navigation():
        page.get_by_test_id(f"notification-{submitted.pk}").get_by_role(
            "button", name="Buka"
        ).click()
    penilai.check("persetujuan-dari-notifikasi")
    assert page.url.endswith("/skp/persetujuan/")
    expect(page.get_by_test_id("nav-notifications")).to_contain_text("1")

    penilai.goto("notifications:list")
    with page.expect_navigation():
        page.get_by_test_id("read-all").click()
    penilai.check("semua-dibaca")
    expect(page.locator('[data-unread="yes"]')).to_have_count(0)
    expect(page.get_by_test_id("nav-notifications").locator(".badge")).to_have_count(0)

    phone = visit("phone", PHONE)
    phone.login("penilai")
    phone.goto("notifications:preferences")
    phone.check("pengaturan-notifikasi")
    phone.page.get_by_label("Kirim ringkasan harian lewat e-mail").uncheck()
    phone.page.get_by_label("Realisasi menunggu verifikasi").check()
    with phone.page.expect_navigation():
        phone.page.get_by_role("button", name="Simpan").click()
    phone.check("pengaturan-tersimpan")
    expect(phone.page.locator(".messages")).to_contain_text("Pengaturan notifikasi disimpan.")
    expect(phone.page.get_by_label("Realisasi menunggu verifikasi")).to_be_checked()
    assert phone.horizontal_overflow() <= 0
    saved = NotificationPreference.objects.get(user=cast.penilai.user)
    assert (saved.email_daily, saved.muted_kinds) == (False, ["realisasi_pending"])


def test_pegawai_opens_feedback_from_a_notification(cast_live: Cast, visit: Visit) -> None:
    cast = cast_live
    plan = cast.pegawai_plan
    rhk = plan.results.get()
    message = feedback_post(
        rights=feedback_rights(viewer_for(cast.penilai.user), plan),
        plan=plan,
        result=rhk,
        text="Lengkapi daftar hadir kegiatan sebagai bukti dukung.",
    )
    notifications_collect()
    item = Notification.objects.get(recipient=cast.pegawai.user, kind="feedback_received")

    pegawai = visit("desktop")
    page = pegawai.page
    pegawai.login("pegawai")
    expect(page.get_by_test_id("nav-notifications")).to_contain_text("1")
    page.get_by_test_id("nav-notifications").click()
    pegawai.check("notifikasi-umpan-balik")
    row = page.get_by_test_id(f"notification-{item.pk}")
    expect(row).to_contain_text("Umpan balik diterima")
    expect(row).to_contain_text("Siti Rahmawati menulis umpan balik")
    expect(row).to_contain_text("Lengkapi daftar hadir")

    with page.expect_navigation():
        row.get_by_role("button", name="Buka").click()
    pegawai.check("umpan-balik-dari-notifikasi")
    assert page.url.endswith(f"/umpan-balik/skp/{plan.pk}/#rhk-{message.result_id}")
    thread = page.get_by_test_id(f"rhk-{rhk.pk}")
    expect(thread).to_be_in_viewport()
    expect(thread).to_contain_text("Lengkapi daftar hadir kegiatan sebagai bukti dukung.")
    expect(page.get_by_test_id("nav-notifications").locator(".badge")).to_have_count(0)

    pegawai.goto("notifications:preferences")
    pegawai.check("pengaturan-kelompok-jenis")
    feedback_group = page.get_by_test_id("kind-group-3")
    expect(feedback_group.locator("legend")).to_have_text("Umpan balik berkelanjutan")
    expect(feedback_group.get_by_label("Umpan balik diterima")).not_to_be_checked()
    expect(page.get_by_test_id("kind-group-4")).to_contain_text("Keberatan diputuskan")

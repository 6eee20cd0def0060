"""HR in a real browser: the Matriks Peran Hasil with its gaps, the Excel file, the late SKPs."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from kinerja.plans.models import PerformancePlan, PlanReminder
from tests.browser.conftest import PHONE, Visit
from tests.conftest import Cast
from tests.plans.cascade_support import build_cascade_world
from tests.plans.deadline_support import outsider_plan_to, penilai_plan_approved

pytestmark = pytest.mark.browser


def test_hr_reads_the_cascade_with_its_gaps_and_downloads_it(cast_live: Cast, visit: Visit):
    world = build_cascade_world(cast_live)
    hr = visit()
    page = hr.page
    hr.login("hr_admin")
    page.locator(f'nav.mainnav a[href="{reverse("plans:cascade")}"]').click()
    hr.check("matriks-peran-hasil")

    expect(page.get_by_test_id(f"sasaran-{world.goal.pk}")).to_contain_text(world.goal.text)
    expect(page.get_by_test_id("gap-count-goal_unreached")).to_contain_text("1")
    expect(page.get_by_test_id("gap-count-no_parent")).to_contain_text("2")
    lonely = page.get_by_test_id(f"sasaran-{world.lonely_goal.pk}")
    expect(lonely.locator("[data-gap=goal_unreached]")).to_be_visible()
    moved = page.get_by_test_id(f"rhk-{world.moved_result.pk}")
    expect(moved.locator("[data-gap=superior_changed]")).to_be_visible()
    expect(moved.locator("[data-gap=no_target]")).to_be_visible()
    staff = page.get_by_test_id(f"rhk-{world.staff_result.pk}")
    expect(staff).to_contain_text(cast_live.pegawai.name)
    expect(page.get_by_test_id("cascade-no-plan")).to_contain_text(world.newcomer.name)
    expect(page.locator("[data-print]")).to_be_visible()  # JavaScript reveals the Cetak button

    # Only the gaps: the staff RHK without any gap disappears, the path to a gap stays.
    page.check("#celah")
    with page.expect_navigation():
        page.locator("form.cascade-filter button[type=submit]").click()
    hr.check("matriks-hanya-celah")
    expect(page.get_by_test_id(f"rhk-{world.staff_result.pk}")).to_have_count(0)
    expect(page.get_by_test_id(f"rhk-{world.moved_result.pk}")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_test_id("cascade-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = download.path()
    assert path is not None
    book = load_workbook(io.BytesIO(path.read_bytes()))
    assert book.sheetnames == ["Matriks Peran Hasil", "Celah"]
    texts = {row[7] for row in book["Matriks Peran Hasil"].iter_rows(values_only=True)}
    assert world.moved_result.text in texts

    # The page prints without the navigation, the filter and the buttons.
    page.emulate_media(media="print")
    expect(page.locator("header.topbar")).to_be_hidden()
    expect(page.locator("form.cascade-filter")).to_be_hidden()
    expect(page.get_by_test_id(f"rhk-{world.moved_result.pk}")).to_be_visible()


def test_a_leader_reads_the_cascade_on_a_phone(cast_live: Cast, visit: Visit):
    world = build_cascade_world(cast_live)
    penilai = visit("phone", PHONE)
    penilai.login("penilai")
    penilai.goto("plans:cascade")
    penilai.check("matriks-penilai-ponsel")
    page = penilai.page
    expect(page.get_by_test_id(f"rhk-{world.staff_result.pk}")).to_be_visible()
    expect(page.locator("#unit option")).to_have_count(1)  # only Bidang SD and below
    assert penilai.horizontal_overflow() <= 1
    assert penilai.clipped_tables() == []


def test_hr_drills_down_a_big_unit_level_by_level(
    cast_live: Cast, visit: Visit, monkeypatch: pytest.MonkeyPatch
):
    from kinerja.plans import cascade

    monkeypatch.setattr(cascade, "CASCADE_FULL_DEPTH_MAX", 4)  # the dinas has five staff
    world = build_cascade_world(cast_live)
    hr = visit()
    page = hr.page
    hr.login("hr_admin")
    hr.goto("plans:cascade")
    hr.check("matriks-per-tingkat")
    expect(page.get_by_test_id("cascade-per-level")).to_contain_text("Unit ini besar (5 pegawai)")
    expect(page.get_by_test_id(f"rhk-{world.chief_result.pk}")).to_be_visible()
    expect(page.get_by_test_id(f"rhk-{world.staff_result.pk}")).to_have_count(0)
    expect(page.get_by_test_id(f"sub-unit-{world.bidang.pk}")).to_contain_text("3")

    with page.expect_navigation():
        page.get_by_test_id(f"drill-{world.bidang.pk}").click()
    hr.check("matriks-sub-unit")
    expect(page.locator("p.lead")).to_contain_text(world.bidang.name)
    expect(page.get_by_test_id("cascade-per-level")).to_have_count(0)
    expect(page.get_by_test_id(f"rhk-{world.staff_result.pk}")).to_be_visible()


def test_hr_opens_the_late_list_and_sends_reminders(cast_live: Cast, visit: Visit):
    cast = cast_live
    # The pegawai's SKP stays a draft and the kepala dinas has none: both are late. The
    # kepala bidang's and the outsider's are approved through the workflow: not late.
    penilai_plan_approved(cast)
    outsider_plan_to(cast, PerformancePlan.Status.APPROVED)
    for person in (cast.pegawai, cast.atasan):
        person.user.email = f"{person.user.username}@jambiprov.go.id"
        person.user.save()
    hr = visit()
    page = hr.page
    hr.login("hr_admin")
    page.locator(f'nav.mainnav a[href="{reverse("plans:late")}"]').click()
    hr.check("skp-terlambat")
    expect(page.get_by_test_id("late-deadline")).to_contain_text("Batas penetapan SKP")
    row = page.get_by_test_id(f"late-{cast.pegawai.pk}")
    expect(row).to_contain_text("Draf")
    expect(row).to_contain_text(cast.penilai.name)
    expect(page.get_by_test_id(f"late-{cast.atasan.pk}")).to_contain_text("Belum ada SKP")
    expect(page.get_by_test_id(f"late-{cast.penilai.pk}")).to_have_count(0)

    # Nothing ticked: a clear message, nothing sent.
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim pengingat ke yang dipilih").click()
    hr.check("skp-terlambat-tanpa-pilihan")
    expect(page.locator(".messages")).to_contain_text("Pilih dulu pegawai")
    assert PlanReminder.objects.count() == 0

    page.get_by_label(f"Pilih {cast.pegawai.name}").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim pengingat ke yang dipilih").click()
    hr.check("skp-terlambat-diingatkan")
    expect(page.locator(".messages")).to_contain_text("Pengingat dikirim kepada 1 pegawai.")
    expect(page.get_by_test_id(f"late-{cast.pegawai.pk}")).not_to_contain_text("–")
    assert [m.to for m in mail.outbox] == [["pegawai@jambiprov.go.id"]]

    with page.expect_navigation():
        page.get_by_role("button", name="Kirim pengingat ke semua").click()
    hr.check("skp-terlambat-semua")
    # The pegawai was reminded today already: only the kepala dinas is left.
    expect(page.locator(".messages")).to_contain_text("Pengingat dikirim kepada 1 pegawai.")
    assert PlanReminder.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "atasan@jambiprov.go.id",
        "pegawai@jambiprov.go.id",
    ]


def test_the_late_list_fits_a_phone(cast_live: Cast, visit: Visit):
    auditor = visit("phone", PHONE)
    auditor.login("auditor")
    auditor.goto("plans:late")
    auditor.check("skp-terlambat-ponsel")
    assert auditor.horizontal_overflow() <= 1
    expect(auditor.page.get_by_role("button", name="Kirim pengingat ke semua")).to_have_count(0)

"""The SKP workflow in a real browser: submit, return with a note, revise, resubmit, approve.

Each step is taken by the person the reporting line allows, on the SKP's
history page (which carries the workflow panel); then two versions are
compared, HR approves for a penilai, and HR corrects a wrong superior.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from kinerja.organisation.models import Position, ReportingCorrection
from kinerja.plans.models import PerformancePlan, PlanEvent
from kinerja.plans.services import indicator_update
from kinerja.plans.workflow import plan_submit
from tests.browser.conftest import PHONE, Visit
from tests.conftest import Cast
from tests.plans.workflow_support import make_draft

pytestmark = pytest.mark.browser

Status = PerformancePlan.Status


def press(page: Page, form: str, button: str | None = None) -> None:
    """Submit the workflow form `form` (its data-testid) and wait for the next page."""
    with page.expect_navigation():
        page.get_by_test_id(form).locator("button[type=submit]").click()


def status_of(plan: PerformancePlan) -> str:
    return PerformancePlan.objects.get(pk=plan.pk).status


def test_draft_submit_return_revise_resubmit_approve_and_compare(
    cast_live: Cast, visit: Visit
) -> None:
    cast = cast_live
    plan = make_draft(cast)

    pegawai = visit("pegawai")
    pegawai.login("pegawai")
    pegawai.goto("plans:history", plan.pk)
    pegawai.check("riwayat-draf")
    page = pegawai.page
    expect(page.get_by_test_id("plan-status")).to_have_text("Draf")
    expect(page.get_by_test_id("approve-form")).to_have_count(0)
    press(page, "submit-form")
    pegawai.check("riwayat-diajukan")
    expect(page.locator(".message.success")).to_contain_text("SKP diajukan")
    expect(page.get_by_test_id("plan-status")).to_have_text("Diajukan")
    expect(page.get_by_test_id("submit-form")).to_have_count(0)
    assert status_of(plan) == Status.SUBMITTED

    penilai = visit("penilai")
    penilai.login("penilai")
    penilai.page.locator(f'nav.mainnav a[href="{reverse("plans:inbox")}"]').click()
    penilai.check("persetujuan-penilai")
    row = penilai.page.get_by_test_id(f"inbox-{plan.pk}")
    expect(row).to_contain_text(cast.pegawai.name)
    with penilai.page.expect_navigation():
        row.get_by_role("link").click()
    penilai.check("riwayat-penilai")
    # A return without a note is refused beside the field, and nothing changes.
    press(penilai.page, "return-form")
    penilai.check("kembalikan-tanpa-catatan")
    field = penilai.page.get_by_test_id("return-form").locator(".field")
    expect(field).to_have_class(re.compile(r"\bhas-error\b"))
    expect(field.locator(".errorlist")).to_have_text("Catatan wajib diisi.")
    assert status_of(plan) == Status.SUBMITTED
    penilai.page.get_by_label("Catatan untuk pegawai (wajib)").fill(
        "Target program terlalu rendah: naikkan menjadi 20."
    )
    press(penilai.page, "return-form")
    penilai.check("dikembalikan")
    expect(penilai.page.get_by_test_id("plan-status")).to_have_text("Dikembalikan")
    assert status_of(plan) == Status.RETURNED

    pegawai.goto("plans:history", plan.pk)
    pegawai.check("riwayat-dikembalikan")
    expect(page.get_by_test_id("return-note")).to_contain_text("naikkan menjadi 20")
    # The revision itself is the editor's page; here the target changes through its service.
    indicator_update(
        indicator=cast.programmes,
        catalogue=cast.programmes.indicator,
        target_value=Decimal(20),
        weight=Decimal(60),
    )
    press(page, "submit-form")
    pegawai.check("diajukan-kembali")
    expect(page.get_by_test_id("return-note")).to_have_count(0)
    assert status_of(plan) == Status.SUBMITTED

    penilai.goto("plans:history", plan.pk)
    penilai.page.get_by_label("Catatan persetujuan (opsional)").fill("Sudah sesuai.")
    press(penilai.page, "approve-form")
    penilai.check("disetujui")
    expect(penilai.page.get_by_test_id("plan-status")).to_have_text("Disetujui")
    assert status_of(plan) == Status.APPROVED
    history = penilai.page.get_by_test_id("history")
    # Created, submitted, returned, submitted again, approved.
    expect(history.locator("tbody tr")).to_have_count(5)
    expect(history.get_by_test_id("event-returned")).to_contain_text("naikkan menjadi 20")

    # Version 1 (first submission) against version 3 (the resubmission).
    compare = penilai.page.get_by_test_id("compare-form")
    compare.get_by_label("Versi lama").select_option("1")
    compare.get_by_label("Versi baru").select_option("3")
    with penilai.page.expect_navigation():
        compare.locator("button[type=submit]").click()
    penilai.check("bandingkan-v1-v3")
    expect(penilai.page.get_by_test_id("compare-summary")).to_contain_text(
        "Dari versi 1 ke versi 3: 0 ditambahkan, 0 dihapus, 1 diubah."
    )
    changed = penilai.page.get_by_test_id("compare-changed")
    expect(changed).to_have_count(1)
    expect(changed.get_by_test_id("changed-target")).to_have_text("20,00 program")

    with penilai.page.expect_navigation():
        history_link = penilai.page.get_by_role("link", name="Riwayat SKP")
        history_link.first.click()
    penilai.page.get_by_role("link", name="Versi 1", exact=True).click()
    penilai.check("versi-1")
    expect(penilai.page.get_by_test_id("version-results")).to_contain_text("12,00 program")


def test_hr_approves_on_behalf_of_the_penilai_and_the_record_shows_both(
    cast_live: Cast, visit: Visit
) -> None:
    cast = cast_live
    plan = make_draft(cast)
    plan_submit(plan=plan, actor=cast.pegawai.user)

    hr = visit("hr", PHONE)
    hr.login("hr_admin")
    hr.goto("plans:inbox")
    hr.check("persetujuan-hr")
    assert hr.horizontal_overflow() <= 1
    row = hr.page.get_by_test_id(f"inbox-{plan.pk}")
    expect(row).to_contain_text(cast.penilai.name)
    with hr.page.expect_navigation():
        row.get_by_role("link").click()
    hr.check("riwayat-hr")
    expect(hr.page.get_by_test_id("acting-for")).to_contain_text(cast.penilai.name)
    button = hr.page.get_by_test_id("approve-form").locator("button[type=submit]")
    expect(button).to_have_text(f"Setujui atas nama {cast.penilai.name}")
    press(hr.page, "approve-form")
    hr.check("disetujui-hr")
    expect(hr.page.get_by_test_id("event-approved")).to_contain_text(cast.penilai.name)
    event = PlanEvent.objects.get(plan=plan, action=PlanEvent.Action.APPROVED)
    assert event.actor == cast.hr_admin
    assert event.on_behalf_of == cast.penilai
    assert status_of(plan) == Status.APPROVED


def test_hr_corrects_a_wrong_superior(cast_live: Cast, visit: Visit) -> None:
    cast = cast_live
    plan = make_draft(cast)
    staff = cast.pegawai.assignments.get().position
    other_chief = Position.objects.get(name="Kepala Bidang SMP")

    hr = visit("hr")
    hr.login("hr_admin")
    hr.goto("plans:history", plan.pk)
    with hr.page.expect_navigation():
        hr.page.get_by_role("link", name="Koreksi atasan").click()
    hr.check("koreksi-atasan")
    expect(hr.page.get_by_test_id("current-penilai")).to_have_text(cast.penilai.name)
    with hr.page.expect_navigation():
        hr.page.get_by_test_id("correct-form").locator("button[type=submit]").click()
    hr.check("koreksi-tanpa-alasan")
    expect(hr.page.locator(".error-summary")).to_contain_text("Alasan koreksi wajib diisi")
    assert ReportingCorrection.objects.count() == 0

    hr.page.get_by_label("Jabatan atasan yang benar").select_option(str(other_chief.pk))
    hr.page.get_by_label("Alasan koreksi").fill("SK penempatan menyebut Bidang SMP")
    with hr.page.expect_navigation():
        hr.page.get_by_test_id("correct-form").locator("button[type=submit]").click()
    hr.check("koreksi-tersimpan")
    expect(hr.page.get_by_test_id("current-penilai")).to_have_text(cast.atasan.name)
    expect(hr.page.get_by_test_id("corrections")).to_contain_text("SK penempatan")
    staff.refresh_from_db()
    assert staff.parent_id == other_chief.pk

"""Template SKP in a real browser: HR gives 50 holders of a position their IKIs in one action."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from kinerja.plans.models import PerformancePlan, PlanIndicator
from tests.browser.conftest import PHONE, Visit
from tests.conftest import Cast
from tests.plans.templates_support import holders, teacher_position, teaching_template

pytestmark = pytest.mark.browser

HOLDERS = 50


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form.stacked button[type=submit]").click()


def test_hr_applies_a_position_template_to_50_staff(cast_live: Cast, visit: Visit) -> None:
    cast = cast_live
    position = teacher_position(cast)
    holders(cast, position, HOLDERS - 1)
    (teacher,) = holders(cast, position, 1, first=HOLDERS - 1, with_accounts=True)

    hr = visit()
    page = hr.page
    hr.login("hr_admin")
    page.locator(f'nav.mainnav a[href="{reverse("plans:templates")}"]').click()
    hr.check("template-daftar-kosong")
    page.get_by_role("link", name="Buat template").click()
    hr.check("template-buat")

    # Bad input first: no position chosen, nothing saved.
    page.fill("#id_name", "SKP Guru Kelas")
    submit(page)
    hr.check("template-buat-galat")
    expect(page.locator("#id_position_error")).to_contain_text("Pilih jabatan")
    page.select_option("#id_position", str(position.pk))
    submit(page)
    hr.check("template-detail-kosong")
    expect(page.locator("h1")).to_have_text("SKP Guru Kelas")
    expect(page.locator("p.lead")).to_contain_text(f"{HOLDERS} pemegang jabatan")

    page.get_by_role("link", name="Tambah RHK").click()
    hr.check("template-tambah-rhk")
    page.fill("#id_text", "Terlaksananya pembelajaran bermutu")
    submit(page)
    hr.check("template-detail-rhk")

    page.get_by_role("link", name="Tambah IKI").click()
    hr.check("template-tambah-iki")
    page.fill("#id_name", "Persentase siswa tuntas KKM")
    page.fill("#id_unit_of_measure", "%")
    page.select_option("#id_polarity", "higher_better")
    page.select_option("#id_aggregation", "latest")
    page.fill("#id_target_value", "0")
    page.fill("#id_weight", "40")
    submit(page)
    hr.check("template-tambah-iki-galat")
    expect(page.locator("#id_target_value_error")).to_contain_text("lebih besar dari nol")
    page.fill("#id_target_value", "85")
    submit(page)
    hr.check("template-detail-iki")
    expect(page.locator("main table")).to_contain_text("Persentase siswa tuntas KKM")

    page.get_by_role("link", name="Terapkan ke pemegang jabatan").click()
    hr.check("template-terapkan")
    expect(page.get_by_role("button", name=f"Terapkan ke {HOLDERS} pegawai")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name=f"Terapkan ke {HOLDERS} pegawai").click()
    hr.check("template-diterapkan")
    expect(page.locator("#apply-summary")).to_have_text(
        f"SKP dibuat untuk {HOLDERS} pegawai, diperbarui 0, dilewati 0."
    )
    expect(page.locator('[data-count="created"]')).to_have_text(str(HOLDERS))
    assert PerformancePlan.objects.filter(position=position, status="draft").count() == HOLDERS
    assert PlanIndicator.objects.filter(result__plan__position=position).count() == HOLDERS

    # One of the fifty sees the IKI, with its default target, in their own SKP.
    guru = visit("guru")
    guru.login(teacher.user.username)
    guru.goto("dashboards:mine")
    guru.check("guru-kinerja-saya")
    expect(guru.page.locator("main")).to_contain_text("Persentase siswa tuntas KKM")
    expect(guru.page.locator("main")).to_contain_text("Terlaksananya pembelajaran bermutu")


def test_template_pages_fit_a_phone(cast_live: Cast, visit: Visit) -> None:
    cast = cast_live
    position = teacher_position(cast)
    holders(cast, position, 3)
    template = teaching_template(cast, position)
    penilai = visit("phone", PHONE)
    penilai.login("penilai")
    result = template.results.get()
    indicator = result.indicators.first()
    assert indicator is not None
    for name, args in [
        ("plans:templates", ()),
        ("plans:template_create", ()),
        ("plans:template_detail", (template.pk,)),
        ("plans:template_result_edit", (result.pk,)),
        ("plans:template_result_delete", (result.pk,)),
        ("plans:template_indicator_add", (result.pk,)),
        ("plans:template_indicator_edit", (indicator.pk,)),
        ("plans:template_indicator_delete", (indicator.pk,)),
        ("plans:template_apply", (template.pk,)),
    ]:
        penilai.goto(name, *args)
        penilai.check(f"ponsel-{name}")
        assert penilai.horizontal_overflow() <= 0, name
    with penilai.page.expect_navigation():
        penilai.page.get_by_role("button", name="Terapkan ke 3 pegawai").click()
    penilai.check("ponsel-diterapkan")
    expect(penilai.page.locator("#apply-summary")).to_contain_text("SKP dibuat untuk 3 pegawai")

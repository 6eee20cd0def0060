"""Planning an SKP in a real browser: a pegawai drafts it, the penilai adds expectations.

The cast's pegawai starts without an SKP this year (their cast SKP is removed),
creates one from SKP Saya, hangs an RHK under the penilai's RHK, picks an IKI
from the catalogue, meets the weight rule, and the penilai writes an
ekspektasi khusus pimpinan the pegawai then reads.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from kinerja.plans.models import BehaviourExpectation, PerformancePlan, PlanIndicator
from tests.browser.conftest import PHONE, Visit
from tests.conftest import Cast

pytestmark = pytest.mark.browser


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form.stacked button[type=submit]").click()


def test_pegawai_plans_an_skp_and_the_penilai_sets_an_expectation(
    cast_live: Cast, visit: Visit
) -> None:
    cast = cast_live
    PerformancePlan.objects.filter(pk=cast.pegawai_plan.pk).delete()
    pegawai = visit()
    page = pegawai.page
    pegawai.login("pegawai")
    page.locator(f'nav.mainnav a[href="{reverse("plans:mine")}"]').click()
    pegawai.check("skp-saya-kosong")
    with page.expect_navigation():
        page.get_by_role("button", name="Buat SKP").click()
    pegawai.check("skp-baru")
    plan = PerformancePlan.objects.get(employee=cast.pegawai)
    assert plan.status == "draft"
    expect(page.locator("#incomplete")).to_contain_text("SKP belum memiliki RHK utama.")

    page.get_by_role("link", name="Tambah RHK").first.click()
    pegawai.check("tambah-rhk")
    superior_rhk = cast.penilai_plan.results.get()
    page.fill("#id_text", "Tersusunnya bahan pembinaan kurikulum SD")
    page.select_option("#id_supports", str(superior_rhk.pk))
    submit(page)
    pegawai.check("skp-dengan-rhk")
    table = page.locator("table.skp-table")
    expect(table).to_contain_text("Meningkatnya mutu layanan SD")
    expect(table).to_contain_text("Tersusunnya bahan pembinaan kurikulum SD")

    page.get_by_role("link", name="Tambah IKI").first.click()
    pegawai.check("tambah-iki")
    page.select_option("#id_catalogue", str(cast.programmes.indicator_id))
    page.fill("#id_target_value", "0")
    page.fill("#id_weight", "60")
    submit(page)
    pegawai.check("iki-target-salah")
    expect(page.locator("#id_target_value_error")).to_have_text(
        "Target harus lebih besar dari nol."
    )
    assert not PlanIndicator.objects.filter(result__plan=plan).exists()
    page.fill("#id_target_value", "8")
    submit(page)
    pegawai.check("skp-bobot-salah")
    expect(page.locator("#incomplete")).to_contain_text("Jumlah bobot IKI 60,00%")

    iki = PlanIndicator.objects.get(result__plan=plan)
    page.locator(f'a[href="{reverse("plans:indicator_edit", args=[iki.pk])}"]').click()
    pegawai.check("ubah-iki")
    page.fill("#id_weight", "100")
    submit(page)
    pegawai.check("skp-lengkap")
    expect(page.locator("#incomplete")).to_have_count(0)
    iki.refresh_from_db()
    assert (iki.target_value, iki.weight, iki.unit_of_measure) == (8, 100, "program")

    penilai = visit("penilai")
    penilai.login("penilai")
    penilai.goto("plans:detail", plan.pk)
    penilai.check("skp-bawahan")
    penilai.page.get_by_role("link", name="Atur ekspektasi khusus pimpinan").click()
    penilai.check("ekspektasi")
    penilai.page.fill("#id_akuntabel", "Laporan kurikulum dikirim paling lambat tanggal 5")
    submit(penilai.page)
    penilai.check("skp-dengan-ekspektasi")
    row = BehaviourExpectation.objects.get(plan=plan, value="akuntabel")
    assert row.expectation == "Laporan kurikulum dikirim paling lambat tanggal 5"

    page.reload()
    pegawai.check("skp-dibaca-pegawai")
    expect(page.locator("main")).to_contain_text("Laporan kurikulum dikirim paling lambat")
    expect(page.get_by_role("link", name="Atur ekspektasi khusus pimpinan")).to_have_count(0)


def test_locked_skp_shows_a_banner_and_no_edit_links(cast_live: Cast, visit: Visit) -> None:
    cast = cast_live
    PerformancePlan.objects.filter(pk=cast.pegawai_plan.pk).update(status="approved")
    pegawai = visit()
    pegawai.login("pegawai")
    pegawai.goto("plans:result_add", cast.pegawai_plan.pk)
    pegawai.check("skp-terkunci")
    expect(pegawai.page.locator("#locked-banner")).to_be_visible()
    expect(pegawai.page.locator(".message.error").first).to_contain_text("tidak dapat diubah")
    expect(pegawai.page.get_by_role("link", name="Tambah RHK")).to_have_count(0)


def test_skp_page_fits_a_phone_screen(cast_live: Cast, visit: Visit) -> None:
    phone = visit("phone", PHONE)
    phone.login("pegawai")
    phone.goto("plans:detail", cast_live.pegawai_plan.pk)
    phone.check("skp-ponsel")
    overflow = phone.horizontal_overflow()
    assert overflow <= 1, f"the SKP page is {overflow}px wider than a 390px phone screen"
    assert phone.clipped_tables() == []
    phone.goto("plans:mine")
    phone.check("skp-saya-ponsel")
    assert phone.horizontal_overflow() <= 1
    assert phone.clipped_tables() == []

"""Change during the year in a real browser: HR records a transfer, the pegawai sees both SKPs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kinerja.plans.models import PerformancePlan
from tests.browser.conftest import PHONE, Visit
from tests.conftest import Cast
from tests.plans.change_support import post_in_smp
from tests.support import record

pytestmark = pytest.mark.browser


def test_hr_records_a_transfer_and_the_pegawai_sees_both_parts(
    cast_live: Cast, visit: Visit
) -> None:
    cast = cast_live
    post = post_in_smp(cast)
    for number in (1, 2, 3):
        record(cast.programmes, number, "1")
    on = dt.date(cast.year.year, 4, 15)

    hr = visit("hr")
    page = hr.page
    hr.login("hr_admin")
    hr.goto("dashboards:employee", cast.pegawai.pk)
    hr.check("pegawai-sebelum-mutasi")
    expect(page.get_by_test_id("plan-history")).to_have_count(0)
    page.get_by_role("link", name="Catat perubahan jabatan/atasan").click()
    hr.check("catat-perubahan")

    # A transfer without the new position: a message beside the field, nothing saved.
    page.fill("#id_on", on.isoformat())
    page.select_option("#id_reason", "transfer")
    with page.expect_navigation():
        page.get_by_role("button", name="Catat perubahan").click()
    hr.check("catat-perubahan-salah")
    expect(page.locator("#id_position_error")).to_contain_text("Pilih jabatan baru")
    assert PerformancePlan.objects.filter(employee=cast.pegawai).count() == 1

    page.select_option("#id_position", str(post.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Catat perubahan").click()
    hr.check("pegawai-sesudah-mutasi")
    assert page.url.endswith(reverse("dashboards:employee", args=[cast.pegawai.pk]))
    history = page.get_by_test_id("plan-history")
    expect(history).to_contain_text("Analis Kurikulum")
    expect(history).to_contain_text("Analis Data Pendidikan")
    expect(history).to_contain_text("Mutasi / pindah unit")
    old = PerformancePlan.objects.get(pk=cast.pegawai_plan.pk)
    assert old.end == on - dt.timedelta(days=1)
    new = PerformancePlan.objects.get(previous=old)
    expect(page.get_by_test_id("change-previous")).to_contain_text("Analis Kurikulum")

    pegawai = visit("phone", PHONE)
    pegawai.login("pegawai")
    pegawai.goto("dashboards:mine")
    pegawai.check("kinerja-saya-dua-skp")
    rows = pegawai.page.get_by_test_id("plan-history")
    expect(rows.get_by_test_id(f"history-{old.pk}")).to_contain_text("100")
    expect(rows.get_by_test_id(f"history-{new.pk}")).to_contain_text("ditampilkan")
    expect(pegawai.page.get_by_role("link", name="Catat perubahan jabatan/atasan")).to_have_count(0)
    assert pegawai.horizontal_overflow() <= 0

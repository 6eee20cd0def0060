"""Service times in a real browser: the penilai reads the month and finds the wrong clock."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kinerja.servicetimes.services import events_ingest
from tests.browser.conftest import PHONE, Visit
from tests.conftest import Cast
from tests.servicetimes.support import at, build_queue, whole

pytestmark = pytest.mark.browser


def feed(cast: Cast) -> None:
    queue = build_queue(cast)
    y = cast.year.year
    nip = cast.pegawai.nip
    events_ingest(
        source=queue.source,
        events=[
            whole("A-001", at(y, 1, 6, 8), at(y, 1, 6, 8, 12), at(y, 1, 6, 8, 20), nip=nip),
            whole("A-002", at(y, 1, 6, 8, 5), at(y, 1, 6, 8, 40), at(y, 1, 6, 8, 55), nip=nip),
            whole("A-003", at(y, 1, 6, 10), at(y, 1, 6, 9, 50), at(y, 1, 6, 10, 5), nip=nip),
        ],
    )


def test_penilai_reads_waiting_times_and_opens_the_outliers(cast_live: Cast, visit: Visit) -> None:
    cast = cast_live
    penilai = visit()
    page = penilai.page
    penilai.login("penilai")
    # Fed after login: Kinerja Saya (the landing page) cannot yet show a realisasi
    # without a recording user (reported to the owner of dashboards/performance.html).
    feed(cast)
    page.locator(f'nav.mainnav a[href="{reverse("servicetimes:overview")}"]').click()
    penilai.check("waktu-layanan")
    officers = page.get_by_test_id("officers")
    row = officers.get_by_test_id(f"petugas-{cast.pegawai.pk}")
    expect(row).to_contain_text(cast.pegawai.name)
    expect(row).to_contain_text("23,50")  # mean wait of 12 and 35 minutes
    expect(page.get_by_test_id("units")).not_to_contain_text("Bidang Pembinaan SMP")

    row.get_by_role("link", name=cast.pegawai.name).click()
    penilai.check("waktu-layanan-petugas")
    expect(page.get_by_test_id("ticket-A-003")).to_contain_text("tunggu negatif")
    expect(page.get_by_test_id("ticket-A-001")).to_contain_text("12,00")


def test_hr_reads_the_overview_on_a_phone(cast_live: Cast, visit: Visit) -> None:
    cast = cast_live
    feed(cast)
    hr = visit("phone", PHONE)
    hr.login("hr_admin")
    hr.goto("servicetimes:overview")
    hr.check("waktu-layanan-hp")
    expect(hr.page.get_by_test_id("units")).to_contain_text("Bidang Pembinaan SD")
    assert hr.horizontal_overflow() <= 1

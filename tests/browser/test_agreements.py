"""Perjanjian Kinerja in a real browser: HR enters and imports a PK, a pegawai reads it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kinerja.agreements.models import AgreementGoal, AgreementIndicator, PerformanceAgreement
from tests.agreements.agreements_support import GOOD_ROWS, csv_upload
from tests.browser.conftest import PHONE, Visit
from tests.conftest import Cast

pytestmark = pytest.mark.browser


def _csv(rows: list[list[str]]) -> dict[str, object]:
    upload = csv_upload(rows)
    return {"name": "pk.csv", "mimeType": "text/csv", "buffer": upload.read()}


def test_hr_enters_a_pk_imports_a_file_and_sees_the_errors_of_a_bad_one(
    cast_live: Cast, visit: Visit
) -> None:
    hr = visit()
    page = hr.page
    hr.login("hr_admin")
    page.get_by_role("link", name="Perjanjian Kinerja").first.click()
    hr.check("pk-daftar")
    expect(page.locator("h1")).to_contain_text("Perjanjian Kinerja")
    expect(page.get_by_text("Belum ada").first).to_be_visible()

    page.get_by_role("link", name="Buat Perjanjian Kinerja").click()
    hr.check("pk-buat")
    # Nothing chosen: the message sits beside the field and nothing is saved.
    page.locator("main form button[type=submit]").click()
    hr.check("pk-buat-salah")
    expect(page.locator(".field.has-error #id_unit")).to_be_visible()
    assert not PerformanceAgreement.objects.exists()

    page.select_option("#id_unit", label="Dinas Pendidikan")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    hr.check("pk-detail-baru")
    expect(page.locator(".message.success")).to_be_visible()

    page.get_by_role("link", name="Tambah sasaran").click()
    hr.check("pk-sasaran-tambah")
    page.fill("#id_text", "Meningkatnya mutu layanan pendidikan")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    hr.check("pk-dengan-sasaran")

    page.get_by_role("link", name="Tambah indikator").click()
    hr.check("pk-indikator-tambah")
    page.fill("#id_name", "Jumlah program pendidikan")
    page.fill("#id_unit_of_measure", "program")
    page.fill("#id_target_value", "-4")
    page.locator("main form button[type=submit]").click()
    hr.check("pk-indikator-salah")
    expect(page.locator("#id_target_value_error")).to_contain_text("lebih besar dari nol")
    assert not AgreementIndicator.objects.exists()
    page.fill("#id_target_value", "48")
    page.select_option("#id_perspective", label="Proses Bisnis")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    hr.check("pk-dengan-indikator")
    row = page.locator("table tbody tr", has_text="Jumlah program pendidikan")
    expect(row).to_contain_text("48")
    expect(row).to_contain_text("Proses Bisnis")

    page.get_by_role("link", name="Impor dari berkas").click()
    hr.check("pk-impor")
    bad = [*GOOD_ROWS, ["Sasaran", "Rumus", "orang", "=A1*2", ""], GOOD_ROWS[0]]
    page.set_input_files("#id_file", _csv(bad))  # type: ignore[arg-type]
    page.locator("main form button[type=submit]").click()
    hr.check("pk-impor-salah")
    problems = page.locator("#import-problems tbody tr")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("Rumus tidak diizinkan")
    expect(problems.nth(1)).to_contain_text("Baris ganda")
    assert AgreementGoal.objects.count() == 1

    page.set_input_files("#id_file", _csv(GOOD_ROWS))  # type: ignore[arg-type]
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    hr.check("pk-setelah-impor")
    expect(page.locator(".message.success")).to_contain_text("Impor selesai")
    expect(page.locator("main h2")).to_have_count(2)
    expect(
        page.get_by_role("cell", name="Angka Partisipasi Sekolah 7-12", exact=True)
    ).to_be_visible()


def test_a_pegawai_reads_the_pk_of_their_dinas_without_edit_controls(
    cast_live: Cast, visit: Visit
) -> None:
    from decimal import Decimal

    from kinerja.agreements.services import agreement_create, goal_add, indicator_add
    from kinerja.organisation.models import Position

    head = Position.objects.get(unit__code="disdik", heads_unit=True)
    agreement = agreement_create(unit=head.unit, year=cast_live.year, position=head)
    goal = goal_add(agreement=agreement, text="Meningkatnya akses pendidikan dasar")
    indicator_add(
        goal=goal,
        name="Angka Partisipasi Sekolah 7-12",
        unit_of_measure="%",
        target_value=Decimal(99),
        perspective="service_users",
    )
    for label, viewport in (("desktop", None), ("ponsel", PHONE)):
        pegawai = visit(label, viewport) if viewport else visit(label)
        page = pegawai.page
        pegawai.login("pegawai")
        pegawai.goto("agreements:list")
        pegawai.check("pk-daftar-pegawai")
        expect(page.get_by_role("link", name="Buat Perjanjian Kinerja")).to_have_count(0)
        page.get_by_role("link", name="Lihat sasaran").first.click()
        pegawai.check("pk-detail-pegawai")
        expect(page.locator("main h2")).to_contain_text("Meningkatnya akses pendidikan dasar")
        expect(page.locator("main td", has_text="Angka Partisipasi Sekolah 7-12")).to_be_visible()
        expect(page.get_by_role("link", name="Tambah sasaran")).to_have_count(0)
        expect(page.locator("main").get_by_role("link", name="Ubah")).to_have_count(0)
        assert pegawai.horizontal_overflow() <= 1

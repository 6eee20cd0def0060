"""Bulk import in a real browser: HR downloads a template, uploads it with a mistake, reads the
error table, fixes the file, imports it, and sees the employee's capaian change."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import Visit
from tests.conftest import Cast

pytestmark = pytest.mark.browser


def _filled(template: Path, realisasi: str, target: Path) -> Path:
    rows = list(csv.reader(io.StringIO(template.read_text(encoding="utf-8-sig")), delimiter=";"))
    for cells in rows[1:]:
        if cells[2] == "program-pendidikan":
            cells[8] = realisasi
        elif cells[2] == "aps-7-12":
            cells[9], cells[10] = "45", "50"
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    target.write_text(out.getvalue(), encoding="utf-8-sig")
    return target


def test_hr_imports_realisasi_from_a_template(
    cast_live: Cast, visit: Visit, tmp_path: Path
) -> None:
    cast = cast_live
    hr = visit()
    page = hr.page
    hr.login("hr_admin")

    hr.goto("dashboards:employee", cast.pegawai.pk)
    hr.check("impor-capaian-sebelum")
    expect(page.locator('[data-testid="plan-achievement"]')).to_have_text("–")

    page.locator(f'nav.mainnav a[href="{reverse("imports:list")}"]').click()
    hr.check("impor-daftar-kosong")
    page.get_by_role("link", name="Unduh templat").first.click()
    hr.check("impor-templat")
    dinas = cast.pegawai.assignments.get().position.unit.parent
    page.select_option("#id_unit", str(dinas.pk))
    page.select_option("#id_year", str(cast.year.year))
    page.select_option("#id_month", "1")
    page.check("input[name=format][value=csv]")
    with page.expect_download() as download:
        page.locator("main form.stacked button[type=submit]").click()
    template = tmp_path / "templat.csv"
    download.value.save_as(template)
    assert cast.pegawai.nip in template.read_text(encoding="utf-8-sig")

    # A negative realisasi: the whole file is refused and the row is listed.
    page.goto(hr.url("imports:upload"))
    hr.check("impor-unggah")
    page.set_input_files("#id_file", str(_filled(template, "-3", tmp_path / "salah.csv")))
    with page.expect_navigation():
        page.locator("main form.stacked button[type=submit]").click()
    hr.check("impor-ditolak")
    expect(page.locator('[data-testid="import-status"]')).to_have_text(
        "Ditolak: ada baris yang salah"
    )
    errors = page.locator('[data-testid="import-errors"]')
    expect(errors).to_contain_text("realisasi")
    expect(errors).to_contain_text("tidak boleh negatif")

    page.goto(hr.url("imports:upload"))
    page.set_input_files("#id_file", str(_filled(template, "3", tmp_path / "benar.csv")))
    with page.expect_navigation():
        page.locator("main form.stacked button[type=submit]").click()
    hr.check("impor-selesai")
    expect(page.locator('[data-testid="import-status"]')).to_have_text("Selesai")
    expect(page.locator('[data-testid="import-message"]')).to_contain_text("2 baris disimpan")

    page.locator(f'nav.mainnav a[href="{reverse("imports:list")}"]').click()
    hr.check("impor-daftar")
    expect(page.locator('[data-testid="import-list"] tbody tr')).to_have_count(2)

    hr.goto("dashboards:employee", cast.pegawai.pk)
    hr.check("impor-capaian-sesudah")
    expect(page.locator('[data-testid="plan-achievement"]')).not_to_have_text("–")
    expect(
        page.locator(f'[data-testid="iki-{cast.programmes.pk}"] [data-testid="iki-achieved"]')
    ).to_have_text("3,00")

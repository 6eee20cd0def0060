"""Evaluation documents in a real browser: the detail page, the PDF, the unit recap and Excel."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from kinerja.organisation.models import Unit
from tests.browser.conftest import Visit
from tests.conftest import Cast
from tests.evaluations.test_access_documents import final_evaluation
from tests.plans.documents_support import pdf_text
from tests.support import quarter

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("start_of_year")]


def test_pegawai_opens_the_result_and_downloads_the_document(
    cast_live: Cast, visit: Visit, tmp_path: Path
):
    cast = cast_live
    evaluation = final_evaluation(cast)
    pegawai = visit()
    page = pegawai.page
    pegawai.login("pegawai")

    pegawai.goto("evaluations:detail", evaluation.pk)
    pegawai.check("hasil-evaluasi")
    expect(page.get_by_test_id("figure-tpp")).to_contain_text("belum ditetapkan")
    page.get_by_test_id("evaluation-document-link").click()
    pegawai.check("dokumen-evaluasi")
    document = page.get_by_test_id("evaluation-document")
    expect(document.locator("h1")).to_have_text("DOKUMEN EVALUASI KINERJA PEGAWAI")
    expect(document.get_by_test_id("document-period")).to_contain_text("TRIWULAN IV-AKHIR")
    expect(document.get_by_test_id("atasan-name")).to_have_text("Dr. Hasan Basri")

    with page.expect_download() as download_info:
        page.get_by_test_id("download-pdf").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-TW4.pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    pdf = saved.read_bytes()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Andi Pratama" in text and cast.pegawai.nip in text


def test_unit_head_opens_the_recap_and_downloads_excel(
    cast_live: Cast, visit: Visit, tmp_path: Path
):
    cast = cast_live
    final_evaluation(cast)
    atasan = visit()
    page = atasan.page
    atasan.login("atasan")

    atasan.goto("evaluations:recap_index")
    atasan.check("rekap-pilih")
    page.get_by_label("Unit kerja").select_option(label="Dinas Pendidikan")
    page.get_by_label("Periode").select_option(label=quarter(cast.year, 4).label)
    page.get_by_role("button", name="Tampilkan rekap").click()
    atasan.check("rekap-unit")
    # Every SKP holder of the dinas is listed; who has no evaluation yet says so.
    rows = page.get_by_test_id("recap-row")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="Andi Pratama")).to_contain_text("Final")
    expect(rows.filter(has_text="Budi Santoso")).to_contain_text("belum dievaluasi")
    expect(page.get_by_test_id("recap-coverage")).to_contain_text("belum dievaluasi")
    expect(page.get_by_test_id("recap-totals").locator('[data-predikat="baik"]')).to_have_text("1")
    expect(page.locator("svg.recap-chart")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_test_id("recap-xlsx").click()
    download = download_info.value
    unit = Unit.objects.get(code="disdik")
    assert download.suggested_filename.startswith(f"Rekap-Evaluasi-{unit.code}-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = load_workbook(io.BytesIO(saved.read_bytes())).worksheets[0]
    names = [row[1].value for row in sheet.iter_rows(min_row=4)]
    assert names == ["Andi Pratama", "Budi Santoso", "Siti Rahmawati"]

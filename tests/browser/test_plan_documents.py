"""The SKP document in a real browser: the print view, and the PDF downloaded or opened."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kinerja.plans.models import PerformancePlan
from kinerja.plans.workflow import plan_approve, plan_submit
from tests.browser.conftest import PHONE, Visit
from tests.conftest import Cast
from tests.plans.documents_support import complete_pegawai_plan, pdf_text
from tests.plans.workflow_support import make_draft

pytestmark = pytest.mark.browser


def test_pegawai_prints_and_downloads_own_skp(cast_live: Cast, visit: Visit, tmp_path: Path):
    cast = cast_live
    plan = complete_pegawai_plan(cast)
    PerformancePlan.objects.filter(pk=plan.pk).update(status=PerformancePlan.Status.SUBMITTED)
    pegawai = visit()
    page = pegawai.page
    pegawai.login("pegawai")

    pegawai.goto("plans:print", plan.pk)
    pegawai.check("cetak-skp")
    document = page.get_by_test_id("skp-document")
    expect(page.locator("h1")).to_have_text("SASARAN KINERJA PEGAWAI")
    expect(document.get_by_test_id("pegawai-name")).to_have_text("Andi Pratama")
    expect(document.get_by_test_id("penilai-name")).to_have_text("Siti Rahmawati")
    expect(document).to_contain_text(cast.pegawai.nip)
    expect(document.get_by_test_id("results-table")).to_contain_text("7–8 menit")
    expect(document.get_by_test_id("draft-banner")).to_contain_text("DRAF — belum disetujui")

    # On paper only the document is printed, under the draft watermark.
    page.emulate_media(media="print")
    expect(page.locator("header.topbar")).to_be_hidden()
    expect(page.get_by_test_id("download-pdf")).to_be_hidden()
    expect(document.locator(".skp-watermark")).to_be_visible()
    page.emulate_media(media="screen")
    expect(document.locator(".skp-watermark")).to_be_hidden()

    with page.expect_download() as download_info:
        page.get_by_test_id("download-pdf").click()
    download = download_info.value
    assert download.suggested_filename == f"SKP-{cast.pegawai.nip}-{cast.year.year}.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    pdf = saved.read_bytes()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Andi Pratama" in text
    assert cast.pegawai.nip in text
    assert "DRAF — belum disetujui" in text


def test_print_view_fits_a_phone(cast_live: Cast, visit: Visit):
    cast = cast_live
    pegawai = visit("phone", PHONE)
    pegawai.login("pegawai")
    pegawai.goto("plans:print", cast.pegawai_plan.pk)
    pegawai.check("cetak-skp-ponsel")
    # The wide tables scroll inside their frame; the page itself does not.
    assert pegawai.horizontal_overflow() == 0
    expect(pegawai.page.get_by_test_id("download-pdf")).to_be_visible()


def test_penilai_opens_the_pdf_of_a_staff_member(cast_live: Cast, visit: Visit):
    cast = cast_live
    # The cast's SKP is a draft: the pegawai submits it and the penilai approves it.
    plan_submit(plan=make_draft(cast), actor=cast.pegawai.user)
    plan_approve(plan=cast.pegawai_plan, actor=cast.penilai.user)
    penilai = visit()
    page = penilai.page
    penilai.login("penilai")
    penilai.goto("plans:print", cast.pegawai_plan.pk)
    penilai.check("cetak-skp-staf")

    href = page.get_by_test_id("download-pdf").get_attribute("href")
    assert href is not None
    assert href.startswith(reverse("plans:pdf", args=[cast.pegawai_plan.pk]))
    # The PDF itself, opened in the penilai's session (their cookies), not the download link.
    response = page.request.get(penilai.url("plans:pdf", cast.pegawai_plan.pk))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline;")
    pdf = response.body()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Andi Pratama" in text
    assert "Siti Rahmawati" in text
    assert "DRAF" not in text  # approved above

    # Someone else's SKP in another bidang does not exist for this penilai.
    other = PerformancePlan.objects.get(employee=cast.outsider)
    assert page.request.get(penilai.url("plans:pdf", other.pk)).status == 404

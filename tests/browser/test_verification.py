"""Evidence, verification and versions in the browser, as the pegawai and the penilai see them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import FilePayload, Page, expect

from kinerja.measurements.models import Measurement, MeasurementStatus
from tests.browser.conftest import Visit
from tests.browser.test_journeys import submit, tiny_pdf
from tests.conftest import Cast
from tests.measurements.evidence_support import PNG_BYTES
from tests.support import month

pytestmark = pytest.mark.browser


def _record(page: Page, cast: Cast, **fields: str) -> None:
    page.select_option("#id_period", value=str(month(cast.year, 1).pk))
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)


def test_pegawai_records_penilai_decides_pegawai_sees_status_history_and_corrects(
    cast_live: Cast, visit: Visit
) -> None:
    cast = cast_live
    pegawai = visit()
    page = pegawai.page
    pegawai.login("pegawai")

    # Two files with one value; a ratio with its two parts.
    pegawai.goto("measurements:record", cast.programmes.pk)
    pegawai.check("catat-realisasi-dua-bukti")
    _record(page, cast, value="4", note="Empat sosialisasi")
    pdf = tiny_pdf()
    files: list[FilePayload] = [
        {"name": "daftar-hadir.pdf", "mimeType": "application/pdf", "buffer": pdf},
        {"name": "foto-kegiatan.png", "mimeType": "image/png", "buffer": PNG_BYTES},
    ]
    page.set_input_files("#id_evidence", files=files)
    submit(page)
    assert page.url == pegawai.url("dashboards:mine")
    pegawai.goto("measurements:record", cast.coverage.pk)
    _record(page, cast, numerator="90", denominator="100")
    submit(page)
    programmes = Measurement.objects.get(plan_indicator=cast.programmes)
    coverage = Measurement.objects.get(plan_indicator=cast.coverage)
    assert programmes.evidence_files.count() == 2

    # The penilai: verify the first, reject the second (a note is required).
    penilai = visit()
    ppage = penilai.page
    penilai.login("penilai")
    ppage.locator(f'nav.mainnav a[href="{reverse("measurements:verify_inbox")}"]').click()
    penilai.check("verifikasi-realisasi")
    row = ppage.get_by_test_id(f"row-{programmes.pk}")
    expect(row).to_contain_text("daftar-hadir.pdf")
    expect(row).to_contain_text("foto-kegiatan.png")
    with ppage.expect_download() as download:
        row.get_by_role("link", name="daftar-hadir.pdf").click()
    assert Path(download.value.path()).read_bytes() == pdf

    ppage.get_by_test_id(f"reject-{coverage.pk}").click()
    ppage.wait_for_load_state("load")
    penilai.check("verifikasi-tolak-tanpa-catatan")
    note = ppage.locator(f"#reject-note-{coverage.pk}")
    expect(note).to_have_attribute("aria-invalid", "true")
    expect(note).to_have_accessible_description(
        "Catatan wajib diisi: tuliskan mengapa realisasi ditolak."
    )
    note.fill("Penyebut harus dari data Dukcapil")
    with ppage.expect_navigation():
        ppage.get_by_test_id(f"reject-{coverage.pk}").click()
    ppage.locator(f"#pick-{programmes.pk}").check()
    with ppage.expect_navigation():
        ppage.get_by_test_id("verify-selected").click()
    penilai.check("verifikasi-selesai")
    expect(ppage.get_by_test_id("inbox-empty")).to_be_visible()
    programmes.refresh_from_db()
    coverage.refresh_from_db()
    assert programmes.status == MeasurementStatus.VERIFIED
    assert coverage.status == MeasurementStatus.REJECTED

    # The pegawai sees both statuses beside the numbers, and the history.
    pegawai.goto("dashboards:mine")
    for details in page.locator("details:not(.explain) > summary").all():
        details.click()
    pegawai.check("kinerja-saya-status-verifikasi")
    expect(page.get_by_test_id(f"status-{programmes.pk}")).to_have_text("Terverifikasi")
    expect(page.get_by_test_id(f"status-{coverage.pk}")).to_have_text("Ditolak")
    expect(page.get_by_test_id(f"status-note-{coverage.pk}")).to_have_text(
        "Penyebut harus dari data Dukcapil"
    )
    expect(page.get_by_test_id(f"origin-{programmes.pk}")).to_contain_text("Andi Pratama")
    page.get_by_test_id(f"history-link-{cast.programmes.pk}").click()
    pegawai.check("riwayat-realisasi")
    expect(page.get_by_test_id(f"version-{programmes.pk}")).to_contain_text("Siti Rahmawati")

    # Correcting the verified value needs a reason; the correction is version 2.
    page.get_by_test_id("correct-1").click()
    pegawai.check("koreksi-realisasi")
    page.fill("#id_value", "5")
    submit(page)
    expect(page.locator("#id_correction_reason")).to_have_attribute("aria-invalid", "true")
    page.fill("#id_correction_reason", "Satu sosialisasi belum tercatat")
    submit(page)
    assert page.url == pegawai.url("dashboards:mine")
    current = Measurement.objects.get(plan_indicator=cast.programmes, superseded_at__isnull=True)
    assert current.version == 2 and current.value == 5
    assert current.status == MeasurementStatus.PENDING
    pegawai.goto("measurements:history", cast.programmes.pk)
    pegawai.check("riwayat-realisasi-koreksi")
    expect(page.get_by_test_id(f"version-{current.pk}")).to_contain_text(
        "Satu sosialisasi belum tercatat"
    )
    expect(page.get_by_test_id(f"version-{programmes.pk}")).to_contain_text("Terverifikasi")

"""Bad realisasi input on the record page: a clear message beside the field, nothing saved."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kinerja.measurements.models import Measurement
from kinerja.plans.models import PerformancePlan, PlanIndicator
from tests.support import PDF_BYTES, field_errors, month, pdf_upload

NOT_A_NUMBER = "Masukkan sebuah bilangan."
REQUIRED = "Bidang ini tidak boleh kosong."


@pytest.fixture
def pegawai(cast, media_root) -> Client:
    client = Client()
    client.force_login(cast.pegawai.user)
    return client


def _post(client: Client, cast, indicator: PlanIndicator, **fields):
    data = {"period": month(cast.year, 1).pk, "note": "", **fields}
    return client.post(reverse("measurements:record", args=[indicator.pk]), data)


def _nothing_saved(cast, media_root: Path) -> None:
    assert not Measurement.objects.exists()
    assert PlanIndicator.objects.get(pk=cast.programmes.pk).achievement is None
    assert PerformancePlan.objects.get(pk=cast.pegawai_plan.pk).achievement is None
    assert not any(p.is_file() for p in Path(media_root).rglob("*"))


def test_valid_realisasi_with_evidence_is_saved(cast, pegawai, media_root):
    # The control case: the same form does save when the input is right.
    response = _post(pegawai, cast, cast.programmes, value="1", evidence=pdf_upload())
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.value == 1 and measurement.evidence_files.count() == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", NOT_A_NUMBER),
        ("1,5e999", NOT_A_NUMBER),
        ("NaN", NOT_A_NUMBER),
        ("1.5e999", "Pastikan jumlah angka pada bilangan tidak melebihi 20 angka."),
        ("-1", "Pastikan nilai ini lebih besar dari atau sama dengan 0."),
        ("1000000000000000", "Angka terlalu besar."),
        (
            "99999999999999999",
            "Pastikan jumlah angka sebelum desimal pada bilangan "
            "tidak memiliki lebih dari 16 angka.",
        ),
        ("", REQUIRED),
    ],
)
def test_bad_value_is_refused_beside_the_value_field(cast, pegawai, media_root, value, message):
    response = _post(pegawai, cast, cast.programmes, value=value)
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "id_value") == [message]
    _nothing_saved(cast, media_root)


@pytest.mark.parametrize(
    ("parts", "field", "message"),
    [
        ({"numerator": "5", "denominator": "0"}, "denominator", "Penyebut tidak boleh nol."),
        ({"numerator": "abc", "denominator": "10"}, "numerator", NOT_A_NUMBER),
        (
            {"numerator": "", "denominator": ""},
            "numerator",
            "Isi pembilang, penyebut, atau keduanya.",
        ),
        (
            {"numerator": "5", "denominator": "-2"},
            "denominator",
            "Pastikan nilai ini lebih besar dari atau sama dengan 0.",
        ),
    ],
)
def test_bad_ratio_part_is_refused_beside_its_field(
    cast, pegawai, media_root, parts, field, message
):
    response = _post(pegawai, cast, cast.coverage, **parts)
    assert response.status_code == 200
    assert field_errors(response.content.decode(), f"id_{field}") == [message]
    assert not Measurement.objects.exists()


def test_ratio_too_large_to_store_is_refused_not_a_server_error(cast, pegawai, media_root):
    response = _post(
        pegawai, cast, cast.coverage, numerator="999999999999999", denominator="0.0001"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<div class="error-summary"[^>]*>.*<li>Angka terlalu besar.</li>', html, re.S)
    assert not Measurement.objects.exists()


def test_file_larger_than_the_limit_is_refused(cast, pegawai, media_root, settings):
    settings.EVIDENCE_MAX_BYTES = 16
    response = _post(pegawai, cast, cast.programmes, value="1", evidence=pdf_upload())
    assert response.status_code == 200
    [message] = field_errors(response.content.decode(), "id_evidence")
    assert message.startswith("Berkas bukti.pdf terlalu besar (")
    assert "Paling besar 16" in message
    _nothing_saved(cast, media_root)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "program.exe",
            b"MZ\x90\x00\x03",
            "Jenis berkas program.exe tidak diizinkan. "
            "Gunakan PDF, PNG, JPG, DOCX, XLSX, PPTX, ODT atau ODS.",
        ),
        (
            "bukti",
            PDF_BYTES,
            "Jenis berkas bukti tidak diizinkan. "
            "Gunakan PDF, PNG, JPG, DOCX, XLSX, PPTX, ODT atau ODS.",
        ),
        (
            "laporan.pdf",
            b"MZ\x90\x00\x03 not a pdf",
            "Isi berkas laporan.pdf tidak sesuai dengan jenisnya.",
        ),
        (
            "foto.png",
            b"\xff\xd8\xff\xe0 a jpeg",
            "Isi berkas foto.png tidak sesuai dengan jenisnya.",
        ),
        ("rekap.xlsx", b"%PDF-1.4 renamed", "Isi berkas rekap.xlsx tidak sesuai dengan jenisnya."),
    ],
)
def test_file_of_a_wrong_type_is_refused(cast, pegawai, media_root, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = _post(pegawai, cast, cast.programmes, value="1", evidence=upload)
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "id_evidence") == [message]
    _nothing_saved(cast, media_root)


def test_period_outside_the_offered_months_is_refused(cast, pegawai, media_root):
    quarter = cast.year.periods.get(kind="quarter", number=1)
    response = _post(pegawai, cast, cast.programmes, value="1", period=quarter.pk)
    assert response.status_code == 200
    [message] = field_errors(response.content.decode(), "id_period")
    assert message.startswith("Masukkan pilihan yang valid.")
    _nothing_saved(cast, media_root)

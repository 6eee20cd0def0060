"""Evidence is accepted by its content, not its name; a bad file keeps everything out."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kinerja.measurements.evidence import EvidenceError, evidence_check
from kinerja.measurements.models import EvidenceFile, Measurement, MeasurementStatus
from kinerja.measurements.services import (
    MeasurementError,
    measurement_record,
    measurement_verify,
)
from kinerja.plans.models import PlanIndicator
from tests.measurements.evidence_support import (
    DOCX_BYTES,
    ODS_BYTES,
    ODT_BYTES,
    PNG_BYTES,
    XLSX_BYTES,
    upload,
    zipped,
)
from tests.support import PDF_BYTES, month, pdf_upload


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("laporan.PDF", PDF_BYTES, "application/pdf"),
        ("foto.png", PNG_BYTES, "image/png"),
        ("foto.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
        (
            "notulen.docx",
            DOCX_BYTES,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "rekap.xlsx",
            XLSX_BYTES,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("notulen.odt", ODT_BYTES, "application/vnd.oasis.opendocument.text"),
        ("rekap.ods", ODS_BYTES, "application/vnd.oasis.opendocument.spreadsheet"),
    ],
)
def test_allowed_types_are_recognised_by_content(settings, name, content, content_type):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    assert evidence_check(upload(name, content)) == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("arsip.docx", zipped({"data.csv": b"a,b"}), "Isi berkas arsip.docx tidak sesuai"),
        ("rekap.docx", XLSX_BYTES, "Isi berkas rekap.docx tidak sesuai"),
        ("rekap.odt", ODS_BYTES, "Isi berkas rekap.odt tidak sesuai"),
        ("rusak.xlsx", b"PK\x03\x04 truncated", "Isi berkas rusak.xlsx tidak sesuai"),
        ("gambar.jpg", PNG_BYTES, "Isi berkas gambar.jpg tidak sesuai"),
        ("halaman.html", b"<html>", "Jenis berkas halaman.html tidak diizinkan"),
        ("kosong.pdf", b"", "Berkas kosong.pdf kosong."),
    ],
)
def test_wrong_content_is_refused_with_the_file_named(settings, name, content, message):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    with pytest.raises(EvidenceError, match=message):
        evidence_check(upload(name, content))


def test_size_limit_comes_from_the_setting(settings):
    settings.EVIDENCE_MAX_BYTES = len(PDF_BYTES)
    assert evidence_check(pdf_upload()) == "application/pdf"
    settings.EVIDENCE_MAX_BYTES = len(PDF_BYTES) - 1
    with pytest.raises(EvidenceError, match="terlalu besar"):
        evidence_check(pdf_upload())


def _record(cast, files, **kwargs):
    return measurement_record(
        user=cast.pegawai.user,
        plan_indicator=cast.programmes,
        period=month(cast.year, 1),
        value=Decimal(kwargs.pop("value", 2)),
        evidence=files,
        **kwargs,
    )


def test_several_files_are_stored_each_with_its_name_type_and_size(cast, media_root):
    measurement = _record(cast, [pdf_upload("undangan.pdf"), upload("notulen.docx", DOCX_BYTES)])
    files = list(measurement.evidence_files.order_by("pk"))
    assert [f.original_name for f in files] == ["undangan.pdf", "notulen.docx"]
    assert [f.size for f in files] == [len(PDF_BYTES), len(DOCX_BYTES)]
    # Stored under a random name: the user's name is data, not a path.
    assert all(Path(f.file.name).stem not in {"undangan", "notulen"} for f in files)
    assert files[1].file.read() == DOCX_BYTES


def test_one_bad_file_keeps_the_value_and_the_good_files_out(cast, media_root):
    with pytest.raises(MeasurementError, match=r"Isi berkas palsu\.pdf"):
        _record(cast, [pdf_upload("baik.pdf"), upload("palsu.pdf", b"MZ\x90 not a pdf")])
    assert not Measurement.objects.exists()
    assert not EvidenceFile.objects.exists()
    assert not any(p.is_file() for p in Path(media_root).rglob("*"))
    assert PlanIndicator.objects.get(pk=cast.programmes.pk).achievement is None


def test_too_many_files_at_once_are_refused(cast, media_root):
    with pytest.raises(MeasurementError, match="Paling banyak 10 berkas"):
        _record(cast, [pdf_upload(f"b{i}.pdf") for i in range(11)])
    assert not Measurement.objects.exists()


def test_files_can_be_added_to_a_pending_value_without_a_new_version(cast, media_root):
    first = _record(cast, [pdf_upload("a.pdf")])
    again = _record(cast, [pdf_upload("b.pdf")])
    assert again.pk == first.pk
    assert again.evidence_files.count() == 2


def test_files_cannot_be_slipped_under_a_verified_value(cast, media_root):
    measurement = _record(cast, [pdf_upload("a.pdf")])
    measurement_verify(cast.penilai.user, measurement)
    with pytest.raises(MeasurementError, match="sudah diverifikasi"):
        _record(cast, [pdf_upload("b.pdf")])
    assert measurement.evidence_files.count() == 1
    corrected = _record(cast, [pdf_upload("c.pdf")], value=3, correction_reason="Salah ketik")
    assert corrected.version == 2 and corrected.status == MeasurementStatus.PENDING
    assert [f.original_name for f in corrected.evidence_files.all()] == ["c.pdf"]

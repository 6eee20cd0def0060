"""Whatever the file holds, an import ends with a status and a message, never hangs or 500s."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from kinerja.imports import services
from kinerja.imports.columns import NAMES
from kinerja.imports.reading import HEADER_LINE_LIMIT, FileError, iter_rows
from kinerja.imports.services import import_batch_create
from kinerja.measurements.models import ImportBatch, Measurement
from tests.imports.support import csv_bytes, current, errors_of, row, run, xlsx_bytes
from tests.matrix import client_as

pytestmark = pytest.mark.django_db


def _truncated_sheet_xlsx() -> bytes:
    """A real XLSX whose sheet XML is cut short: it opens, then fails while rows are read."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(NAMES))
    sheet.append(["1"] * len(NAMES))
    whole = io.BytesIO()
    workbook.save(whole)
    source = zipfile.ZipFile(io.BytesIO(whole.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[:-40]
            target.writestr(info, data)
    return out.getvalue()


def test_an_xlsx_with_a_damaged_sheet_is_refused_and_the_job_ends(cast):
    batch = run(cast, _truncated_sheet_xlsx(), name="rusak.xlsx")

    assert batch.status == ImportBatch.Status.INVALID
    assert "XLSX" in batch.message
    assert batch.job is not None and batch.job.status == "failed"


def test_an_unexpected_error_while_checking_fails_the_batch_and_frees_the_file(cast, monkeypatch):
    def broken(self, rows, seen):
        raise RuntimeError("boom")

    monkeypatch.setattr(services.Checker, "check", broken)
    content = csv_bytes([row(cast)])

    batch = run(cast, content)

    assert batch.status == ImportBatch.Status.FAILED
    assert "tidak ada yang disimpan" in batch.message
    assert batch.job is not None and batch.job.status == "failed"
    monkeypatch.undo()
    # A failed batch is no duplicate: the same file can be imported again.
    assert run(cast, content).status == ImportBatch.Status.DONE


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"bulan": "²"}, "bulan"),
        ({"tahun": "２０２６"}, "tahun"),
        ({"kode_indikator": "", "id_iki": "²"}, "id_iki"),
        ({"kode_indikator": "", "id_iki": "99999999999999999999"}, "id_iki"),
        ({"kode_indikator": "", "id_iki": "0"}, "id_iki"),
    ],
)
def test_digits_of_other_scripts_and_overflowing_ids_are_row_errors(cast, cells, column):
    batch = run(cast, csv_bytes([row(cast, **cells)]))

    assert batch.status == ImportBatch.Status.INVALID, batch.message
    assert errors_of(batch) == [(2, column)]


def test_an_overflowing_id_iki_typed_as_a_number_in_xlsx_is_a_row_error(cast):
    rows = [row(cast, kode_indikator=None, id_iki=10**30, tahun=cast.year.year)]

    batch = run(cast, xlsx_bytes(rows), name="r.xlsx")

    assert batch.status == ImportBatch.Status.INVALID, batch.message
    assert errors_of(batch) == [(2, "id_iki")]


def test_an_id_iki_above_six_digits_is_still_an_id(cast, monkeypatch):
    # Ids grow past 999999 in a real database; the check must not take them for years.
    batch = run(cast, csv_bytes([row(cast, kode_indikator="", id_iki="1234567")]))

    assert errors_of(batch) == [(2, "id_iki")]
    assert "IKI nomor 1234567" in batch.errors[0]["message"]


def _busy_batch(cast, content: bytes, age: timedelta) -> ImportBatch:
    outcome = import_batch_create(
        user=cast.hr_admin,
        instansi=cast.instansi,
        upload=SimpleUploadedFile("r.csv", content),
        mode=ImportBatch.Mode.ALL_OR_NOTHING,
    )
    assert outcome.batch is not None
    ImportBatch.objects.filter(pk=outcome.batch.pk).update(
        status=ImportBatch.Status.CHECKING, created_at=outcome.batch.created_at - age
    )
    return outcome.batch


def test_a_batch_busy_for_hours_no_longer_blocks_the_same_file(cast):
    content = csv_bytes([row(cast)])
    _busy_batch(cast, content, services.STALE_AFTER + timedelta(minutes=1))

    batch = run(cast, content)

    assert batch.status == ImportBatch.Status.DONE
    assert current(cast.programmes) is not None


def test_a_batch_busy_for_minutes_still_counts_as_the_same_import(cast):
    content = csv_bytes([row(cast)])
    busy = _busy_batch(cast, content, timedelta(minutes=5))

    again = import_batch_create(
        user=cast.hr_admin,
        instansi=cast.instansi,
        upload=SimpleUploadedFile("r.csv", content),
        mode=ImportBatch.Mode.ALL_OR_NOTHING,
    )

    assert again.batch is None and again.earlier == busy


class _Counting(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.most = 0

    def read1(self, size: int = -1) -> bytes:
        data = super().read1(size)
        self.most = max(self.most, self.tell())
        return data

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.most = max(self.most, self.tell())
        return data


def test_a_header_line_without_an_end_is_not_read_whole():
    size = 64 * HEADER_LINE_LIMIT
    stream = _Counting(b"nip," + b"x" * size)

    with pytest.raises(FileError, match="terlalu panjang"):
        next(iter_rows(stream, "csv"))
    # Only what the limit allows was read (plus the reader's buffer), not the file.
    assert stream.most < size / 4


def test_a_long_header_line_that_ends_is_judged_as_a_header():
    header = ",".join(NAMES).encode()
    assert len(header) < HEADER_LINE_LIMIT
    rows = iter_rows(io.BytesIO(header + b"\r\n"), "csv")

    assert list(rows) == []


def test_the_upload_limit_follows_import_max_bytes(cast, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    hr = client_as(cast, "hr_admin")
    content = csv_bytes([row(cast)]) + b"\r\n" * (1024 * 1024)

    page = hr.post(
        reverse("imports:upload"), {"file": SimpleUploadedFile("r.csv", content), "mode": "all"}
    )

    assert page.status_code == 200
    assert "paling besar 1 MB" in page.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/impor/99999999999999999999/",
        "/impor/99999999999999999999/batalkan/",
    ],
)
def test_an_overflowing_batch_id_is_not_found(cast, url):
    hr = client_as(cast, "hr_admin")

    response = hr.post(url) if url.endswith("batalkan/") else hr.get(url)

    assert response.status_code == 404


@pytest.mark.parametrize("value", ["²", "99999999999999999999"])
def test_the_template_form_refuses_odd_ids_without_an_error_page(cast, value):
    hr = client_as(cast, "hr_admin")

    response = hr.get(
        reverse("imports:template"),
        {"unit": value, "indicators": [value], "year": value, "month": value, "format": "csv"},
    )

    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]
    assert not Measurement.objects.exists()

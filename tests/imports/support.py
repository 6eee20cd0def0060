"""Files and runs of imports for the tests: built in memory, run through the real services."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kinerja.imports.columns import NAMES
from kinerja.imports.services import import_batch_create, import_run
from kinerja.measurements.models import ImportBatch, Measurement
from tests.conftest import Cast

Row = dict[str, Any]


def row(cast: Cast, **cells: Any) -> Row:
    """A row for the pegawai's summed IKI (program-pendidikan), January; override any cell."""
    base: Row = {
        "nip": cast.pegawai.nip,
        "nama": cast.pegawai.name,
        "kode_indikator": "program-pendidikan",
        "tahun": cast.year.year,
        "bulan": 1,
        "realisasi": "3",
    }
    base.update(cells)
    return base


def ratio_row(cast: Cast, **cells: Any) -> Row:
    base = row(cast, kode_indikator="aps-7-12", realisasi="", pembilang="90", penyebut="100")
    base.update(cells)
    return base


def csv_bytes(
    rows: Sequence[Row | None],
    *,
    header: Sequence[str] = NAMES,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
) -> bytes:
    """CSV of `rows` (None is a blank line) under `header`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for item in rows:
        if item is None:
            out.write("\r\n")
        else:
            writer.writerow([str(item.get(name, "")) for name in header])
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows: Sequence[Row | None], *, header: Sequence[str] = NAMES) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for item in rows:
        sheet.append([] if item is None else [item.get(name) for name in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(
    cast: Cast,
    content: bytes,
    *,
    name: str = "realisasi.csv",
    mode: str = ImportBatch.Mode.ALL_OR_NOTHING,
) -> ImportBatch:
    """Upload `content` as the HR admin and run the batch in-process; the batch afterwards."""
    outcome = import_batch_create(
        user=cast.hr_admin,
        instansi=cast.instansi,
        upload=SimpleUploadedFile(name, content),
        mode=mode,
    )
    assert outcome.batch is not None, "the same file was already imported"
    return import_run(batch_id=outcome.batch.pk)


def errors_of(batch: ImportBatch) -> list[tuple[int, str]]:
    return [(e["row"], e["column"]) for e in batch.errors]


def current(indicator: Any, month: int = 1) -> Measurement | None:
    return Measurement.objects.filter(
        plan_indicator=indicator,
        period__number=month,
        period__kind="month",
        superseded_at__isnull=True,
    ).first()

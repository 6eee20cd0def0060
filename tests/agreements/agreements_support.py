"""Perjanjian Kinerja data on top of the shared cast, built through the real services.

Dinas Pendidikan (headed by the atasan's position) has a PK with one goal and
one indicator; Bidang Pembinaan SD (headed by the penilai) has a PK of its
own; a Seksi Kurikulum under the bidang has a heading post but no PK yet.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kinerja.agreements.models import AgreementGoal, AgreementIndicator, PerformanceAgreement
from kinerja.agreements.services import agreement_create, goal_add, indicator_add
from kinerja.organisation.models import Position, Unit
from kinerja.organisation.services import position_create, unit_create
from tests.conftest import Cast

HEADER = ["sasaran", "indikator", "satuan", "target", "perspektif"]
GOOD_ROWS = [
    ["Meningkatnya mutu layanan pendidikan", "Jumlah program pendidikan", "program", "48", ""],
    [
        "Meningkatnya mutu layanan pendidikan",
        "Indeks Kepuasan Masyarakat",
        "indeks",
        "82,5",
        "Penerima Layanan",
    ],
    ["Meningkatnya akses pendidikan", "Angka Partisipasi Sekolah 7-12", "%", "99", "Proses Bisnis"],
]


@dataclass
class Agreements:
    cast: Cast
    dinas: PerformanceAgreement
    bidang: PerformanceAgreement
    goal: AgreementGoal
    indicator: AgreementIndicator
    seksi: Unit
    seksi_head: Position


def head_of(unit: Unit) -> Position:
    return Position.objects.get(unit=unit, heads_unit=True)


def build_agreements(cast: Cast) -> Agreements:
    dinas_unit = Unit.objects.get(instansi=cast.instansi, code="disdik")
    bidang_unit = Unit.objects.get(instansi=cast.instansi, code="sd")
    dinas = agreement_create(unit=dinas_unit, year=cast.year, position=head_of(dinas_unit))
    goal = goal_add(agreement=dinas, text="Meningkatnya mutu layanan pendidikan")
    indicator = indicator_add(
        goal=goal,
        name="Jumlah program pendidikan",
        unit_of_measure="program",
        target_value=Decimal(48),
        perspective="business_process",
    )
    bidang = agreement_create(unit=bidang_unit, year=cast.year, position=head_of(bidang_unit))
    goal_add(agreement=bidang, text="Meningkatnya mutu pembelajaran SD")
    seksi = unit_create(
        instansi=cast.instansi,
        code="kurikulum",
        name="Seksi Kurikulum SD",
        kind="seksi",
        parent=bidang_unit,
    )
    seksi_head = position_create(
        unit=seksi,
        name="Kepala Seksi Kurikulum",
        kind="pengawas",
        parent=head_of(bidang_unit),
        heads_unit=True,
    )
    return Agreements(cast, dinas, bidang, goal, indicator, seksi, seksi_head)


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every PK row, for proving that a refused request changed nothing."""
    return {
        "agreements": list(
            PerformanceAgreement.objects.order_by("pk").values_list(
                "pk", "unit_id", "year_id", "position_id", "signed_on"
            )
        ),
        "goals": list(
            AgreementGoal.objects.order_by("pk").values_list("pk", "agreement_id", "text", "order")
        ),
        "indicators": list(
            AgreementIndicator.objects.order_by("pk").values_list(
                "pk", "goal_id", "name", "unit_of_measure", "target_value", "perspective", "order"
            )
        ),
    }


def csv_upload(
    rows: list[list[str]],
    *,
    header: list[str] | None = None,
    delimiter: str = ",",
    bom: bool = False,
    encoding: str = "utf-8",
    name: str = "pk.csv",
) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADER if header is None else header)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_bytes(rows: list[list[object]], *, header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER if header is None else header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_upload(
    rows: list[list[object]], *, header: list[str] | None = None, name: str = "pk.xlsx"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        xlsx_bytes(rows, header=header),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

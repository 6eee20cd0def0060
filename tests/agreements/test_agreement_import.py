"""Importing a PK from XLSX or CSV: every bad file is refused whole, with its reasons."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kinerja.agreements.imports import MAX_BYTES, MAX_ROWS, Problem, parse_agreement_file
from kinerja.agreements.models import AgreementGoal, AgreementIndicator
from kinerja.agreements.services import agreement_import
from kinerja.plans.models import PlannedResult
from kinerja.plans.services import plan_create, result_add
from tests.agreements.agreements_support import (
    GOOD_ROWS,
    HEADER,
    Agreements,
    build_agreements,
    csv_upload,
    head_of,
    snapshot,
    xlsx_bytes,
    xlsx_upload,
)
from tests.conftest import Cast
from tests.matrix import client_as


@pytest.fixture
def pk(cast: Cast) -> Agreements:
    return build_agreements(cast)


def contents(pk: Agreements) -> list[tuple[str, list[tuple[str, str, Decimal, str]]]]:
    goals = AgreementGoal.objects.filter(agreement=pk.dinas).order_by("order", "pk")
    return [
        (
            g.text,
            [
                (i.name, i.unit_of_measure, i.target_value, i.perspective)
                for i in g.indicators.order_by("order", "pk")
            ],
        )
        for g in goals
    ]


EXPECTED = [
    (
        "Meningkatnya mutu layanan pendidikan",
        [
            ("Jumlah program pendidikan", "program", Decimal(48), ""),
            ("Indeks Kepuasan Masyarakat", "indeks", Decimal("82.5"), "service_users"),
        ],
    ),
    (
        "Meningkatnya akses pendidikan",
        [("Angka Partisipasi Sekolah 7-12", "%", Decimal(99), "business_process")],
    ),
]


def import_file(pk: Agreements, upload: SimpleUploadedFile):
    parsed = parse_agreement_file(upload)
    if parsed.ok:
        return parsed, agreement_import(agreement=pk.dinas, rows=parsed.rows)
    return parsed, None


@pytest.mark.parametrize(
    "upload",
    [
        lambda: csv_upload(GOOD_ROWS),
        lambda: csv_upload(GOOD_ROWS, bom=True),
        lambda: csv_upload(GOOD_ROWS, delimiter=";"),
        lambda: csv_upload(GOOD_ROWS, delimiter=";", bom=True),
        lambda: csv_upload(GOOD_ROWS, header=[h.upper() for h in HEADER]),
        lambda: xlsx_upload([[*r[:3], float(r[3].replace(",", ".")), r[4]] for r in GOOD_ROWS]),
        lambda: xlsx_upload(GOOD_ROWS),
    ],
    ids=[
        "csv",
        "csv-bom",
        "csv-semicolon",
        "csv-semicolon-bom",
        "upper-headers",
        "xlsx",
        "xlsx-text",
    ],
)
def test_a_good_file_replaces_the_goals_and_again_changes_nothing(pk: Agreements, upload) -> None:
    parsed, outcome = import_file(pk, upload())
    assert parsed.problems == []
    assert outcome is not None and outcome.changed
    assert contents(pk) == EXPECTED
    # The same goal text keeps its row: the goal and indicator of the fixture survive.
    assert AgreementIndicator.objects.filter(pk=pk.indicator.pk).exists()
    before = snapshot()
    _parsed, again = import_file(pk, upload())
    assert again is not None and not again.changed
    assert snapshot() == before


def test_perspektif_column_is_optional(pk: Agreements) -> None:
    rows = [r[:4] for r in GOOD_ROWS]
    parsed, outcome = import_file(pk, csv_upload(rows, header=HEADER[:4]))
    assert parsed.ok and outcome is not None
    # Without the column every indicator has no perspektif, as if the cells were blank.
    assert [(g, [i[:3] for i in items]) for g, items in contents(pk)] == [
        (g, [i[:3] for i in items]) for g, items in EXPECTED
    ]
    assert {i[3] for _g, items in contents(pk) for i in items} == {""}


def test_blank_lines_are_skipped(pk: Agreements) -> None:
    rows = [GOOD_ROWS[0], ["", "", "", "", ""], GOOD_ROWS[1], [], GOOD_ROWS[2]]
    parsed, _outcome = import_file(pk, csv_upload(rows))
    assert parsed.ok
    assert contents(pk) == EXPECTED


def problems_of(upload: SimpleUploadedFile) -> list[Problem]:
    parsed = parse_agreement_file(upload)
    assert not parsed.ok
    assert parsed.rows == []
    return parsed.problems


def only_problem(upload: SimpleUploadedFile) -> Problem:
    problems = problems_of(upload)
    assert len(problems) == 1, problems
    return problems[0]


def test_every_bad_row_is_listed_with_row_column_and_reason(pk: Agreements) -> None:
    rows = [
        GOOD_ROWS[0],
        ["", "Indikator tanpa sasaran", "orang", "5", ""],  # row 3
        ["Sasaran", "", "orang", "5", ""],  # row 4
        ["Sasaran", "Tanpa satuan", "", "5", ""],  # row 5
        ["Sasaran", "Target negatif", "orang", "-5", ""],  # row 6
        ["Sasaran", "Target nol", "orang", "0", ""],  # row 7
        ["Sasaran", "Target raksasa", "orang", "99999999999999", ""],  # row 8
        ["Sasaran", "Bukan angka", "orang", "banyak", ""],  # row 9
        ["Sasaran", "Rumus", "orang", "=SUM(A1:A3)", ""],  # row 10
        ['=HYPERLINK("x")', "Rumus di sasaran", "orang", "5", ""],  # row 11
        ["Sasaran", "Perspektif salah", "orang", "5", "Keuangan"],  # row 12
        ["Sasaran", "Ribuan", "orang", "1.250,5", ""],  # row 13
        GOOD_ROWS[0],  # row 14: duplicate of row 2
    ]
    before = snapshot()
    parsed = parse_agreement_file(csv_upload(rows))
    found = {(p.row, p.column) for p in parsed.problems}
    assert found == {
        (3, "sasaran"),
        (4, "indikator"),
        (5, "satuan"),
        (6, "target"),
        (7, "target"),
        (8, "target"),
        (9, "target"),
        (10, "target"),
        (11, "sasaran"),
        (12, "perspektif"),
        (13, "target"),
        (14, "indikator"),
    }
    messages = {(p.row, p.column): p.message for p in parsed.problems}
    assert messages[(6, "target")] == "Target harus lebih besar dari nol."
    assert "Rumus" in messages[(10, "target")]
    assert "baris 2" in messages[(14, "indikator")]
    assert "terlalu besar" in messages[(8, "target")]
    assert parsed.rows == []
    assert snapshot() == before


def test_one_bad_row_writes_nothing_through_the_page(pk: Agreements) -> None:
    client = client_as(pk.cast, "hr_admin")
    before = snapshot()
    rows = [*GOOD_ROWS, ["Sasaran", "Target negatif", "orang", "-1", ""]]
    response = client.post(
        reverse("agreements:import", args=[pk.dinas.pk]), {"file": csv_upload(rows)}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Target harus lebih besar dari nol." in body
    assert "Tidak ada data yang disimpan" in body
    assert snapshot() == before


def test_a_good_file_through_the_page(pk: Agreements) -> None:
    client = client_as(pk.cast, "atasan")
    response = client.post(
        reverse("agreements:import", args=[pk.dinas.pk]), {"file": csv_upload(GOOD_ROWS)}
    )
    assert response.status_code == 302
    assert contents(pk) == EXPECTED


def test_wrong_encoding_is_refused(pk: Agreements) -> None:
    rows = [["Meningkatnya layanan ibu dan anak", "Cakupan ibu hamil dilayani", "%", "90", ""]]
    rows[0][0] += " – pelayanan"  # an en dash does not exist in Latin-1; use a cp1252 one
    upload = csv_upload(rows, encoding="cp1252")
    problem = only_problem(upload)
    assert "UTF-8" in problem.message


def test_missing_and_renamed_columns_are_named(pk: Agreements) -> None:
    problems = problems_of(
        csv_upload(GOOD_ROWS, header=["sasaran", "indikator kinerja", "satuan", "target", "pers"])
    )
    text = " ".join(p.message for p in problems)
    assert "indikator" in text and "tidak ditemukan" in text
    assert "indikator kinerja" in text and "tidak dikenal" in text
    assert all(p.row == 1 for p in problems)


def test_formula_in_an_xlsx_cell_is_refused(pk: Agreements) -> None:
    rows: list[list[object]] = [[*GOOD_ROWS[0][:3], "=40+8", ""]]
    problem = only_problem(xlsx_upload(rows))
    assert (problem.row, problem.column) == (2, "target")
    assert "Rumus" in problem.message


def test_negative_and_huge_numbers_in_xlsx(pk: Agreements) -> None:
    rows: list[list[object]] = [
        [*GOOD_ROWS[0][:3], -5, ""],
        [GOOD_ROWS[1][0], "Besar", "x", 1e15, ""],
    ]
    problems = problems_of(xlsx_upload(rows))
    assert {(p.row, p.column) for p in problems} == {(2, "target"), (3, "target")}


def test_xlsx_blank_rows_are_skipped_and_rows_keep_their_numbers(pk: Agreements) -> None:
    rows: list[list[object]] = [GOOD_ROWS[0], [None] * 5, [*GOOD_ROWS[1][:3], -1, ""]]
    problem = only_problem(xlsx_upload(rows))
    assert problem.row == 4


def test_duplicated_rows_are_reported(pk: Agreements) -> None:
    rows = [
        GOOD_ROWS[0],
        GOOD_ROWS[1],
        [g.upper() if i < 2 else g for i, g in enumerate(GOOD_ROWS[0])],
    ]
    problem = only_problem(csv_upload(rows))
    assert problem.row == 4 and "Baris ganda" in problem.message


def test_a_file_too_large_is_refused(pk: Agreements) -> None:
    upload = SimpleUploadedFile("pk.csv", b"sasaran,indikator\n" + b"x" * (MAX_BYTES + 10))
    problem = only_problem(upload)
    assert problem.row is None and "terlalu besar" in problem.message


def test_too_many_rows_are_refused(pk: Agreements) -> None:
    rows = [[f"Sasaran {n}", "Indikator", "x", "1", ""] for n in range(MAX_ROWS + 5)]
    problem = only_problem(csv_upload(rows))
    assert "terlalu banyak baris" in problem.message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("pk.pdf", b"%PDF-1.4 whatever"),
        ("pk.xls", b"\xd0\xcf\x11\xe0 old excel"),
        ("pk.txt", b"sasaran,indikator,satuan,target\n"),
        ("pk", b"sasaran,indikator,satuan,target\n"),
    ],
)
def test_a_file_that_is_not_csv_or_xlsx_is_refused(pk: Agreements, name: str, data: bytes) -> None:
    problem = only_problem(SimpleUploadedFile(name, data))
    assert "xlsx atau .csv" in problem.message


def test_a_renamed_pdf_or_broken_xlsx_is_refused(pk: Agreements) -> None:
    assert "bukan XLSX" in only_problem(SimpleUploadedFile("pk.xlsx", b"%PDF-1.4")).message
    broken = xlsx_bytes([GOOD_ROWS[0]])[:200]
    assert "rusak" in only_problem(SimpleUploadedFile("pk.xlsx", broken)).message
    assert "bukan teks" in only_problem(SimpleUploadedFile("pk.csv", xlsx_bytes([]))).message
    hand_made = io.BytesIO()
    with zipfile.ZipFile(hand_made, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not xml")
        archive.writestr("xl/workbook.xml", "<<<")
    assert "rusak" in only_problem(SimpleUploadedFile("pk.xlsx", hand_made.getvalue())).message


def test_an_empty_file_or_header_only_is_refused(pk: Agreements) -> None:
    assert "kosong" in only_problem(SimpleUploadedFile("pk.csv", b"")).message
    assert "tidak berisi baris data" in only_problem(csv_upload([])).message


def test_import_into_a_linked_pk_only_adds_and_keeps_what_rhks_use(pk: Agreements) -> None:
    cast = pk.cast
    plan = plan_create(employee=cast.atasan, position=head_of(pk.dinas.unit), year=cast.year)
    rhk = result_add(plan=plan, text="Sasaran lama")
    linked = AgreementGoal.objects.create(agreement=pk.dinas, text="Sasaran lama", order=5)
    PlannedResult.objects.filter(pk=rhk.pk).update(goal=linked)
    parsed, outcome = import_file(pk, csv_upload(GOOD_ROWS))
    assert parsed.ok and outcome is not None
    assert outcome.goals_removed == 0 and outcome.indicators_removed == 0
    assert outcome.kept_because_linked == ["Sasaran lama"]
    texts = [g for g, _ in contents(pk)]
    assert "Sasaran lama" in texts and "Meningkatnya akses pendidikan" in texts
    before = snapshot()
    _parsed, again = import_file(pk, csv_upload(GOOD_ROWS))
    assert again is not None and not again.changed
    assert snapshot() == before


def test_import_removes_what_the_file_lacks_when_nothing_is_linked(pk: Agreements) -> None:
    AgreementGoal.objects.create(agreement=pk.dinas, text="Sasaran yang dibuang", order=9)
    _parsed, outcome = import_file(pk, csv_upload(GOOD_ROWS))
    assert outcome is not None and outcome.goals_removed == 1
    assert contents(pk) == EXPECTED


def test_the_template_is_an_xlsx_with_the_header_row(cast: Cast) -> None:
    response = client_as(cast, "hr_admin").get(reverse("agreements:import_template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
    # The untouched template imports as "no data", not as a crash.
    upload = SimpleUploadedFile("templat.xlsx", response.content)
    assert "tidak berisi baris data" in only_problem(upload).message


def test_workbook_with_the_data_on_a_later_row(pk: Agreements) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A3"] = "sasaran"
    for column, value in zip("ABCDE", HEADER, strict=True):
        sheet[f"{column}3"] = value
    for column, value in zip("ABCDE", GOOD_ROWS[2], strict=True):
        sheet[f"{column}4"] = value
    sheet["D5"] = "abc"
    sheet["A5"], sheet["B5"], sheet["C5"] = "S", "I", "x"
    output = io.BytesIO()
    workbook.save(output)
    problem = only_problem(SimpleUploadedFile("pk.xlsx", output.getvalue()))
    assert (problem.row, problem.column) == (5, "target")

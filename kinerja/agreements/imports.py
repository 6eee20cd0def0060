"""Reading a Perjanjian Kinerja from a spreadsheet (XLSX or CSV) and the blank template.

The whole file is checked before anything is written: every bad row is listed
with its row number, its column and a reason, and if there is one, nothing is
written (kinerja.agreements.services.agreement_import writes a clean file).
A PK has tens of rows, so a file is read whole, but only after its size has
been checked, and never more than MAX_ROWS rows of it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from kinerja.agreements.models import Perspective
from kinerja.agreements.services import ImportRow, indicator_values_check, target_problem

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500
ZIP_SIGNATURE = b"PK\x03\x04"

# Column header (as typed, case-insensitive) → the service's field it fills.
COLUMNS = {
    "sasaran": "goal",
    "indikator": "name",
    "satuan": "unit_of_measure",
    "target": "target_value",
    "perspektif": "perspective",
}
REQUIRED = ("sasaran", "indikator", "satuan", "target")
COLUMN_OF_FIELD = {value: key for key, value in COLUMNS.items()}


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be imported; `row` is None for the file as a whole."""

    row: int | None
    column: str
    message: str


@dataclass
class ParsedFile:
    """The checked rows of a file, or the problems that stop its import."""

    rows: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _perspective_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in Perspective.choices:
        lookup[value.casefold()] = value
        lookup[str(label).casefold()] = value
    return lookup


# The Indonesian labels are read as written in the regulation, whatever the UI language.
PERSPECTIVE_LABELS = {
    "penerima layanan": Perspective.SERVICE_USERS,
    "proses bisnis": Perspective.BUSINESS_PROCESS,
    "penguatan internal": Perspective.INTERNAL,
    "anggaran": Perspective.BUDGET,
}


def parse_agreement_file(upload: UploadedFile[bytes]) -> ParsedFile:
    """Check an uploaded file; returns its rows or every problem found."""
    size = upload.size or 0
    if size > MAX_BYTES:
        return _fail(
            _("Berkas terlalu besar (%(size)s). Paling besar %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_BYTES)}
        )
    extension = Path(upload.name or "").suffix.lower()
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return _fail(
            _("Berkas terlalu besar. Paling besar %(max)s.") % {"max": filesizeformat(MAX_BYTES)}
        )
    if extension == ".xlsx":
        if not data.startswith(ZIP_SIGNATURE):
            return _fail(
                _("Isi berkas bukan XLSX. Simpan ulang dari aplikasi lembar kerja sebagai .xlsx.")
            )
        table = _read_xlsx(data)
    elif extension == ".csv":
        if data.startswith(ZIP_SIGNATURE) or b"\x00" in data:
            return _fail(
                _("Isi berkas bukan teks CSV. Simpan ulang sebagai CSV UTF-8 atau unggah .xlsx.")
            )
        table = _read_csv(data)
    else:
        return _fail(_("Jenis berkas tidak didukung. Unggah berkas .xlsx atau .csv."))
    if isinstance(table, ParsedFile):
        return table
    return _check_table(table)


def _fail(message: str, column: str = "") -> ParsedFile:
    return ParsedFile(problems=[Problem(None, column, message)])


# A table is a list of (row number as the user sees it, cells).
Table = list[tuple[int, list[Any]]]


def _read_csv(data: bytes) -> Table | ParsedFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return ParsedFile(
            problems=[
                Problem(
                    line,
                    "",
                    _(
                        "Berkas bukan teks UTF-8 (karakter tidak terbaca di baris %(line)d). "
                        "Simpan ulang sebagai 'CSV UTF-8'."
                    )
                    % {"line": line},
                )
            ]
        )
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: Table = []
    try:
        start = 1
        for cells in reader:
            table.append((start, cells))
            start = reader.line_num + 1
            if len(table) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        return ParsedFile(
            problems=[
                Problem(reader.line_num, "", _("Baris CSV tidak terbaca: %(e)s") % {"e": error})
            ]
        )
    return table


def _read_xlsx(data: bytes) -> Table | ParsedFile:
    from openpyxl import load_workbook

    # A damaged or hand-made file can fail anywhere in openpyxl's zip and XML readers
    # (BadZipFile, KeyError, XML ParseError, ...): every such failure means "unreadable".
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        return _fail(_("Berkas XLSX rusak atau tidak dapat dibaca. Simpan ulang sebagai .xlsx."))
    try:
        sheet = workbook.worksheets[0]
        table: Table = []
        for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            table.append((number, list(cells)))
            if len(table) > MAX_ROWS + 1:
                break
    except Exception:
        return _fail(_("Berkas XLSX rusak atau tidak dapat dibaca. Simpan ulang sebagai .xlsx."))
    finally:
        workbook.close()
    return table


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _check_table(table: Table) -> ParsedFile:
    rows = [(number, cells) for number, cells in table if not _blank(cells)]
    if not rows:
        return _fail(_("Berkas kosong: baris judul kolom tidak ditemukan."))
    header_number, header_cells = rows[0]
    header = [
        str(c).strip().lstrip("\ufeff").casefold() if c is not None else "" for c in header_cells
    ]
    while header and not header[-1]:
        header.pop()
    problems: list[Problem] = []
    unknown = [h or _("(kosong)") for h in header if h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    doubled = sorted({h for h in header if h and header.count(h) > 1})
    if missing:
        problems.append(
            Problem(
                header_number,
                ", ".join(missing),
                _("Kolom wajib tidak ditemukan: %(missing)s. Judul kolom harus: %(expected)s.")
                % {"missing": ", ".join(missing), "expected": ", ".join(COLUMNS)},
            )
        )
    if unknown:
        problems.append(
            Problem(
                header_number,
                ", ".join(unknown),
                _("Kolom tidak dikenal: %(unknown)s. Judul kolom yang diterima: %(expected)s.")
                % {"unknown": ", ".join(unknown), "expected": ", ".join(COLUMNS)},
            )
        )
    if doubled:
        problems.append(
            Problem(header_number, ", ".join(doubled), _("Kolom ini muncul lebih dari sekali."))
        )
    if problems:
        return ParsedFile(problems=problems)
    data_rows = rows[1:]
    if not data_rows:
        return _fail(_("Berkas tidak berisi baris data di bawah judul kolom."))
    if len(data_rows) > MAX_ROWS:
        return _fail(
            _("Berkas berisi terlalu banyak baris (paling banyak %(n)d).") % {"n": MAX_ROWS}
        )
    parsed = ParsedFile()
    seen: dict[tuple[str, str], int] = {}
    for number, cells in data_rows:
        row_problems, row = _check_row(number, header, cells)
        if row is not None:
            key = (_fold(row.goal), _fold(row.indicator.name))
            if key in seen:
                row_problems.append(
                    Problem(
                        number,
                        "indikator",
                        _("Baris ganda: sasaran dan indikator yang sama sudah ada di baris %(n)d.")
                        % {"n": seen[key]},
                    )
                )
            else:
                seen[key] = number
        if row_problems:
            parsed.problems.extend(row_problems)
        elif row is not None:
            parsed.rows.append(row)
    if parsed.problems:
        parsed.rows = []
    return parsed


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _check_row(
    number: int, header: list[str], cells: list[Any]
) -> tuple[list[Problem], ImportRow | None]:
    problems: list[Problem] = []
    extra = [c for c in cells[len(header) :] if not _blank([c])]
    if extra:
        problems.append(
            Problem(number, "", _("Baris ini berisi lebih banyak kolom daripada judul kolom."))
        )
    values: dict[str, Any] = {}
    for index, column in enumerate(header):
        value = cells[index] if index < len(cells) else None
        if isinstance(value, str):
            value = value.strip()
            if value.startswith("="):
                problems.append(
                    Problem(
                        number, column, _("Rumus tidak diizinkan; isi sel dengan nilainya saja.")
                    )
                )
                continue
        values[column] = value
    if problems:
        return problems, None
    goal = _text(values.get("sasaran"))
    if not goal:
        problems.append(Problem(number, "sasaran", _("Sasaran wajib diisi.")))
    target, target_error = _number(values.get("target"))
    perspective = ""
    label = _text(values.get("perspektif")).casefold()
    if label:
        lookup = {**_perspective_lookup(), **PERSPECTIVE_LABELS}
        if label in lookup:
            perspective = lookup[label]
        else:
            problems.append(
                Problem(
                    number,
                    "perspektif",
                    _("Perspektif tidak dikenal. Pilih salah satu: %(choices)s, atau kosongkan.")
                    % {"choices": "Penerima Layanan, Proses Bisnis, Penguatan Internal, Anggaran"},
                )
            )
    if target_error:
        problems.append(Problem(number, "target", target_error))
    try:
        indicator = indicator_values_check(
            name=_text(values.get("indikator")),
            unit_of_measure=_text(values.get("satuan")),
            target_value=target if not target_error else Decimal(1),
            perspective=perspective,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            problems.append(Problem(number, COLUMN_OF_FIELD.get(name, name), messages[0]))
        return problems, None
    if problems:
        return problems, None
    if len(goal) > 2000:
        return [Problem(number, "sasaran", _("Sasaran terlalu panjang."))], None
    return [], ImportRow(number=number, goal=" ".join(goal.split()), indicator=indicator)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _number(value: Any) -> tuple[Decimal | None, str]:
    """The target as a Decimal, or why it is not a usable number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, _("Target wajib diisi.")
    if isinstance(value, bool):
        return None, _("Target harus berupa angka.")
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    elif isinstance(value, str):
        text = value.replace(" ", "").replace("\u00a0", "")
        if "," in text and "." in text:
            return None, _("Tulis angka tanpa pemisah ribuan, mis. 1250 atau 97,5.")
        text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None, _("Target harus berupa angka, mis. 95 atau 97,5.")
    else:
        return None, _("Target harus berupa angka, mis. 95 atau 97,5.")
    problem = target_problem(number)
    return (None, problem) if problem else (number, "")


def template_workbook() -> bytes:
    """The blank import template: the header row, and a sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Perjanjian Kinerja"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (60, 60, 14, 12, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    choices = DataValidation(
        type="list",
        formula1='"Penerima Layanan,Proses Bisnis,Penguatan Internal,Anggaran"',
        allow_blank=True,
    )
    sheet.add_data_validation(choices)
    choices.add("E2:E500")
    guide = workbook.create_sheet("Petunjuk")
    guide.append([_("Kolom"), _("Isi")])
    guide.append(
        ["sasaran", _("Sasaran strategis unit. Ulangi teks yang sama untuk setiap indikatornya.")]
    )
    guide.append(["indikator", _("Nama indikator kinerja (wajib).")])
    guide.append(["satuan", _("Satuan target, mis. %, orang, dokumen, indeks (wajib).")])
    guide.append(
        ["target", _("Target tahunan, angka lebih besar dari nol; desimal boleh dengan koma.")]
    )
    guide.append(
        [
            "perspektif",
            _("Boleh kosong: Penerima Layanan, Proses Bisnis, Penguatan Internal, Anggaran."),
        ]
    )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()

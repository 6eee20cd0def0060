"""Streamed reading of CSV and XLSX import files: one row at a time, never the whole file.

Both readers yield the same thing: the row's number as the admin sees it
(the header is row 1), and its cells keyed by column name. Blank rows are
skipped. A cell that is (or looks like) a spreadsheet formula is flagged so the
checker can refuse it: a formula's value is whatever the spreadsheet last
computed, and a text starting with = + @ becomes a formula again when someone
opens an exported copy (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from kinerja.imports.columns import HeaderError, header_positions

FORMULA_STARTS = ("=", "+", "@", "\t", "\r")
# The header is read as one line before the CSV reader takes over; a file without
# line breaks (or a binary one) would otherwise be read whole into memory. Thirteen
# columns with generous names fit easily.
HEADER_LINE_LIMIT = 4096


@dataclass(frozen=True)
class Cell:
    value: Any
    formula: bool = False

    @property
    def text(self) -> str:
        return "" if self.value is None else str(self.value).strip()


@dataclass(frozen=True)
class RawRow:
    number: int
    cells: dict[str, Cell]
    # Cells beyond the header's last column that hold something.
    overflow: bool = False

    def text(self, name: str) -> str:
        cell = self.cells.get(name)
        return cell.text if cell is not None else ""


class FileError(ValueError):
    """The file as a whole cannot be read (encoding, format, header); nothing is imported."""


def looks_like_formula(text: str) -> bool:
    if not text:
        return False
    if text.startswith(FORMULA_STARTS):
        return True
    return len(text) > 1 and text[0] == "-" and text[1].isalpha()


def _blank(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def iter_rows(stream: IO[bytes], file_format: str) -> Iterator[RawRow]:
    """The data rows of an import file; FileError when its encoding or header is wrong."""
    if file_format == "xlsx":
        return _xlsx_rows(stream)
    return _csv_rows(stream)


def _not_utf8() -> FileError:
    from django.utils.translation import gettext as _

    return FileError(
        _(
            "Berkas bukan CSV UTF-8, jadi huruf di dalamnya tidak dapat dibaca dengan pasti. "
            "Di Microsoft Excel pilih File › Simpan Sebagai › “CSV UTF-8 (Comma delimited) "
            "(*.csv)”; di LibreOffice Calc pilih Simpan Sebagai › CSV dan Set karakter "
            "“Unicode (UTF-8)”. Lalu unggah lagi."
        )
    )


def _csv_rows(stream: IO[bytes]) -> Iterator[RawRow]:
    from django.utils.translation import gettext as _

    # utf-8-sig drops the byte-order mark Excel writes at the start of "CSV UTF-8".
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        first = text.readline(HEADER_LINE_LIMIT)
    except UnicodeDecodeError:
        raise _not_utf8() from None
    if len(first) >= HEADER_LINE_LIMIT and not first.endswith(("\n", "\r")):
        raise FileError(
            _(
                "Baris pertama berkas terlalu panjang untuk judul kolom (lebih dari %(n)s "
                "karakter). Pastikan berkas adalah CSV dengan judul kolom templat di baris pertama."
            )
            % {"n": HEADER_LINE_LIMIT}
        )
    if not first.strip():
        raise FileError(_("Berkas kosong: baris pertama harus berisi judul kolom."))
    # Excel in an Indonesian locale separates cells with ";" (the comma is the decimal mark).
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=delimiter))
    try:
        positions = header_positions(header)
    except HeaderError as error:
        raise FileError(str(error)) from None
    width = max(positions.values()) + 1
    reader = csv.reader(text, delimiter=delimiter)
    try:
        for cells in reader:
            if _blank(cells):
                continue
            yield RawRow(
                number=reader.line_num + 1,
                cells={
                    name: Cell(cells[i], looks_like_formula(cells[i].strip()))
                    for name, i in positions.items()
                    if i < len(cells)
                },
                overflow=not _blank(cells[width:]),
            )
    except UnicodeDecodeError:
        raise _not_utf8() from None
    except csv.Error as error:
        raise FileError(
            _("Berkas CSV rusak sekitar baris %(row)s: %(error)s")
            % {"row": reader.line_num + 1, "error": error}
        ) from None


def _xlsx_rows(stream: IO[bytes]) -> Iterator[RawRow]:
    from zipfile import BadZipFile

    from django.utils.translation import gettext as _
    from openpyxl import load_workbook

    unreadable = FileError(
        _("Berkas bukan XLSX yang dapat dibaca. Simpan dari Excel sebagai .xlsx atau CSV UTF-8.")
    )
    try:
        # read_only streams the sheet's XML; formulas are kept (not data_only) so they show.
        workbook = load_workbook(stream, read_only=True, data_only=False)
    except (BadZipFile, KeyError, OSError, ValueError, ParseError):
        raise unreadable from None
    try:
        yield from _sheet_rows(workbook)
    except FileError:
        raise
    except (BadZipFile, KeyError, OSError, ValueError, ParseError):
        # The sheet's XML is parsed while the rows are read, so a damaged sheet
        # (truncated, not XML, refused by defusedxml) shows up here, not on opening.
        raise unreadable from None
    finally:
        workbook.close()


def _sheet_rows(workbook: Any) -> Iterator[RawRow]:
    from django.utils.translation import gettext as _

    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows()
    header_cells = next(rows, None)
    header = [str(c.value) if c.value is not None else "" for c in header_cells or ()]
    if _blank(header):
        raise FileError(_("Berkas kosong: baris pertama harus berisi judul kolom."))
    try:
        positions = header_positions(header)
    except HeaderError as error:
        raise FileError(str(error)) from None
    width = max(positions.values()) + 1
    for number, row in enumerate(rows, start=2):
        values = [c.value for c in row]
        if _blank(values):
            continue
        cells = {}
        for name, i in positions.items():
            if i >= len(row):
                continue
            cell = row[i]
            value = cell.value
            formula = getattr(cell, "data_type", None) == "f" or (
                isinstance(value, str) and looks_like_formula(value.strip())
            )
            cells[name] = Cell(value, formula)
        yield RawRow(number=number, cells=cells, overflow=not _blank(values[width:]))

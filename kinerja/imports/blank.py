"""The blank import template: one pre-filled row per IKI in force, for one unit and month.

Rows are read from the database in chunks and written as they come, so a
template for a whole dinas never sits in memory. The CSV is UTF-8 with a
byte-order mark and ";" between cells, which Excel in an Indonesian locale
opens as columns directly; the parser reads it back as it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO

from kinerja.core.spreadsheets import spreadsheet_safe
from kinerja.cycles.models import AppraisalYear
from kinerja.imports.columns import COLUMNS, NAMES
from kinerja.indicators.models import Indicator
from kinerja.organisation.models import Unit
from kinerja.plans.cascade import unit_subtree
from kinerja.plans.changes import plan_months
from kinerja.plans.models import PlanIndicator

CSV_DELIMITER = ";"


# A cell starting with one of these is a formula to a spreadsheet (CSV injection);
# "-" too, as in "-2+3" or "-cmd|…". Free text such as an IKI's name can start so.
def template_rows(
    *, unit: Unit, year: AppraisalYear, month: int, indicators: Iterable[Indicator] = ()
) -> Iterator[list[str]]:
    """One row per IKI of an SKP of the unit's subtree in force in `month` (header excluded).

    With `indicators` only IKIs of those catalogue indicators are listed;
    without, every IKI, including those written without a catalogue indicator
    (they are addressed by id_iki).
    """
    from django.utils.translation import gettext as _

    chosen = [i.pk for i in indicators]
    queryset = PlanIndicator.objects.filter(
        result__plan__year=year,
        result__plan__position__unit__in=unit_subtree([unit.pk]),
    )
    if chosen:
        queryset = queryset.filter(indicator_id__in=chosen)
    queryset = queryset.select_related("result__plan__employee", "indicator").order_by(
        "result__plan__employee__name",
        "result__plan__employee_id",
        "result__plan_id",
        "result__order",
        "result_id",
        "pk",
    )
    for iki in queryset.iterator(chunk_size=2000):
        plan = iki.result.plan
        if month not in plan_months(plan):
            continue
        yield [
            plan.employee.nip,
            plan.employee.name,
            iki.indicator.code if iki.indicator else "",
            str(iki.pk),
            iki.name,
            _("pembilang/penyebut") if iki.is_ratio else _("realisasi"),
            str(year.year),
            str(month),
            "",
            "",
            "",
            "",
            "",
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(rows: Iterable[list[str]]) -> Iterator[bytes]:
    """The template as CSV bytes, a line at a time (for a streaming response)."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
    yield "\ufeff".encode()
    yield writer.writerow(NAMES).encode()
    for row in rows:
        yield writer.writerow([spreadsheet_safe(cell) for cell in row]).encode()


def write_xlsx(rows: Iterable[list[str]], target: IO[bytes]) -> None:
    """The template as an XLSX workbook written in streaming mode (write_only)."""
    from django.utils.translation import gettext as _
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("realisasi"))
    # Text format for NIP and id: Excel would otherwise round an 18-digit NIP.
    widths = {"nip": 22, "nama": 28, "kode_indikator": 22, "nama_iki": 48, "cara_isi": 18}
    for index, column in enumerate(COLUMNS):
        letter = chr(ord("A") + index)
        sheet.column_dimensions[letter].width = widths.get(column.name, 14)
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=value)
            # openpyxl turns a str starting with "=" into a live formula; every
            # pre-filled cell is text, so it is stored as text whatever it holds.
            cell.data_type = "s"
            if index < 8:
                cell.number_format = "@"
            cells.append(cell)
        sheet.append(cells)
    guide = workbook.create_sheet(_("petunjuk"))
    guide.append([_("kolom"), _("keterangan")])
    for column in COLUMNS:
        guide.append([column.name, str(column.help)])
    workbook.save(target)


def xlsx_bytes(rows: Iterable[list[str]]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(rows, buffer)
    return buffer.getvalue()

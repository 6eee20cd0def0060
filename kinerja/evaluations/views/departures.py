"""The departures report: final ratings that differ from the data's proposal, with the reasons."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kinerja.core.explanations import format_number
from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.core.params import id_param
from kinerja.core.spreadsheets import spreadsheet_safe
from kinerja.evaluations.departures import departure_filters, departure_list, may_see_departures
from kinerja.evaluations.models import Evaluation
from kinerja.organisation.access import viewer_for

PAGE_ROWS = 500


@login_required
@require_GET
def departures(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not may_see_departures(viewer):
        raise PermissionDenied
    year = id_param(request.GET.get("tahun", ""))
    period_id = id_param(request.GET.get("periode", ""))
    unit_id = id_param(request.GET.get("unit", ""))
    rows = departure_list(viewer, year=year, period_id=period_id, unit_id=unit_id)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        return _csv(rows)
    if fmt == "xlsx":
        return _xlsx(rows)
    filters = departure_filters(viewer, year=year)
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "evaluations/departures.html",
        {
            "rows": rows[:PAGE_ROWS],
            "count": rows.count(),
            "limit": PAGE_ROWS,
            "filters": filters,
            "year": year,
            "period_id": period_id,
            "unit_id": unit_id,
            "query": query.urlencode(),
        },
    )


def _header() -> list[str]:
    return [
        _("Periode"),
        _("NIP"),
        _("Nama"),
        _("Jabatan"),
        _("Unit kerja"),
        _("Capaian"),
        _("Usulan data"),
        _("Rating Hasil Kerja"),
        _("Alasan penilai"),
        _("Penilai"),
        _("Difinalkan"),
    ]


def _cells(evaluation: Evaluation) -> list[str]:
    """The row as text, each cell safe to open in a spreadsheet (no formula runs)."""
    evaluator = evaluation.evaluator
    finalised = evaluation.finalised_at
    cells = [
        evaluation.period.label,
        evaluation.plan.employee.nip,
        evaluation.plan.employee.name,
        evaluation.plan.position.name,
        evaluation.plan.position.unit.name,
        # As the page writes it (100,00), never Decimal's own "1E+2".
        "" if evaluation.achievement is None else format_number(evaluation.achievement),
        str(evaluation.get_proposed_rating_display()),
        str(evaluation.get_result_rating_display()),
        evaluation.result_rating_reason,
        (evaluator.get_full_name() or evaluator.username) if evaluator is not None else "",
        # The day in the deployment's time zone: 20:00 UTC is already tomorrow in WIB.
        timezone.localdate(finalised).isoformat() if finalised else "",
    ]
    return [spreadsheet_safe(cell) for cell in cells]


def _csv(rows: QuerySet[Evaluation]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([spreadsheet_safe(h) for h in _header()])
    for evaluation in rows.iterator(chunk_size=500):
        writer.writerow(_cells(evaluation))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="penyimpangan-rating.csv"'
    return response


def _xlsx(rows: QuerySet[Evaluation]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    # Write-only: rows stream to the file instead of building every cell in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Penyimpangan"))

    def text(value: str, *, bold: bool = False) -> WriteOnlyCell:
        # Stored as text whatever it holds (already spreadsheet-safe): openpyxl would turn
        # a str starting with "=" into a formula, and an 18-digit NIP would lose digits.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cell.number_format = "@"
        if bold:
            cell.font = Font(bold=True)
        return cell

    sheet.append([text(spreadsheet_safe(h), bold=True) for h in _header()])
    for evaluation in rows.iterator(chunk_size=500):
        sheet.append([text(cell) for cell in _cells(evaluation)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="penyimpangan-rating.xlsx"'
    return response

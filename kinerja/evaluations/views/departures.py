"""The departures report: final ratings that differ from the data's proposal, with the reasons."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.core.params import id_param
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
    evaluator = evaluation.evaluator
    return [
        evaluation.period.label,
        evaluation.plan.employee.nip,
        evaluation.plan.employee.name,
        evaluation.plan.position.name,
        evaluation.plan.position.unit.name,
        "" if evaluation.achievement is None else str(evaluation.achievement.normalize()),
        str(evaluation.get_proposed_rating_display()),
        str(evaluation.get_result_rating_display()),
        evaluation.result_rating_reason,
        (evaluator.get_full_name() or evaluator.username) if evaluator is not None else "",
        evaluation.finalised_at.date().isoformat() if evaluation.finalised_at else "",
    ]


def _csv(rows: QuerySet[Evaluation]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header())
    for evaluation in rows.iterator(chunk_size=500):
        writer.writerow(_cells(evaluation))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="penyimpangan-rating.csv"'
    return response


def _xlsx(rows: QuerySet[Evaluation]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Penyimpangan")
    sheet.append(_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for evaluation in rows.iterator(chunk_size=500):
        sheet.append(_cells(evaluation))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="penyimpangan-rating.xlsx"'
    return response

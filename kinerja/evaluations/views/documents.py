"""Documents of evaluations: the Dokumen Evaluasi Kinerja Pegawai and the unit recap."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.cycles.models import Period
from kinerja.evaluations.documents import (
    BASE_URL,
    evaluation_document_context,
    evaluation_pdf,
    stylesheet,
)
from kinerja.evaluations.models import Evaluation
from kinerja.evaluations.recap import Recap, recap_get, recap_scope, recap_units, recap_xlsx
from kinerja.organisation.access import Viewer, employee_list_visible, viewer_for
from kinerja.organisation.models import Unit
from kinerja.plans.documents import html_to_pdf, page_css

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _final_evaluation(viewer: Viewer, pk: int) -> Evaluation:
    """A final evaluation `viewer` may see; a draft has no document, so it is a 404 too."""
    evaluation = (
        Evaluation.objects.filter(
            pk=pk,
            status=Evaluation.Status.FINAL,
            plan__employee__in=employee_list_visible(viewer),
        )
        .select_related(
            "plan__employee", "plan__year__instansi", "plan__position__unit", "period__year"
        )
        .prefetch_related("behaviour_assessments")
        .first()
    )
    if evaluation is None:
        raise Http404
    return evaluation


def _private(response: HttpResponse, filename: str, *, download: bool) -> HttpResponse:
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # Names, NIPs and predikat: no shared cache may keep them.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def document(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The document as a page (the same template as the PDF), for reading and printing."""
    evaluation = _final_evaluation(viewer_for(request.user), pk)
    return render(
        request,
        "evaluations/pdf/evaluation_print.html",
        {"evaluation": evaluation, "document": evaluation_document_context(evaluation)},
    )


@login_required
@require_safe
def document_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The document as a PDF; `?unduh=1` asks the browser to save it."""
    evaluation = _final_evaluation(viewer_for(request.user), pk)
    document_data = evaluation_document_context(evaluation)
    response = HttpResponse(evaluation_pdf(document_data), content_type="application/pdf")
    return _private(response, document_data.filename, download=bool(request.GET.get("unduh")))


class RecapChoiceForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Unit kerja"))
    period = forms.ModelChoiceField(queryset=Period.objects.none(), label=gettext_lazy("Periode"))

    def __init__(self, data: Any, *, viewer: Viewer) -> None:
        super().__init__(data)
        units = recap_units(viewer).select_related("instansi").order_by("instansi__name", "name")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["period"].queryset = (  # type: ignore[attr-defined]
            Period.objects.filter(year__instansi__in=units.values("instansi_id"))
            .select_related("year")
            .order_by("-year__year", "start", "-end")
        )


@login_required
@require_safe
def recap_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose the unit and the period of a recap."""
    viewer = viewer_for(request.user)
    form = RecapChoiceForm(request.GET or None, viewer=viewer)
    if form.is_valid():
        unit, period = form.cleaned_data["unit"], form.cleaned_data["period"]
        if recap_scope(viewer, unit, period) is not None:
            return redirect("evaluations:recap", unit.pk, period.pk)
        form.add_error(None, gettext_lazy("Tidak ada evaluasi yang dapat Anda lihat di sini."))
    return render(request, "evaluations/recap_index.html", {"form": form})


def _recap(request: AuthenticatedHttpRequest, unit_pk: int, period_pk: int) -> Recap:
    viewer = viewer_for(request.user)
    unit = Unit.objects.filter(pk=unit_pk).first()
    period = Period.objects.filter(pk=period_pk).select_related("year").first()
    if unit is None or period is None:
        raise Http404
    scope = recap_scope(viewer, unit, period)
    if scope is None:
        raise Http404
    return recap_get(scope)


@login_required
@require_safe
def recap(request: AuthenticatedHttpRequest, unit_pk: int, period_pk: int) -> HttpResponse:
    data = _recap(request, unit_pk, period_pk)
    return render(request, "evaluations/recap.html", {"recap": data, "rows": data.rows()})


@login_required
@require_safe
def recap_pdf(request: AuthenticatedHttpRequest, unit_pk: int, period_pk: int) -> HttpResponse:
    data = _recap(request, unit_pk, period_pk)
    html = render(
        request,
        "evaluations/pdf/recap.html",
        {
            "recap": data,
            "rows": data.rows(),
            "stylesheet": stylesheet(landscape=True),
            "page_css": page_css(f"{data.unit.name} · {data.period.label}"),
        },
    ).content.decode()
    response = HttpResponse(html_to_pdf(html, base_url=BASE_URL), content_type="application/pdf")
    return _private(response, f"{data.filename_stem}.pdf", download=bool(request.GET.get("unduh")))


@login_required
@require_safe
def recap_excel(request: AuthenticatedHttpRequest, unit_pk: int, period_pk: int) -> HttpResponse:
    data = _recap(request, unit_pk, period_pk)
    response = HttpResponse(recap_xlsx(data), content_type=XLSX)
    return _private(response, f"{data.filename_stem}.xlsx", download=True)

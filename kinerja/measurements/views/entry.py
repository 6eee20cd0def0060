"""Recording realisasi and downloading evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.core.params import id_param
from kinerja.cycles.selectors import month_periods_until
from kinerja.measurements.forms import MeasurementForm
from kinerja.measurements.models import EvidenceFile
from kinerja.measurements.selectors import current_by_period, measurement_history
from kinerja.measurements.services import MeasurementError, measurement_record
from kinerja.organisation.access import employee_list_visible, today, viewer_for
from kinerja.plans.permissions import indicator_get_visible


@login_required
def record(request: AuthenticatedHttpRequest, indicator_pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    indicator = indicator_get_visible(viewer, indicator_pk)
    plan = indicator.result.plan
    if viewer.employee is None or plan.employee_id != viewer.employee.pk:
        raise PermissionDenied
    periods = month_periods_until(plan.year, on=today())
    current = current_by_period(indicator)
    form = MeasurementForm(
        request.POST or None,
        request.FILES or None,
        indicator=indicator,
        periods=periods,
        current=current,
    )
    chosen = id_param(request.GET.get("bulan"))
    if not form.is_bound and chosen is not None and any(p.pk == chosen for p in periods):
        # The "correct" link of the history page opens the form on that month.
        form.initial["period"] = chosen
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measurement_record(
                user=request.user,
                plan_indicator=indicator,
                period=data["period"],
                value=data.get("value"),
                numerator=data.get("numerator"),
                denominator=data.get("denominator"),
                note=data["note"],
                evidence=data["evidence"],
                correction_reason=data.get("correction_reason") or "",
            )
        except MeasurementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Realisasi tersimpan. Capaian telah diperbarui."))
            return redirect("dashboards:mine")
    months = [m for m in measurement_history(indicator) if m.current is not None]
    return render(
        request,
        "measurements/record.html",
        {"form": form, "indicator": indicator, "months": months},
    )


@login_required
def evidence(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """One evidence file, to whoever may see the employee (self, the line above, HR, audit)."""
    viewer = viewer_for(request.user)
    found = EvidenceFile.objects.filter(
        pk=pk,
        measurement__plan_indicator__result__plan__employee__in=employee_list_visible(viewer),
    ).first()
    if found is None:
        raise Http404
    try:
        handle = found.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=found.original_name,
        content_type=found.content_type,
    )
    # Never let a browser render an upload as something else (an HTML "PDF").
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("iki/<int:indicator_pk>/catat/", record, name="record"),
    path("bukti/<int:pk>/", evidence, name="evidence"),
]

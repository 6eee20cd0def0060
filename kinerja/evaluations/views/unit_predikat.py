"""Setting a unit's organisational predikat per period, with its capaian summary in view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.cycles.models import Period
from kinerja.cycles.selectors import evaluation_periods
from kinerja.evaluations.distribution import distribution_check
from kinerja.evaluations.forms import UnitPredikatForm
from kinerja.evaluations.models import PredikatChoice
from kinerja.evaluations.unit_predikat import (
    UnitPredikatError,
    unit_predikat_history,
    unit_predikat_overview,
    unit_predikat_rights,
    unit_predikat_set,
    unit_summary,
)
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import Unit


@login_required
def unit_predikat_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = unit_predikat_overview(viewer_for(request.user))
    return render(request, "evaluations/unit_predikat_list.html", {"rows": rows})


@login_required
def unit_predikat(request: AuthenticatedHttpRequest, unit_pk: int, period_pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    unit = get_object_or_404(Unit.objects.select_related("parent", "instansi"), pk=unit_pk)
    period = get_object_or_404(Period.objects.select_related("year"), pk=period_pk)
    rights = unit_predikat_rights(viewer, unit)
    if (
        not rights.see
        or period.year.instansi_id != unit.instansi_id
        or period not in evaluation_periods(period.year)
    ):
        raise Http404
    form = UnitPredikatForm(request.POST or None)
    if request.method == "POST":
        if not rights.set:
            raise PermissionDenied
        if form.is_valid():
            try:
                unit_predikat_set(
                    viewer=viewer,
                    user=request.user,
                    unit=unit,
                    period=period,
                    predikat=form.cleaned_data["predikat"],
                    note=form.cleaned_data["note"],
                )
            except UnitPredikatError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Predikat kinerja organisasi disimpan."))
                return redirect("evaluations:unit_predikat", unit.pk, period.pk)
    history = unit_predikat_history(unit, period)
    summary = unit_summary(unit, period)
    return render(
        request,
        "evaluations/unit_predikat.html",
        {
            "unit": unit,
            "period": period,
            "rights": rights,
            "form": form,
            "summary": summary,
            "predikat_rows": [
                (code, PredikatChoice(code).label, n) for code, n in summary["predikat"].items()
            ],
            "history": history,
            "current": next((h for h in history if h.superseded_at is None), None),
            "check": distribution_check(unit, period),
        },
    )

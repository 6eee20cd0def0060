"""Calibration: a unit's staff predikat against its organisational predikat, and finalising."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.cycles.models import Period
from kinerja.evaluations.calibration_chart import distribution_chart
from kinerja.evaluations.distribution import (
    bound_text,
    calibration_access,
    calibration_list,
    departing_from_proposal,
    distribution_check,
    drafts_rated_by,
    unit_evaluations,
)
from kinerja.evaluations.forms import FinaliseForm
from kinerja.evaluations.services import (
    DistributionWarning,
    EvaluationError,
    evaluations_finalise,
)
from kinerja.evaluations.unit_predikat import unit_predikat_rights
from kinerja.organisation.access import Viewer, employee_list_visible, viewer_for
from kinerja.organisation.models import Unit

PAGE_SIZE = 100


@login_required
def calibration_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    rows = calibration_list(viewer, visible=employee_list_visible(viewer))
    return render(request, "evaluations/calibration_list.html", {"rows": rows})


def _unit_and_period(viewer: Viewer, unit_pk: int, period_pk: int) -> tuple[Unit, Period, bool]:
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=unit_pk)
    period = get_object_or_404(Period.objects.select_related("year"), pk=period_pk)
    access = calibration_access(viewer, unit)
    if not access.see or period.year.instansi_id != unit.instansi_id:
        raise Http404
    return unit, period, access.finalise


@login_required
def calibration(request: AuthenticatedHttpRequest, unit_pk: int, period_pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    unit, period, can_finalise = _unit_and_period(viewer, unit_pk, period_pk)
    check = distribution_check(unit, period)
    if check.unit.pk != unit.pk:
        # The curve of the nearest unit above applies: calibrate there.
        return redirect("evaluations:calibration", check.unit.pk, period.pk)
    return _render(request, viewer, unit, period, can_finalise, form=None)


def _render(
    request: AuthenticatedHttpRequest,
    viewer: Viewer,
    unit: Unit,
    period: Period,
    can_finalise: bool,
    *,
    form: FinaliseForm | None,
) -> HttpResponse:
    check = distribution_check(unit, period)
    drafts = drafts_rated_by(request.user.pk, unit, period) if can_finalise else []
    if form is None and drafts:
        form = FinaliseForm(drafts=drafts)
    evaluations = unit_evaluations(
        unit, period, viewer=viewer, visible=employee_list_visible(viewer)
    )
    # A large unit has thousands of evaluations: the full table is paged; the
    # viewer's drafts and the departures from the proposal are shown whole.
    page = Paginator(evaluations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluations/calibration.html",
        {
            "unit": unit,
            "period": period,
            "check": check,
            "chart": distribution_chart(check),
            "rules": [bound_text(b) for b in check.bounds],
            "drafts": drafts,
            "form": form,
            "can_finalise": can_finalise,
            "page": page,
            "departures": departing_from_proposal(evaluations),
            "predikat_rights": unit_predikat_rights(viewer, unit),
        },
    )


@login_required
@require_POST
def calibration_finalise(
    request: AuthenticatedHttpRequest, unit_pk: int, period_pk: int
) -> HttpResponse:
    viewer = viewer_for(request.user)
    unit, period, can_finalise = _unit_and_period(viewer, unit_pk, period_pk)
    if not can_finalise:
        raise PermissionDenied
    drafts = drafts_rated_by(request.user.pk, unit, period)
    if not drafts:
        messages.error(request, _("Tidak ada draf penilaian Anda yang siap difinalkan."))
        return redirect("evaluations:calibration", unit.pk, period.pk)
    form = FinaliseForm(request.POST, drafts=drafts)
    if form.is_valid():
        chosen = [e for e in drafts if e.pk in set(form.cleaned_data["evaluation"])]
        try:
            finalised = evaluations_finalise(
                chosen,
                user=request.user,
                acknowledge_warning=form.cleaned_data["acknowledge_warning"],
            )
        except DistributionWarning as warning:
            form.add_error("acknowledge_warning", str(warning))
        except EvaluationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(n)s evaluasi difinalkan. Pegawai diminta memberi tanda terima.")
                % {"n": len(finalised)},
            )
            return redirect("evaluations:calibration", unit.pk, period.pk)
    return _render(request, viewer, unit, period, can_finalise, form=form)

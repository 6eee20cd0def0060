"""The penilai's verification inbox, and the version history of an IKI's realisasi."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.core.params import id_param
from kinerja.measurements.models import Measurement
from kinerja.measurements.selectors import measurement_history, verify_inbox_rows
from kinerja.measurements.services import (
    MeasurementError,
    measurement_reject,
    measurements_verify,
)
from kinerja.organisation.access import Viewer, employee_list_visible, viewer_for
from kinerja.plans.permissions import indicator_get_visible

NOTE_LIMIT = 2000


def _inbox_page(
    request: AuthenticatedHttpRequest,
    viewer: Viewer,
    *,
    error: tuple[int, str] | None = None,
) -> HttpResponse:
    """The inbox; `error` is the refused rejection (row, message), shown beside its note."""
    error_pk, error_text = error or (None, "")
    return render(
        request,
        "measurements/verify_inbox.html",
        {"rows": verify_inbox_rows(viewer), "error_pk": error_pk, "error_text": error_text},
    )


def _penilai(request: AuthenticatedHttpRequest) -> Viewer:
    viewer = viewer_for(request.user)
    if not viewer.leads_staff:
        raise PermissionDenied
    return viewer


@login_required
@require_GET
def verify_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _inbox_page(request, _penilai(request))


@login_required
@require_POST
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Verify the selected rows; rows not the viewer's to decide are skipped and named."""
    _penilai(request)
    ids = [i for i in map(id_param, request.POST.getlist("measurement")) if i is not None]
    if not ids:
        messages.error(request, _("Pilih sedikitnya satu realisasi untuk diverifikasi."))
        return redirect("measurements:verify_inbox")
    decided = measurements_verify(request.user, ids, request.POST.get("note", "")[:NOTE_LIMIT])
    if decided.verified:
        messages.success(
            request,
            ngettext(
                "%(count)d realisasi terverifikasi.",
                "%(count)d realisasi terverifikasi.",
                decided.verified,
            )
            % {"count": decided.verified},
        )
    for row, reason in decided.skipped:
        messages.error(
            request,
            _("Realisasi %(month)s tidak diverifikasi: %(reason)s.")
            % {"month": row.period.label, "reason": reason},
        )
    return redirect("measurements:verify_inbox")


@login_required
@require_POST
def reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # Hidden is 404 before anything else; visible but not the viewer's to decide is 403.
    viewer = viewer_for(request.user)
    measurement = (
        Measurement.objects.filter(
            pk=pk, plan_indicator__result__plan__employee__in=employee_list_visible(viewer)
        )
        .select_related("period", "plan_indicator__result__plan__employee")
        .first()
    )
    if measurement is None:
        raise Http404
    _penilai(request)
    note = request.POST.get("note", "")
    if len(note) > NOTE_LIMIT:
        return _inbox_page(
            request,
            viewer,
            error=(pk, _("Catatan paling panjang %(n)s karakter.") % {"n": NOTE_LIMIT}),
        )
    try:
        measurement_reject(request.user, measurement, note)
    except MeasurementError as error:
        return _inbox_page(request, viewer, error=(pk, str(error)))
    messages.success(
        request,
        _("Realisasi %(month)s milik %(name)s ditolak.")
        % {
            "month": measurement.period.label,
            "name": measurement.plan_indicator.result.plan.employee.name,
        },
    )
    return redirect("measurements:verify_inbox")


@login_required
def history(request: AuthenticatedHttpRequest, indicator_pk: int) -> HttpResponse:
    """Every version of every month of an IKI, to whoever may see the employee."""
    viewer = viewer_for(request.user)
    indicator = indicator_get_visible(viewer, indicator_pk)
    own = viewer.employee is not None and viewer.employee.pk == indicator.result.plan.employee_id
    return render(
        request,
        "measurements/history.html",
        {"indicator": indicator, "months": measurement_history(indicator), "own": own},
    )


urlpatterns = [
    path("verifikasi/", verify_inbox, name="verify_inbox"),
    path("verifikasi/setujui/", verify, name="verify"),
    path("<int:pk>/tolak/", reject, name="reject"),
    path("iki/<int:indicator_pk>/riwayat/", history, name="history"),
]

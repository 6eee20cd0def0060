"""The stamp endpoint that lets an open page follow new realisasi without a reload."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.core.params import id_param
from kinerja.measurements.live import Stamp, stamp_employee, stamp_team
from kinerja.organisation.access import employee_get_visible, today, viewer_for

SCOPES = ("mine", "team", "employee")


@login_required
@require_GET
def live(request: AuthenticatedHttpRequest) -> JsonResponse:
    """The stamp of the standings one page shows, for static/kinerja/live.js to compare.

    `scope=mine` is the viewer's own SKPs (Kinerja Saya), `scope=team` their direct
    reports' SKPs (Tim Saya), `scope=employee&id=<pk>` one employee's SKPs as the
    employee's page shows them, only for someone who may see that page (else 404,
    as the page itself answers). The answer reveals no figures, only whether
    something changed.
    """
    viewer = viewer_for(request.user)
    scope = request.GET.get("scope", "")
    stamp: Stamp
    if scope == "mine":
        if viewer.employee is None:
            raise Http404
        stamp = stamp_employee(viewer.employee)
    elif scope == "team":
        stamp = stamp_team(viewer, on=today())
    elif scope == "employee":
        employee_id = id_param(request.GET.get("id"))
        if employee_id is None:
            return _bad_request(_("Parameter id harus berupa nomor pegawai."))
        stamp = stamp_employee(employee_get_visible(viewer, employee_id))
    else:
        return _bad_request(
            _("Parameter scope harus salah satu dari: %(scopes)s.") % {"scopes": ", ".join(SCOPES)}
        )
    response = JsonResponse(
        {
            "scope": scope,
            "stamp": stamp.value,
            "count": stamp.count,
            "computed_at": stamp.computed_at.isoformat() if stamp.computed_at else None,
        }
    )
    # Polled every two seconds: a cached answer would hide exactly the change it reports.
    response["Cache-Control"] = "no-store"
    return response


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


urlpatterns = [path("langsung/", live, name="live")]

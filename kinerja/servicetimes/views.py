"""Service-time pages: the month's overview per unit and officer, and one group's tickets."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.core.params import id_param
from kinerja.indicators.models import ServiceScope
from kinerja.organisation.access import today, viewer_for
from kinerja.scoring.service_time import OutlierReason
from kinerja.servicetimes import selectors
from kinerja.servicetimes.services import MAXIMUM_MINUTES

# The URL says "petugas" (officer) in Indonesian; the catalogue's scope value is "officer".
TICKETS_PER_PAGE = 100
SCOPES = {"unit": ServiceScope.UNIT, "petugas": ServiceScope.OFFICER}


def _month(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        return None


@login_required
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    months = selectors.months_with_tickets(viewer)
    month = _month(request.GET.get("bulan", ""))
    if month is None:
        month = months[0] if months else today().replace(day=1)
    units, officers = selectors.overview(viewer, month)
    context = {
        "month": month,
        "months": months,
        "units": units,
        "officers": officers,
        "maximum": MAXIMUM_MINUTES,
    }
    return render(request, "servicetimes/overview.html", context)


@login_required
@require_GET
def detail(
    request: AuthenticatedHttpRequest, scope: str, pk: int, year: int, month: int
) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not selectors.may_view(viewer):
        raise PermissionDenied
    # An id beyond the database's integer would overflow the query: it names nothing.
    if scope not in SCOPES or id_param(pk) is None:
        raise Http404
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    first = dt.date(year, month, 1)
    group, tickets = selectors.group_get(viewer, SCOPES[scope], pk, first)
    flagged: dict[str, list[str]] = {}
    labels = {
        OutlierReason.NEGATIVE: _("negatif"),
        OutlierReason.ABOVE_MAXIMUM: _("melebihi batas"),
        OutlierReason.ABOVE_FENCE: _("jauh di atas kebanyakan"),
    }
    kinds = ((_("tunggu"), group.stats.waiting), (_("layanan"), group.stats.service))
    for kind, stats in kinds:
        for outlier in stats.outliers:
            flagged.setdefault(outlier.key, []).append(f"{kind} {labels[outlier.reason]}")
    # Outliers first: they are what a reader of this page comes for.
    tickets.sort(key=lambda t: t.ticket not in flagged)
    page = Paginator(tickets, TICKETS_PER_PAGE).get_page(request.GET.get("halaman"))
    rows = [(t, t.times.waiting, t.times.service, flagged.get(t.ticket, [])) for t in page]
    context = {
        "page": page,
        "group": group,
        "scope": scope,
        "month": first,
        "rows": rows,
        "maximum": MAXIMUM_MINUTES,
    }
    return render(request, "servicetimes/detail.html", context)

"""Kinerja Saya, Tim Saya and the HR staff list. Thin: selectors do the reading."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.cycles.models import Period
from kinerja.cycles.selectors import evaluation_periods_open
from kinerja.dashboards.selectors import plan_current, plan_detail, staff_list, team_standing
from kinerja.organisation.access import employee_get_visible, today, viewer_for
from kinerja.organisation.models import Employee
from kinerja.organisation.selectors import reporting_line


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if viewer.employee is not None:
        return redirect("dashboards:mine")
    if viewer.office_instansi_ids or viewer.is_superuser:
        return redirect("dashboards:staff")
    return render(request, "dashboards/no_employee.html")


def _performance_page(
    request: AuthenticatedHttpRequest, employee: Employee, *, own: bool
) -> HttpResponse:
    day = today()
    plan = plan_current(employee, on=day)
    context = {
        "employee": employee,
        "own": own,
        "line": reporting_line(employee, on=day),
        "detail": plan_detail(plan) if plan else None,
        "live_url": _live_url("mine") if own else _live_url("employee", id=employee.pk),
    }
    return render(request, "dashboards/performance.html", context)


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if viewer.employee is None:
        return redirect("dashboards:home")
    return _performance_page(request, viewer.employee, own=True)


@login_required
def employee(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    target = employee_get_visible(viewer, pk)
    return _performance_page(request, target, own=target == viewer.employee)


@login_required
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    day = today()
    members = team_standing(viewer, on=day)
    periods: dict[int, list[Period]] = {}
    for member in members:
        if member.plan and member.plan.year_id not in periods:
            periods[member.plan.year_id] = evaluation_periods_open(member.plan.year, on=day)
    rows = [(m, periods.get(m.plan.year_id, []) if m.plan else []) for m in members]
    return render(request, "dashboards/team.html", {"rows": rows, "live_url": _live_url("team")})


def _live_url(scope: str, **params: int) -> str:
    """The stamp the page polls (core/live.html) to follow new realisasi without a reload."""
    return reverse("measurements:live") + "?" + urlencode({"scope": scope, **params})


@login_required
def staff(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not (viewer.office_instansi_ids or viewer.is_superuser):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:60]
    page = Paginator(staff_list(viewer, on=today(), query=query), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "dashboards/staff.html", {"page": page, "query": query})

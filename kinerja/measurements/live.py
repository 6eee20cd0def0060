"""Fingerprints ("stamps") of the standings a page shows, polled by static/kinerja/live.js.

A new realisasi refreshes the stored standings of its IKI and SKP in the same
transaction (services.standing_refresh), which moves the SKP's computed_at. A
page therefore only needs to know whether the newest computed_at (and the
number of SKPs, for an SKP added or removed) of what it shows has moved: one
aggregate query over indexed columns, cheap enough to poll every two seconds,
instead of re-rendering the page to find out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet

from kinerja.organisation import tree
from kinerja.organisation.access import Viewer
from kinerja.organisation.models import Assignment, Employee
from kinerja.plans.models import PerformancePlan


@dataclass(frozen=True)
class Stamp:
    """What a page's standings look like now; equal stamps mean nothing to redraw."""

    count: int
    computed_at: dt.datetime | None

    @property
    def value(self) -> str:
        latest = self.computed_at.isoformat() if self.computed_at is not None else "-"
        return f"{self.count}:{latest}"


def _stamp(plans: QuerySet[PerformancePlan]) -> Stamp:
    # One SELECT with MAX and COUNT; ordering would only add a useless sort.
    found = plans.order_by().aggregate(latest=Max("computed_at"), count=Count("pk"))
    return Stamp(count=found["count"] or 0, computed_at=found["latest"])


def stamp_employee(employee: Employee) -> Stamp:
    """Every SKP of one employee: Kinerja Saya and the employee's page show them.

    Served by the index on PerformancePlan.employee (the foreign key's own).
    """
    return _stamp(PerformancePlan.objects.filter(employee_id=employee.pk))


def stamp_team(viewer: Viewer, *, on: dt.date) -> Stamp:
    """The SKPs in force of the viewer's direct reports: the rows of Tim Saya.

    The same people as dashboards.selectors.team_standing (assignments active on
    `on` below the viewer's positions, skipping vacant posts), as subqueries of
    the one aggregate, so it is still a single round trip.
    """
    if not viewer.position_ids:
        return Stamp(count=0, computed_at=None)
    members = Assignment.objects.filter(
        Assignment.active_on(on), position_id__in=tree.reporting_to(viewer.position_ids, on=on)
    ).values("employee_id")
    return _stamp(
        PerformancePlan.objects.filter(employee_id__in=members, start__lte=on, end__gte=on)
    )

"""Reads of service times, always restricted to what the viewer may see.

A penilai sees the officers below them in the reporting line and the units of
their own and their staff's positions; HR admins and auditors see their whole
instansi. Anyone else has no page here (403); a group outside the viewer's
reach does not exist for them (404).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from kinerja.indicators.models import ServiceScope
from kinerja.organisation import tree
from kinerja.organisation.access import Viewer, employee_list_visible
from kinerja.organisation.models import Employee, Position, Unit
from kinerja.scoring.service_time import GroupStats
from kinerja.servicetimes.models import ServiceTicket
from kinerja.servicetimes.services import statistics_of


@dataclass(frozen=True)
class GroupRow:
    scope: str
    pk: int
    name: str
    detail: str
    stats: GroupStats

    @property
    def outliers(self) -> int:
        return len(self.stats.waiting.outliers) + len(self.stats.service.outliers)


def may_view(viewer: Viewer) -> bool:
    return viewer.is_superuser or bool(viewer.office_instansi_ids) or viewer.leads_staff


def units_visible(viewer: Viewer) -> QuerySet[Unit]:
    if not may_view(viewer):
        raise PermissionDenied
    if viewer.is_superuser:
        units: QuerySet[Unit] = Unit.objects.all()
        return units
    condition = Q(instansi_id__in=viewer.office_instansi_ids)
    if viewer.position_ids:
        positions = Position.objects.filter(
            Q(pk__in=viewer.position_ids) | Q(pk__in=tree.below(viewer.position_ids))
        )
        condition |= Q(pk__in=positions.values("unit_id"))
    visible: QuerySet[Unit] = Unit.objects.filter(condition)
    return visible


def officers_visible(viewer: Viewer) -> QuerySet[Employee]:
    if not may_view(viewer):
        raise PermissionDenied
    return employee_list_visible(viewer)


def months_with_tickets(viewer: Viewer) -> list[dt.date]:
    """The months that have tickets in the viewer's units, newest first."""
    return list(
        ServiceTicket.objects.filter(unit__in=units_visible(viewer))
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    )


def overview(viewer: Viewer, month: dt.date) -> tuple[list[GroupRow], list[GroupRow]]:
    """Per unit and per officer of `month`: ticket count, waiting and service statistics."""
    unit_tickets: dict[int, list[ServiceTicket]] = {}
    for ticket in ServiceTicket.objects.filter(month=month, unit__in=units_visible(viewer)):
        unit_tickets.setdefault(ticket.unit_id, []).append(ticket)
    officer_tickets: dict[int, list[ServiceTicket]] = {}
    for ticket in ServiceTicket.objects.filter(month=month, officer__in=officers_visible(viewer)):
        assert ticket.officer_id is not None
        officer_tickets.setdefault(ticket.officer_id, []).append(ticket)
    units = Unit.objects.filter(pk__in=unit_tickets).select_related("instansi")
    officers = Employee.objects.filter(pk__in=officer_tickets)
    unit_rows = [
        GroupRow(ServiceScope.UNIT, u.pk, u.name, u.code, statistics_of(unit_tickets[u.pk]))
        for u in units.order_by("name")
    ]
    officer_rows = [
        GroupRow(ServiceScope.OFFICER, e.pk, e.name, e.nip, statistics_of(officer_tickets[e.pk]))
        for e in officers.order_by("name")
    ]
    return unit_rows, officer_rows


def group_get(
    viewer: Viewer, scope: str, pk: int, month: dt.date
) -> tuple[GroupRow, list[ServiceTicket]]:
    """One visible group's month with its tickets; 404 when the group is out of reach."""
    if scope == ServiceScope.UNIT:
        unit = units_visible(viewer).filter(pk=pk).first()
        if unit is None:
            raise Http404
        name, detail = unit.name, unit.code
        tickets = ServiceTicket.objects.filter(unit=unit, month=month)
    else:
        officer = officers_visible(viewer).filter(pk=pk).first()
        if officer is None:
            raise Http404
        name, detail = officer.name, officer.nip
        tickets = ServiceTicket.objects.filter(officer=officer, month=month)
    rows = list(tickets.select_related("unit", "officer").order_by("arrived_at", "pk"))
    return GroupRow(scope, pk, name, detail, statistics_of(rows)), rows

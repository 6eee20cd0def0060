"""Reads of departures: final evaluations whose Rating Hasil Kerja differs from the data's proposal.

The proposal comes from the measured capaian; a penilai may choose another
rating only with a written reason (services.evaluation_finalise). This report
makes every such choice visible to those who answer for it: HR admins and
auditors of the instansi, and unit heads for the staff below them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from kinerja.cycles.models import Period
from kinerja.evaluations.models import Evaluation
from kinerja.organisation.access import Viewer, employee_list_visible
from kinerja.organisation.models import Position, Unit


def heads_a_unit(viewer: Viewer) -> bool:
    return (
        bool(viewer.position_ids)
        and Position.objects.filter(pk__in=viewer.position_ids, heads_unit=True).exists()
    )


def may_see_departures(viewer: Viewer) -> bool:
    """HR admins, auditors and unit heads; everyone else is refused (403)."""
    return viewer.is_superuser or bool(viewer.office_instansi_ids) or heads_a_unit(viewer)


def _scope(viewer: Viewer) -> QuerySet[Evaluation]:
    evaluations = Evaluation.objects.filter(status=Evaluation.Status.FINAL)
    if viewer.is_superuser:
        return evaluations
    condition = Q(plan__employee__instansi_id__in=viewer.office_instansi_ids)
    if heads_a_unit(viewer):
        below = employee_list_visible(viewer)
        if viewer.employee is not None:
            below = below.exclude(pk=viewer.employee.pk)
        condition |= Q(plan__employee__in=below)
    return evaluations.filter(condition)


@dataclass(frozen=True)
class DepartureFilters:
    """The choices the report offers, all within the viewer's scope."""

    years: list[int]
    periods: list[Period]
    units: list[Unit]


def departure_list(
    viewer: Viewer,
    *,
    year: int | None = None,
    period_id: int | None = None,
    unit_id: int | None = None,
) -> QuerySet[Evaluation]:
    """Final evaluations in scope whose result departs from a proposal, newest period first.

    `unit_id` takes the unit and every unit under it.
    """
    rows = (
        _scope(viewer)
        .exclude(proposed_rating="")
        .exclude(result_rating=F("proposed_rating"))
        .select_related(
            "plan__employee", "plan__position__unit", "period__year__instansi", "evaluator"
        )
        .order_by("-period__end", "plan__position__unit__name", "plan__employee__name")
    )
    if year is not None:
        rows = rows.filter(period__year__year=year)
    if period_id is not None:
        rows = rows.filter(period_id=period_id)
    if unit_id is not None:
        units = Unit.objects.filter(pk=unit_id)
        unit = units.first()
        ids = (
            list(Unit.objects.descendants(unit, include_self=True).values_list("pk", flat=True))
            if unit is not None
            else []
        )
        rows = rows.filter(plan__position__unit_id__in=ids)
    return rows


def departure_filters(viewer: Viewer, *, year: int | None) -> DepartureFilters:
    """Years, periods (of `year`) and units that have final evaluations in scope."""
    scope = _scope(viewer)
    # One row per year from the database; order_by() first, or the model's default ordering
    # (period start) would join the DISTINCT and give a year once per period.
    years = list(
        scope.order_by("-period__year__year")
        .values_list("period__year__year", flat=True)
        .distinct()
    )
    periods: list[Period] = []
    if year is not None:
        periods = list(
            Period.objects.filter(pk__in=scope.filter(period__year__year=year).values("period_id"))
            .select_related("year")
            .order_by("end", "kind")
        )
    # The units with evaluations in scope and the units above them, so a whole OPD can be chosen.
    by_pk = {u.pk: u for u in Unit.objects.filter(pk__in=scope.values("plan__position__unit_id"))}
    missing = {u.parent_id for u in by_pk.values()} - set(by_pk) - {None}
    while missing:
        found = list(Unit.objects.filter(pk__in=missing))
        by_pk.update({u.pk: u for u in found})
        missing = {u.parent_id for u in found} - set(by_pk) - {None}
    units = sorted(by_pk.values(), key=lambda u: u.name)
    return DepartureFilters(years, periods, units)

"""Who may read and change a Perjanjian Kinerja, and the reads the pages need.

Visibility follows the organisation: HR admins and auditors read every PK of
their instansi; every employee reads the PKs of the units on their own unit
chain (their unit and the units above it), so staff see the goals they work
toward; a leader also reads the PKs of the units below their position. HR
edits any PK of their instansi and the holder of the owning position edits
their own. Hidden is 404, visible but not yours to change is 403.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from kinerja.agreements.models import AgreementGoal, AgreementIndicator, PerformanceAgreement
from kinerja.cycles.models import AppraisalYear
from kinerja.organisation import tree
from kinerja.organisation.access import Viewer, today
from kinerja.organisation.models import Position, Unit, UnitKind


def _unit_chain(unit_ids: Iterable[int]) -> set[int]:
    """`unit_ids` and every unit above them: a handful of levels, one query per level."""
    found = set(unit_ids)
    frontier = set(found)
    while frontier:
        parents = set(
            Unit.objects.filter(pk__in=frontier, parent__isnull=False).values_list(
                "parent_id", flat=True
            )
        )
        frontier = parents - found
        found |= frontier
    return found


def unit_list_visible(viewer: Viewer) -> QuerySet[Unit]:
    """Every unit whose PK `viewer` may read."""
    units: QuerySet[Unit] = Unit.objects.all()
    if viewer.is_superuser:
        return units
    condition = Q(instansi_id__in=viewer.office_instansi_ids)
    if viewer.position_ids:
        own = Position.objects.filter(pk__in=viewer.position_ids).values_list("unit_id", flat=True)
        condition |= Q(pk__in=_unit_chain(own))
        condition |= Q(
            pk__in=Position.objects.filter(pk__in=tree.below(viewer.position_ids)).values("unit_id")
        )
    return units.filter(condition)


def unit_list_editable(viewer: Viewer) -> QuerySet[Unit]:
    """Units whose PK `viewer` may create or change: HR's instansi, or the unit they head."""
    units: QuerySet[Unit] = Unit.objects.all()
    if viewer.is_superuser:
        return units
    headed = Position.objects.filter(pk__in=viewer.position_ids, heads_unit=True)
    return units.filter(
        Q(instansi_id__in=viewer.hr_instansi_ids) | Q(pk__in=headed.values("unit_id"))
    )


def heading_positions(viewer: Viewer, units: QuerySet[Unit]) -> QuerySet[Position]:
    """The positions that may own a PK of `units`: HR picks any, a unit head only their own."""
    positions: QuerySet[Position] = Position.objects.filter(
        unit__in=units, heads_unit=True
    ).select_related("unit")
    if viewer.is_superuser:
        return positions
    return positions.filter(
        Q(instansi_id__in=viewer.hr_instansi_ids) | Q(pk__in=viewer.position_ids)
    )


def may_create_agreement(viewer: Viewer) -> bool:
    """HR admins and the holders of a position that heads a unit."""
    return unit_list_editable(viewer).exists()


def may_edit_agreement(viewer: Viewer, agreement: PerformanceAgreement) -> bool:
    """HR of the PK's instansi, or the holder (today) of the owning position."""
    return (
        viewer.is_superuser
        or agreement.unit.instansi_id in viewer.hr_instansi_ids
        or agreement.position_id in viewer.position_ids
    )


def agreement_list_visible(
    viewer: Viewer, year: int | None = None
) -> QuerySet[PerformanceAgreement]:
    """Every PK `viewer` may read, of the calendar year `year` if given."""
    agreements = PerformanceAgreement.objects.filter(unit__in=unit_list_visible(viewer))
    if year is not None:
        agreements = agreements.filter(year__year=year)
    return agreements.select_related("unit", "year", "position")


def agreement_get_visible(viewer: Viewer, pk: int) -> PerformanceAgreement:
    """The PK `pk` if `viewer` may read it, else 404 (hidden and absent look alike)."""
    agreement = (
        agreement_list_visible(viewer)
        .filter(pk=pk)
        .select_related("unit__instansi", "year__instansi", "position__unit")
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


def goal_get_visible(viewer: Viewer, pk: int) -> AgreementGoal:
    """The goal `pk` if `viewer` may read its PK, else 404."""
    goal = (
        AgreementGoal.objects.filter(
            pk=pk, agreement__in=agreement_list_visible(viewer).values("pk")
        )
        .select_related("agreement__unit__instansi", "agreement__year", "agreement__position")
        .first()
    )
    if goal is None:
        raise Http404
    return goal


def indicator_get_visible(viewer: Viewer, pk: int) -> AgreementIndicator:
    """The indicator `pk` if `viewer` may read its PK, else 404."""
    indicator = (
        AgreementIndicator.objects.filter(
            pk=pk, goal__agreement__in=agreement_list_visible(viewer).values("pk")
        )
        .select_related("goal__agreement__unit__instansi", "goal__agreement__year")
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator


def agreement_goals(agreement: PerformanceAgreement) -> list[AgreementGoal]:
    """The goals of a PK with their indicators and how many RHKs draw on each (two queries)."""
    return list(
        agreement.goals.annotate(linked_results=Count("results"))
        .prefetch_related(Prefetch("indicators", queryset=AgreementIndicator.objects.all()))
        .order_by("order", "pk")
    )


def goals_for_position(position: Position, year: AppraisalYear) -> QuerySet[AgreementGoal]:
    """The goals a JPT holding `position` may draw RHKs from in `year`.

    The canonical answer for the SKP editor: the goals of the PK of the unit
    the position heads, for that appraisal year. A position that heads no unit
    draws from no PK (its RHKs hang under the superior's RHKs instead).
    """
    if not position.heads_unit:
        return AgreementGoal.objects.none()
    return (
        AgreementGoal.objects.filter(agreement__unit_id=position.unit_id, agreement__year=year)
        .select_related("agreement")
        .order_by("order", "pk")
    )


def year_for(requested: int | None = None) -> int:
    """The calendar year a PK list shows: the one asked for, or today's."""
    if requested is not None and 2000 <= requested <= 2100:
        return requested
    return today().year


def appraisal_year_of(unit: Unit, year: int) -> AppraisalYear | None:
    return AppraisalYear.objects.filter(instansi_id=unit.instansi_id, year=year).first()


_KIND_ORDER = Case(
    When(kind=UnitKind.OPD, then=Value(0)),
    When(kind=UnitKind.BIDANG, then=Value(1)),
    When(kind=UnitKind.UPT, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def agreement_overview(viewer: Viewer, year: int) -> QuerySet[Unit]:
    """The units that can hold a PK (they have a heading position) and that `viewer` may read.

    Each unit carries `year_agreements` (its PK of `year`, if any, as a list), so
    the page can show the units that have none.
    """
    return (
        unit_list_visible(viewer)
        .filter(positions__heads_unit=True)
        .distinct()
        .select_related("instansi")
        .prefetch_related(
            Prefetch(
                "agreements",
                queryset=PerformanceAgreement.objects.filter(year__year=year).select_related(
                    "position"
                ),
                to_attr="year_agreements",
            )
        )
        .order_by("instansi__name", _KIND_ORDER, "name")
    )

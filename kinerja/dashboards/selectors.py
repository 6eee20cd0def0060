"""Reads behind the dashboards: an SKP with its standing, a team at a glance.

Each function runs a fixed number of queries whatever the size of the SKP or
team (tests assert the counts), and reads only what the viewer may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from kinerja.core.charts import Point, trend_chart
from kinerja.cycles.models import Period, PeriodKind
from kinerja.evaluations.models import Evaluation
from kinerja.measurements.models import Measurement
from kinerja.measurements.selectors import with_origin
from kinerja.organisation import tree
from kinerja.organisation.access import Viewer, employee_list_visible
from kinerja.organisation.models import Assignment, Employee
from kinerja.plans.models import PerformancePlan, PlanIndicator, PlannedResult


def plan_current(employee: Employee, *, on: dt.date) -> PerformancePlan | None:
    """The SKP in force for `employee` on `on`, else their latest one."""
    plans = PerformancePlan.objects.filter(employee=employee).select_related(
        "year", "position__unit", "employee"
    )
    return plans.filter(start__lte=on, end__gte=on).first() or plans.order_by("-end").first()


@dataclass
class IndicatorRow:
    indicator: PlanIndicator
    months: list[Measurement | None]
    chart: str


@dataclass
class ResultRow:
    result: PlannedResult
    indicators: list[IndicatorRow]


@dataclass
class PlanDetail:
    plan: PerformancePlan
    results: list[ResultRow]
    months: list[Period]
    evaluations: list[Evaluation]
    # Every SKP of the employee in the plan's year, oldest first: more than one
    # when a change during the year closed and continued it (plans.changes).
    history: list[PerformancePlan]


def plan_history(plan: PerformancePlan) -> list[PerformancePlan]:
    """The parts of the employee's SKP in the plan's year, with position and unit, oldest first."""
    return list(
        PerformancePlan.objects.filter(employee_id=plan.employee_id, year_id=plan.year_id)
        .select_related("position__unit")
        .order_by("start", "pk")
    )


def plan_detail(plan: PerformancePlan) -> PlanDetail:
    """An SKP with RHKs, IKIs, each month's realisasi, trend charts and evaluations."""
    months = list(
        Period.objects.filter(year_id=plan.year_id, kind=PeriodKind.MONTH)
        .select_related("year")
        .order_by("number")
    )
    # Each number is shown with its source, status and evidence: one join and one
    # prefetch for all of them, whatever the number of months.
    current = with_origin(
        Measurement.objects.filter(superseded_at__isnull=True).select_related("period__year")
    )
    results = list(
        PlannedResult.objects.filter(plan=plan)
        .select_related("supports__plan__employee")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=PlanIndicator.objects.order_by("pk").prefetch_related(
                    Prefetch("measurements", queryset=current, to_attr="current_measurements")
                ),
            )
        )
    )
    rows = []
    for result in results:
        indicator_rows = []
        for indicator in result.indicators.all():
            by_period = {m.period_id: m for m in indicator.current_measurements}  # type: ignore[attr-defined]
            per_month = [by_period.get(p.pk) for p in months]
            points = [
                # A rejected value does not count, so the chart does not draw it either.
                Point(p.start.strftime("%m"), m.value if m is not None and not m.rejected else None)
                for p, m in zip(months, per_month, strict=True)
            ]
            reference = indicator.target_value if indicator.aggregation != "sum" else None
            chart = trend_chart(
                points,
                title=indicator.name,
                reference=reference,
                reference_label="target",
            )
            indicator_rows.append(IndicatorRow(indicator, per_month, chart))
        rows.append(ResultRow(result, indicator_rows))
    # Drafts are the penilai's working copies; pages show final results only.
    evaluations = list(
        Evaluation.objects.filter(plan=plan, status=Evaluation.Status.FINAL)
        .select_related("period__year")
        .prefetch_related("behaviour_assessments")
        .order_by("-period__end")
    )
    return PlanDetail(plan, rows, months, evaluations, plan_history(plan))


@dataclass
class TeamMember:
    employee: Employee
    position_name: str
    plan: PerformancePlan | None
    latest: Evaluation | None


def team_standing(viewer: Viewer, *, on: dt.date) -> list[TeamMember]:
    """Everyone the viewer is penilai of, with their SKP standing and latest evaluation."""
    assignments = list(
        Assignment.objects.filter(
            Assignment.active_on(on), position_id__in=tree.reporting_to(viewer.position_ids, on=on)
        )
        .select_related("employee", "position")
        .order_by("employee__name")
    )
    employee_ids = [a.employee_id for a in assignments]
    plans = {
        p.employee_id: p
        for p in PerformancePlan.objects.filter(
            employee_id__in=employee_ids, start__lte=on, end__gte=on
        ).select_related("year")
    }
    latest: dict[int, Evaluation] = {}
    for evaluation in (
        Evaluation.objects.filter(plan__in=list(plans.values()))
        .select_related("period__year")
        .order_by("period__end")
    ):
        latest[evaluation.plan_id] = evaluation
    members = []
    for a in assignments:
        plan = plans.get(a.employee_id)
        members.append(
            TeamMember(a.employee, a.position.name, plan, latest.get(plan.pk) if plan else None)
        )
    return members


def staff_list(viewer: Viewer, *, on: dt.date, query: str = "") -> QuerySet[PerformancePlan]:
    """SKPs in force of every employee the viewer may see (HR and auditors), searchable."""
    plans = PerformancePlan.objects.filter(
        employee__in=employee_list_visible(viewer), start__lte=on, end__gte=on
    ).select_related("employee", "position__unit")
    if query:
        plans = plans.filter(employee__name__icontains=query) | plans.filter(
            employee__nip__startswith=query
        )
    return plans.order_by("position__unit__name", "employee__name")


def achievement_band(achievement: Decimal | None) -> str:
    """CSS class of a progress bar: good from 100, bad under 80."""
    if achievement is None:
        return ""
    if achievement >= 100:
        return "good"
    return "bad" if achievement < 80 else ""

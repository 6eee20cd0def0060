"""Reads of SKPs for the SKP pages: the content table, the parent choices, SKP Saya."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from kinerja.agreements.models import AgreementGoal
from kinerja.core import clock
from kinerja.cycles.models import AppraisalYear
from kinerja.organisation.models import Employee
from kinerja.plans.models import (
    BehaviourExpectation,
    PerformancePlan,
    PlanIndicator,
    PlannedResult,
)
from kinerja.plans.permissions import penilai_of
from kinerja.plans.services import is_jpt


@dataclass
class ResultRow:
    """One RHK on the SKP page with its parent and its IKIs."""

    result: PlannedResult
    parent_text: str
    parent_owner: str
    indicators: list[PlanIndicator]


@dataclass
class PlanContent:
    """What the SKP page shows, grouped as the regulation's form: A. Utama, B. Tambahan."""

    is_jpt: bool
    utama: list[ResultRow] = field(default_factory=list)
    tambahan: list[ResultRow] = field(default_factory=list)
    expectations: list[BehaviourExpectation] = field(default_factory=list)


def plan_content(plan: PerformancePlan) -> PlanContent:
    """The SKP's RHKs (with parent RHK or PK goal, IKIs, targets, weights) and expectations.

    Three queries whatever the size of the SKP.
    """
    results = (
        PlannedResult.objects.filter(plan=plan)
        .select_related("supports__plan__employee", "goal")
        .prefetch_related(
            Prefetch("indicators", queryset=PlanIndicator.objects.select_related("indicator"))
        )
        .order_by("kind", "order", "pk")
    )
    content = PlanContent(is_jpt=is_jpt(plan))
    for result in results:
        if result.goal is not None:
            parent_text, owner = result.goal.text, ""
        elif result.supports is not None:
            parent_text, owner = result.supports.text, result.supports.plan.employee.name
        else:
            parent_text, owner = "", ""
        row = ResultRow(result, parent_text, owner, list(result.indicators.all()))
        (content.utama if result.kind == PlannedResult.Kind.UTAMA else content.tambahan).append(row)
    content.expectations = list(BehaviourExpectation.objects.filter(plan=plan).order_by("pk"))
    return content


def superior_results_for(plan: PerformancePlan) -> QuerySet[PlannedResult]:
    """The RHKs a non-JPT RHK of `plan` may hang under: the direct superior's, same year."""
    penilai = penilai_of(plan)
    if penilai is None or is_jpt(plan):
        return PlannedResult.objects.none()
    return (
        PlannedResult.objects.filter(plan__employee=penilai, plan__year_id=plan.year_id)
        .select_related("plan")
        .order_by("plan__start", "kind", "order", "pk")
    )


def goals_for(plan: PerformancePlan) -> QuerySet[AgreementGoal]:
    """The Perjanjian Kinerja goals a JPT's RHK may come from: its position's PK of the year."""
    if not is_jpt(plan):
        return AgreementGoal.objects.none()
    return AgreementGoal.objects.filter(
        agreement__position_id=plan.position_id, agreement__year_id=plan.year_id
    ).order_by("order", "pk")


@dataclass(frozen=True)
class MyPlans:
    """SKP Saya: the employee's SKPs (newest year first) and what they may start."""

    plans: list[PerformancePlan]
    current_year: AppraisalYear | None
    may_create: bool
    may_copy: bool


def plans_of(employee: Employee) -> MyPlans:
    """The employee's SKPs by year, and whether "Buat SKP" / "Salin SKP tahun lalu" apply."""
    plans = list(
        PerformancePlan.objects.filter(employee=employee)
        .select_related("year", "position__unit")
        .order_by("-year__year", "-start")
    )
    this_year = clock.today().year
    current = AppraisalYear.objects.filter(instansi_id=employee.instansi_id, year=this_year).first()
    has_this_year = any(p.year.year == this_year for p in plans)
    has_last_year = any(p.year.year == this_year - 1 for p in plans)
    return MyPlans(
        plans=plans,
        current_year=current,
        may_create=current is not None and not has_this_year,
        may_copy=current is not None and not has_this_year and has_last_year,
    )

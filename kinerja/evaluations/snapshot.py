"""Measuring an SKP for an evaluation period: the pieces evaluations and unit capaian share.

Kept apart from services so that unit_capaian (which measures the head's SKP) and
services (which stores an evaluation) can both use it without importing each other.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from kinerja import scoring
from kinerja.core import clock
from kinerja.cycles.models import Period
from kinerja.measurements.selectors import month_values
from kinerja.measurements.standing import (
    STORED_PLACES,
    indicator_standing,
    months_passed,
    plan_standing,
)
from kinerja.plans.changes import overlap_days, plan_months
from kinerja.plans.models import PerformancePlan, PlanIndicator


def plan_parts(plan: PerformancePlan, *, until: dt.date) -> list[PerformancePlan]:
    """`plan` and the SKPs it continues (`previous`) that ran before `until`, oldest first."""
    same_year = {
        p.pk: p
        for p in PerformancePlan.objects.filter(
            employee_id=plan.employee_id, year_id=plan.year_id, start__lte=until
        ).select_related("position", "year")
    }
    parts: list[PerformancePlan] = []
    current: PerformancePlan | None = same_year.get(plan.pk, plan)
    while current is not None and current.pk not in {p.pk for p in parts}:
        parts.append(current)
        current = same_year.get(current.previous_id) if current.previous_id else None
    return parts[::-1]


def measure(
    plan: PerformancePlan, period: Period, *, goal_results_only: bool = False
) -> dict[str, Any]:
    """Capaian of each IKI and of the SKP using the realisasi up to the end of `period`.

    With `goal_results_only`, only the RHKs linked to a goal of the unit's Perjanjian
    Kinerja count (the capaian kinerja organisasi of a unit head); "linked" says how
    many such RHKs there were. See services.evaluation_snapshot for the parts rule.
    """
    policy = plan.year.scoring_policy()
    until_month = period.end.month
    year_start = dt.date(plan.year.year, 1, 1)
    parts = plan_parts(plan, until=period.end)
    indicators_qs = PlanIndicator.objects.filter(result__plan__in=parts)
    if goal_results_only:
        indicators_qs = indicators_qs.filter(result__goal__isnull=False)
    indicators = list(indicators_qs.select_related("result").order_by("result__plan__start", "pk"))
    rows = month_values([i.pk for i in indicators])
    due = months_passed(plan.year.year, clock.today())
    per_indicator = []
    per_part = []
    for number, part in enumerate(parts, start=1):
        months = plan_months(part)
        achievements: list[tuple[PlanIndicator, Decimal | None]] = []
        for indicator in (i for i in indicators if i.result.plan_id == part.pk):
            standing = indicator_standing(
                indicator,
                rows.get(indicator.pk, []),
                policy=policy,
                first_month=months.start,
                until_month=min(until_month, months.stop - 1),
                due_months=due,
            )
            achievements.append((indicator, standing.achievement))
            per_indicator.append(
                {
                    "id": indicator.pk,
                    "name": indicator.name,
                    "part": number,
                    "achieved": _s(standing.achieved),
                    "achievement": _s(standing.achievement),
                    "explanation": standing.explanation,
                }
            )
        rolled = plan_standing(part, achievements, policy=policy)
        per_part.append((part, rolled))
    if len(per_part) == 1:
        achievement, rating, explanation = (
            per_part[0][1].achievement,
            per_part[0][1].proposed_rating,
            per_part[0][1].explanation,
        )
    else:
        days = [overlap_days(p.start, p.end, year_start, period.end) for p in parts]
        combined = scoring.combine_parts(
            [(rolled.achievement, d) for (_p, rolled), d in zip(per_part, days, strict=True)]
        )
        achievement = None if combined.value is None else combined.value.quantize(STORED_PLACES)
        proposal = scoring.propose_rating(achievement, policy)
        rating = proposal.value
        explanation = scoring.Scored(achievement, (*combined.steps, *proposal.steps)).to_dict()
    snapshot: dict[str, Any] = {
        "policy_version": policy.version,
        "until_month": until_month,
        "achievement": _s(achievement),
        "proposed_rating": rating.value if rating else "",
        "explanation": explanation,
        "indicators": per_indicator,
        "parts": [
            {
                "number": number,
                "plan": part.pk,
                "start": part.start.isoformat(),
                "end": part.end.isoformat(),
                "position": part.position.name,
                "closed_reason": part.get_closed_reason_display() if part.closed_reason else "",
                "days": overlap_days(part.start, part.end, year_start, period.end),
                "achievement": _s(rolled.achievement),
                "explanation": rolled.explanation,
            }
            for number, (part, rolled) in enumerate(per_part, start=1)
        ],
    }
    if goal_results_only:
        snapshot["linked"] = len({i.result_id for i in indicators})
    return snapshot


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)

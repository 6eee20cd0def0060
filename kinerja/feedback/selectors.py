"""Reads for the feedback page of one SKP, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from kinerja.feedback.models import CheckIn, FeedbackMessage, FollowUpPlan
from kinerja.plans.models import CoreValue, PerformancePlan, PlanIndicator, PlannedResult

# An IKI is behind target when its year-to-date capaian is below 100 %: the
# realisasi has not reached the (prorated) target. The policy's "meets"
# threshold (90 by default) decides the SKP's rating, not whether an IKI needs
# attention; flagging at 100 lets the pair correct course before the rating
# falls, which is the point of feedback within the year. An IKI without a
# capaian yet (no realisasi, or a narrated target) is not flagged.
ON_TARGET = Decimal(100)


def is_behind_target(indicator: PlanIndicator) -> bool:
    return indicator.achievement is not None and indicator.achievement < ON_TARGET


@dataclass
class ValueThread:
    value: str
    label: str
    expectation: str
    messages: list[FeedbackMessage]


@dataclass
class IndicatorFollowUps:
    indicator: PlanIndicator
    behind: bool
    follow_ups: list[FollowUpPlan]


@dataclass
class ResultThread:
    result: PlannedResult
    indicators: list[IndicatorFollowUps]
    messages: list[FeedbackMessage]


@dataclass
class FeedbackPage:
    plan: PerformancePlan
    results: list[ResultThread]
    values: list[ValueThread]
    check_ins: list[CheckIn]
    # Every IKI, those behind target first (lowest capaian first), then the rest.
    indicators: list[IndicatorFollowUps]
    open_count: int = 0
    overdue_count: int = 0
    behind_count: int = 0


def plan_feedback(plan: PerformancePlan) -> FeedbackPage:
    """Threads per RHK and per BerAKHLAK value, check-ins and follow-up plans of `plan`."""
    results = list(
        PlannedResult.objects.filter(plan=plan)
        .order_by("kind", "order", "pk")
        .prefetch_related(Prefetch("indicators", queryset=PlanIndicator.objects.order_by("pk")))
    )
    messages = list(
        FeedbackMessage.objects.filter(plan=plan).select_related("author").order_by("at", "pk")
    )
    expectations = dict(plan.behaviour_expectations.values_list("value", "expectation"))
    check_ins = list(
        CheckIn.objects.filter(plan=plan).select_related("recorded_by").order_by("-held_on", "-pk")
    )
    follow_ups = list(
        FollowUpPlan.objects.filter(plan=plan)
        .select_related("owner", "created_by", "closed_by")
        .order_by("due", "pk")
    )
    by_result: dict[int, list[FeedbackMessage]] = {}
    by_value: dict[str, list[FeedbackMessage]] = {}
    for message in messages:
        if message.result_id is not None:
            by_result.setdefault(message.result_id, []).append(message)
        else:
            by_value.setdefault(message.value, []).append(message)
    by_indicator: dict[int, list[FollowUpPlan]] = {}
    # Open plans first, nearest due date first; closed ones after them.
    for follow_up in sorted(follow_ups, key=lambda f: f.status != FollowUpPlan.Status.OPEN):
        by_indicator.setdefault(follow_up.indicator_id, []).append(follow_up)

    threads = [
        ResultThread(
            r,
            [
                IndicatorFollowUps(i, is_behind_target(i), by_indicator.get(i.pk, []))
                for i in r.indicators.all()
            ],
            by_result.get(r.pk, []),
        )
        for r in results
    ]
    indicators = [row for thread in threads for row in thread.indicators]
    # Stable sort: behind target first, lowest capaian first; the rest keep the SKP's order.
    indicators.sort(
        key=lambda row: (not row.behind, row.indicator.achievement if row.behind else 0)
    )
    values = [
        ValueThread(code, str(label), expectations.get(code, ""), by_value.get(code, []))
        for code, label in CoreValue.choices
    ]
    return FeedbackPage(
        plan=plan,
        results=threads,
        values=values,
        check_ins=check_ins,
        indicators=indicators,
        open_count=sum(1 for f in follow_ups if f.status == FollowUpPlan.Status.OPEN),
        overdue_count=sum(1 for f in follow_ups if f.overdue),
        behind_count=sum(1 for row in indicators if row.behind),
    )

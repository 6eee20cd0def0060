"""The bridge between stored realisasi and the scoring engine.

Reads the rows an IKI or SKP needs, hands plain values to `kinerja.scoring`,
and returns the engine's results with their explanations. Nothing here writes;
services decide what to store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kinerja import scoring
from kinerja.plans.models import PerformancePlan, PlanIndicator
from kinerja.scoring.explain import step

MONTHS_IN_YEAR = 12


@dataclass(frozen=True)
class MonthValue:
    """One month's current realisasi of an IKI, as plain values."""

    month: int
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class IndicatorStanding:
    """Year-to-date realisasi and capaian of one IKI, with how they were computed."""

    achieved: Decimal | None
    achievement: Decimal | None
    months_elapsed: int
    explanation: dict[str, Any]


# Stored standings keep four decimals; rolling up the rounded values keeps a live
# refresh and a full recompute identical to the last digit.
STORED_PLACES = Decimal("0.0001")


def months_passed(year: int, today: dt.date) -> int:
    """Completed months of `year` on `today`: the months whose data is due."""
    if today.year > year:
        return MONTHS_IN_YEAR
    if today.year < year:
        return 0
    return today.month - 1


def indicator_standing(
    indicator: PlanIndicator,
    months: Iterable[MonthValue],
    *,
    policy: scoring.ScoringPolicy,
    until_month: int = MONTHS_IN_YEAR,
    due_months: int = 0,
    first_month: int = 1,
) -> IndicatorStanding:
    """Aggregate the monthly realisasi up to `until_month` and compare with the target.

    Months without data are left out of the aggregate. A summed indicator is
    compared with the share of the target for the months that count: those
    with data and those already due (`due_months`), so a month nobody reported
    lowers the capaian instead of vanishing from it. An SKP split during the
    year counts only its own months (`first_month`..`until_month`, see
    plans.changes.months_of_part) against its share of the yearly target.
    """
    by_month = {m.month: m for m in months if first_month <= m.month <= until_month}
    if not by_month:
        return IndicatorStanding(None, None, 0, {"value": None, "steps": []})
    ordered = [by_month[n] for n in sorted(by_month)]
    values = [
        scoring.PeriodValue(value=m.value, numerator=m.numerator, denominator=m.denominator)
        for m in ordered
    ]
    aggregation = scoring.Aggregation(indicator.aggregation)
    aggregated = scoring.aggregate(values, aggregation)
    steps = list(aggregated.steps)
    elapsed = min(until_month, max(ordered[-1].month, due_months)) - first_month + 1
    if aggregated.value is None or aggregated.value.value is None:
        return IndicatorStanding(None, None, elapsed, _explain(None, steps))
    achieved = aggregated.value.value
    if not indicator.has_numeric_target:
        # A kualitatif IKI narrates its target: there is nothing to compare the
        # realisasi with, so it has no capaian and drops out of the SKP's roll-up
        # (the weighted mean skips IKIs without capaian).
        steps.append(
            step("capaian.no_target", "no numeric target → no capaian", realisasi=achieved)
        )
        return IndicatorStanding(achieved, None, elapsed, _explain(None, steps))
    target = scoring.prorate_target(
        indicator.target(), aggregation, elapsed=elapsed, total=MONTHS_IN_YEAR
    )
    steps.extend(target.steps)
    result = scoring.capaian(
        achieved,
        target.value,
        scoring.Polarity(indicator.polarity),
        cap=policy.capaian_cap,
        range_polarity=scoring.Polarity(indicator.range_polarity),
    )
    steps.extend(result.steps)
    achievement = result.value.quantize(STORED_PLACES)
    return IndicatorStanding(achieved, achievement, elapsed, _explain(achievement, steps))


@dataclass(frozen=True)
class PlanStanding:
    """Capaian of a whole SKP and the Rating Hasil Kerja the data proposes."""

    achievement: Decimal | None
    per_result: dict[str, Decimal | None]
    proposed_rating: scoring.Rating | None
    explanation: dict[str, Any]


def plan_standing(
    plan: PerformancePlan,
    achievements: Sequence[tuple[PlanIndicator, Decimal | None]],
    *,
    policy: scoring.ScoringPolicy,
) -> PlanStanding:
    """Roll the IKI capaian up to RHK and SKP and propose the Rating Hasil Kerja."""
    grouped: dict[int, list[scoring.IndicatorInput]] = {}
    kinds: dict[int, str] = {}
    for indicator, achievement in achievements:
        grouped.setdefault(indicator.result_id, []).append(
            scoring.IndicatorInput(str(indicator.pk), indicator.weight, achievement)
        )
        kinds[indicator.result_id] = indicator.result.kind
    rhks = [
        scoring.RhkInput(str(result_id), scoring.RhkKind(kinds[result_id]), items)
        for result_id, items in grouped.items()
    ]
    rolled = scoring.skp_capaian(rhks, cap=policy.capaian_cap)
    rating = scoring.propose_rating(rolled.value.overall, policy)
    steps = [*rolled.steps, *rating.steps]
    return PlanStanding(
        achievement=rolled.value.overall,
        per_result=dict(rolled.value.per_rhk),
        proposed_rating=rating.value,
        explanation=_explain(rolled.value.overall, steps),
    )


def _explain(value: Decimal | None, steps: Sequence[scoring.Step]) -> dict[str, Any]:
    return scoring.Scored(value, tuple(steps)).to_dict()

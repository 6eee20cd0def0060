"""The bridge between stored realisasi and the scoring engine.

Reads the rows an IKI or SKP needs, hands plain values to `kinerja.scoring`,
and returns the engine's results with their explanations. Nothing here writes;
services decide what to store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kinerja import scoring
from kinerja.measurements.models import Measurement
from kinerja.plans.models import PerformancePlan, PlanIndicator

MONTHS_IN_YEAR = 12


@dataclass(frozen=True)
class IndicatorStanding:
    """Year-to-date realisasi and capaian of one IKI, with how they were computed."""

    achieved: Decimal | None
    achievement: Decimal | None
    months_elapsed: int
    explanation: dict[str, Any]


def indicator_standing(
    indicator: PlanIndicator,
    measurements: Iterable[Measurement],
    *,
    policy: scoring.ScoringPolicy,
    until_month: int = MONTHS_IN_YEAR,
) -> IndicatorStanding:
    """Aggregate the monthly realisasi up to `until_month` and compare with the target.

    `measurements` are the IKI's current rows with their period loaded. Months
    without data are left out; summed indicators are compared with the share of
    the target for the months up to the latest month that has data.
    """
    by_month = {m.period.number: m for m in measurements if m.period.number <= until_month}
    if not by_month:
        return IndicatorStanding(None, None, 0, {"value": None, "steps": []})
    months = sorted(by_month)
    values = [
        scoring.PeriodValue(value=m.value, numerator=m.numerator, denominator=m.denominator)
        for m in (by_month[n] for n in months)
    ]
    aggregation = scoring.Aggregation(indicator.aggregation)
    aggregated = scoring.aggregate(values, aggregation)
    steps = list(aggregated.steps)
    if aggregated.value is None or aggregated.value.value is None:
        return IndicatorStanding(None, None, months[-1], _explain(None, steps))
    achieved = aggregated.value.value
    target = scoring.prorate_target(
        indicator.target(), aggregation, elapsed=months[-1], total=MONTHS_IN_YEAR
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
    return IndicatorStanding(achieved, result.value, months[-1], _explain(result.value, steps))


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

"""The numeric uses of a final evaluation's predikat: TPP, credit points, the older scores.

Pure reads. Nothing here is stored: the figures are computed with the policy version the
evaluation stores (``Evaluation.policy_version``, read back from the year's policy
history), so editing the year's policy never moves a final evaluation's figures by
itself; a policy recompute moves the evaluation to the new version, and its figures
with it. Each figure carries the engine's explanation so the page can say how it was
reached.

Credit points: a functional post earns the year's coefficient
(``Position.credit_coefficient``) × the predikat's percentage over the annual
evaluation; a shorter period earns its share (a quarter a quarter, a month a
twelfth), so the quarters of a year add up to what the year would give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kinerja import scoring
from kinerja.cycles.models import AppraisalYear, PeriodKind
from kinerja.cycles.selectors import policy_of_version
from kinerja.evaluations.models import Evaluation

PERIOD_MONTHS = {PeriodKind.YEAR: 12, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}
LEGACY_MODES = ("pp46_2011", "pp30_2019")


@dataclass(frozen=True)
class Figure:
    """One figure: its value (None when not set or not applicable) and how it was reached."""

    value: Decimal | None
    explanation: dict[str, Any] | None = None
    # For a legacy score under PP 46/2011, its band ("baik"); empty otherwise.
    band: str = ""


@dataclass(frozen=True)
class EvaluationFigures:
    policy_version: str
    tpp: Figure
    # None: the position is not a functional post (no coefficient).
    credit_points: Figure | None
    legacy_mode: str
    # None: the policy's legacy mode is "none".
    legacy: Figure | None


def figures_compute(
    *,
    predikat: str,
    period_kind: str,
    policy: scoring.ScoringPolicy,
    credit_coefficient: Decimal | None,
    indicator_capaian: Sequence[Decimal] = (),
    behaviour_ratings: Sequence[str] = (),
) -> EvaluationFigures:
    """The figures from plain values; the recap calls this for thousands of rows."""
    p = scoring.Predikat(predikat)
    tpp = scoring.tpp_percent(p, policy)
    credit = None
    if credit_coefficient is not None:
        scored = scoring.credit_points(
            p, credit_coefficient, policy, months=PERIOD_MONTHS[PeriodKind(period_kind)]
        )
        credit = Figure(scored.value, scored.to_dict())
    legacy = None
    if policy.legacy_mode in LEGACY_MODES:
        result = scoring.legacy_score(
            policy.legacy_mode,
            indicator_capaian=indicator_capaian,
            behaviour=[scoring.Rating(r) for r in behaviour_ratings],
            policy=policy,
        )
        band = ""
        if result.value is not None and policy.legacy_mode == "pp46_2011":
            band = scoring.pp46_band(result.value).value
        legacy = Figure(result.value, result.to_dict(), band)
    return EvaluationFigures(
        policy_version=policy.version,
        tpp=Figure(tpp.value, tpp.to_dict()),
        credit_points=credit,
        legacy_mode=policy.legacy_mode,
        legacy=legacy,
    )


def indicator_capaian(inputs: Any) -> list[Decimal]:
    """The capaian of each IKI as the evaluation stored it (IKIs without data left out)."""
    if not isinstance(inputs, dict):
        return []
    values = []
    for row in inputs.get("indicators") or []:
        achievement = row.get("achievement") if isinstance(row, dict) else None
        if achievement is not None:
            values.append(Decimal(str(achievement)))
    return values


def policy_scored_under(year: AppraisalYear, version: str) -> scoring.ScoringPolicy:
    """The policy of `version` in `year`; the one in force when no record of it is left
    (an evaluation from before versions were stored), which the figures then name."""
    return policy_of_version(year, version) or year.scoring_policy()


def evaluation_figures(
    evaluation: Evaluation, *, policy: scoring.ScoringPolicy | None = None
) -> EvaluationFigures | None:
    """The figures of a final evaluation; None for a draft, which has no predikat yet.

    Reads `evaluation.plan.position`, `plan.year` and the behaviour assessments: callers
    select and prefetch them. `policy` defaults to the version the evaluation stores.
    """
    if evaluation.status != Evaluation.Status.FINAL or not evaluation.predikat:
        return None
    policy = policy or policy_scored_under(evaluation.plan.year, evaluation.policy_version)
    return figures_compute(
        predikat=evaluation.predikat,
        period_kind=evaluation.period.kind,
        policy=policy,
        credit_coefficient=evaluation.plan.position.credit_coefficient,
        indicator_capaian=indicator_capaian(evaluation.inputs),
        behaviour_ratings=[b.rating for b in evaluation.behaviour_assessments.all()],
    )

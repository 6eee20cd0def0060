"""Periodic and annual evaluation of an SKP by its penilai."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja import scoring
from kinerja.core import clock
from kinerja.cycles.models import Period, PeriodKind
from kinerja.evaluations.models import BehaviourAssessment, Evaluation
from kinerja.measurements.selectors import month_values
from kinerja.measurements.standing import (
    STORED_PLACES,
    indicator_standing,
    months_passed,
    plan_standing,
)
from kinerja.organisation.selectors import reporting_line
from kinerja.plans.changes import overlap_days, plan_months
from kinerja.plans.models import CoreValue, PerformancePlan, PlanIndicator


class EvaluationError(ValueError):
    """An evaluation that cannot be saved as asked; the message is shown to the penilai."""


@dataclass(frozen=True)
class BehaviourInput:
    rating: scoring.Rating
    feedback: str


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


def evaluation_snapshot(plan: PerformancePlan, period: Period) -> dict[str, object]:
    """Capaian of each IKI and of the SKP using the realisasi up to the end of `period`.

    Returned as plain data (with explanations) so it can be stored on the
    evaluation and shown later exactly as it was judged. When the SKP was
    closed and continued during the year (plans.changes), every part that ran
    between the start of the year and the end of the period is measured on its
    own months, and the parts combine by the days each was in force.
    """
    policy = plan.year.scoring_policy()
    until_month = period.end.month
    year_start = dt.date(plan.year.year, 1, 1)
    parts = plan_parts(plan, until=period.end)
    indicators = list(
        PlanIndicator.objects.filter(result__plan__in=parts)
        .select_related("result")
        .order_by("result__plan__start", "pk")
    )
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
    return {
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


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def evaluation_open(*, plan: PerformancePlan, period: Period, user: object) -> Evaluation:
    """The evaluation of `plan` for `period`, created as a draft with fresh data if new."""
    _require_penilai(plan, user)
    if period.kind == PeriodKind.MONTH and plan.year.cadence != "monthly":
        raise EvaluationError(_("Periode ini bukan periode evaluasi instansi."))
    # A split SKP is evaluated once per period, on the part in force at the period's end.
    if plan.start > period.end:
        raise EvaluationError(_("SKP ini baru berlaku setelah periode ini berakhir."))
    if plan.end < period.end and plan.continued_by.exists():
        raise EvaluationError(
            _(
                "SKP ini ditutup sebelum periode berakhir: evaluasi periode ini dilakukan "
                "pada SKP lanjutannya, yang menghitung kedua bagian."
            )
        )
    evaluation, _created = Evaluation.objects.get_or_create(plan=plan, period=period)
    if evaluation.status == Evaluation.Status.DRAFT:
        _refresh_draft(evaluation)
    return evaluation


def _refresh_draft(evaluation: Evaluation) -> None:
    snapshot = evaluation_snapshot(evaluation.plan, evaluation.period)
    evaluation.inputs = snapshot
    achievement = snapshot["achievement"]
    evaluation.achievement = Decimal(str(achievement)) if achievement is not None else None
    evaluation.proposed_rating = str(snapshot["proposed_rating"])
    evaluation.policy_version = str(snapshot["policy_version"])
    evaluation.save()


def evaluation_finalise(
    *,
    evaluation: Evaluation,
    user: object,
    result_rating: scoring.Rating,
    reason: str,
    behaviour: Mapping[str, BehaviourInput],
) -> Evaluation:
    """Finalise an evaluation: confirm or change the rating, rate BerAKHLAK, set the predikat.

    A result rating other than the one the data proposes needs a written reason,
    which is kept and reported. Every one of the seven values must be rated.
    """
    _require_penilai(evaluation.plan, user)
    missing = [v.label for v in CoreValue if v.value not in behaviour]
    if missing:
        raise EvaluationError(
            _("Semua nilai BerAKHLAK harus dinilai. Belum dinilai: %(values)s")
            % {"values": ", ".join(str(m) for m in missing)}
        )
    reason = reason.strip()
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        # Checked on the locked row: the caller's copy may predate another finalise.
        if evaluation.status == Evaluation.Status.FINAL:
            raise EvaluationError(_("Evaluasi ini sudah final."))
        _refresh_draft(evaluation)
        # Without data nothing is proposed, so no rating departs from a proposal.
        departs = bool(evaluation.proposed_rating) and (
            result_rating.value != evaluation.proposed_rating
        )
        if departs and not reason:
            raise EvaluationError(
                _("Rating hasil kerja berbeda dari usulan data: tuliskan alasannya.")
            )
        policy = evaluation.plan.year.scoring_policy()
        perilaku = scoring.behaviour_rating([b.rating for b in behaviour.values()], policy)
        result = scoring.predikat(result_rating, perilaku.value)
        BehaviourAssessment.objects.filter(evaluation=evaluation).delete()
        BehaviourAssessment.objects.bulk_create(
            BehaviourAssessment(
                evaluation=evaluation, value=value, rating=b.rating.value, feedback=b.feedback
            )
            for value, b in behaviour.items()
        )
        inputs = dict(evaluation.inputs)
        inputs["behaviour"] = perilaku.to_dict()
        inputs["predikat"] = result.to_dict()
        evaluation.inputs = inputs
        evaluation.result_rating = result_rating.value
        evaluation.result_rating_reason = reason if departs else ""
        evaluation.behaviour_rating = perilaku.value.value
        evaluation.predikat = result.value.value
        evaluation.evaluator = user  # type: ignore[assignment]
        evaluation.status = Evaluation.Status.FINAL
        evaluation.finalised_at = timezone.now()
        evaluation.save()
    return evaluation


def _require_penilai(plan: PerformancePlan, user: object) -> None:
    # The reporting line on a day the SKP runs: a continuation may start after today.
    line = reporting_line(plan.employee, on=min(plan.end, max(plan.start, clock.today())))
    if line.penilai is None or line.penilai.user_id != getattr(user, "pk", None):
        raise PermissionDenied(_("Hanya pejabat penilai kinerja pegawai ini yang dapat menilai."))

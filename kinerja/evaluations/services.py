"""Periodic and annual evaluation of an SKP by its penilai.

Evaluating and finalising are two steps. ``evaluation_rate`` keeps the
penilai's ratings on the draft, so the calibration page can show the unit's
predikat before anything is final; ``evaluations_finalise`` then finalises a
penilai's rated drafts after the distribution check (evaluations.distribution).
``evaluation_finalise`` does both for one evaluation in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from kinerja import scoring
from kinerja.core import clock
from kinerja.cycles.models import Period, PeriodKind
from kinerja.cycles.selectors import evaluation_period_opened
from kinerja.evaluations.acknowledgement import acknowledgement_request
from kinerja.evaluations.distribution import CurveLookup, curve_unit, distribution_check
from kinerja.evaluations.models import BehaviourAssessment, Evaluation
from kinerja.evaluations.snapshot import measure, plan_parts
from kinerja.evaluations.unit_capaian import unit_capaian_of_plan
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import Unit
from kinerja.plans.models import CoreValue, PerformancePlan
from kinerja.plans.permissions import is_penilai

__all__ = [
    "BehaviourInput",
    "DistributionWarning",
    "EvaluationError",
    "evaluation_finalise",
    "evaluation_open",
    "evaluation_rate",
    "evaluation_snapshot",
    "evaluations_finalise",
    "period_evaluations",
    "plan_parts",
]


class EvaluationError(ValueError):
    """An evaluation that cannot be saved as asked; the message is shown to the penilai."""


class DistributionWarning(EvaluationError):
    """The distribution breaks the curve under a "warn" policy and was not acknowledged."""


@dataclass(frozen=True)
class BehaviourInput:
    rating: scoring.Rating
    feedback: str
    evidence: str = ""


def evaluation_snapshot(plan: PerformancePlan, period: Period) -> dict[str, Any]:
    """Capaian of each IKI and of the SKP using the realisasi up to the end of `period`.

    Returned as plain data (with explanations) so it can be stored on the
    evaluation and shown later exactly as it was judged. When the SKP was
    closed and continued during the year (plans.changes), every part that ran
    between the start of the year and the end of the period is measured on its
    own months, and the parts combine by the days each was in force.

    For a unit head the proposal comes from the capaian kinerja organisasi of
    the unit they lead (evaluations.unit_capaian), kept under "unit_capaian".
    For the annual period the periodic evaluations of the same SKP chain are
    kept under "period_evaluations".
    """
    snapshot = measure(plan, period)
    unit = unit_capaian_of_plan(plan, period, whole=snapshot)
    if unit is not None:
        snapshot["unit_capaian"] = unit.to_dict()
        snapshot["proposed_rating"] = unit.proposed_rating
    if period.kind == PeriodKind.YEAR:
        snapshot["period_evaluations"] = period_evaluations(plan, period)
    return snapshot


def period_evaluations(plan: PerformancePlan, period: Period) -> list[dict[str, Any]]:
    """The periodic evaluations of `plan`'s SKP chain within `period`'s year, oldest first.

    The pegawai reads these on the annual evaluation: a row that is not final
    shows its status only, never the penilai's working ratings.
    """
    parts = plan_parts(plan, until=period.end)
    rows = (
        Evaluation.objects.filter(plan__in=parts, period__year_id=period.year_id)
        .exclude(period__kind=PeriodKind.YEAR)
        .select_related("period__year")
        .order_by("period__start", "pk")
    )
    result = []
    for e in rows:
        final = e.status == Evaluation.Status.FINAL
        result.append(
            {
                "evaluation": e.pk,
                "period": e.period_id,
                "label": e.period.label,
                "achievement": None if e.achievement is None or not final else str(e.achievement),
                "proposed_rating": e.proposed_rating if final else "",
                "result_rating": e.result_rating if final else "",
                "behaviour_rating": e.behaviour_rating if final else "",
                "predikat": e.predikat if final else "",
                "status": e.status,
            }
        )
    return result


def evaluation_open(
    *, plan: PerformancePlan, period: Period, user: object, require_open: bool = False
) -> Evaluation:
    """The evaluation of `plan` for `period`, created as a draft with fresh data if new.

    A final evaluation is returned as it is (to be read). With `require_open` (the
    pages) a draft is only opened for a period that has begun
    (`evaluation_period_require_open`); the demo and the tests replay past rounds.
    """
    _require_penilai(plan, user)
    existing = Evaluation.objects.filter(plan=plan, period=period).first()
    if existing is not None and existing.status == Evaluation.Status.FINAL:
        return existing
    if period.kind == PeriodKind.MONTH and plan.year.cadence != "monthly":
        raise EvaluationError(_("Periode ini bukan periode evaluasi instansi."))
    if require_open:
        evaluation_period_require_open(period)
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
    with transaction.atomic():
        # Re-read under the lock: a finalise since the read above must not be
        # overwritten by a refresh of the stale draft copy.
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if locked.status == Evaluation.Status.DRAFT:
            _refresh_draft(locked)
    return locked


def evaluation_period_require_open(period: Period) -> None:
    """Refuse a period that has not begun yet: Triwulan IV in April, the annual
    evaluation before the year's last period. Past periods stay open for late
    evaluations."""
    if not evaluation_period_opened(period, on=clock.today()):
        raise EvaluationError(
            _(
                "Periode %(period)s belum dibuka untuk evaluasi. Evaluasi periodik dibuka "
                "sejak periodenya dimulai; evaluasi tahunan dibuka sejak awal periode "
                "terakhir tahun ini."
            )
            % {"period": period.label}
        )


def _refresh_draft(evaluation: Evaluation) -> None:
    snapshot = evaluation_snapshot(evaluation.plan, evaluation.period)
    # The penilai's ratings, once given, travel with the refreshed figures.
    for kept in ("behaviour", "predikat"):
        if kept in evaluation.inputs:
            snapshot[kept] = evaluation.inputs[kept]
    evaluation.inputs = snapshot
    achievement = snapshot["achievement"]
    evaluation.achievement = Decimal(str(achievement)) if achievement is not None else None
    evaluation.proposed_rating = str(snapshot["proposed_rating"])
    evaluation.policy_version = str(snapshot["policy_version"])
    evaluation.save()


def evaluation_rate(
    *,
    evaluation: Evaluation,
    user: object,
    result_rating: scoring.Rating,
    reason: str,
    behaviour: Mapping[str, BehaviourInput],
) -> Evaluation:
    """Keep the penilai's ratings on a draft: Rating Hasil Kerja, BerAKHLAK, the predikat.

    A result rating other than the one the data proposes needs a written reason,
    which is kept and reported. Every one of the seven values must be rated.
    The draft's figures are refreshed first, so the reason rule meets the
    proposal as it stands now. Nothing is saved when any rule fails.
    """
    _require_penilai(evaluation.plan, user)
    missing = [v.label for v in CoreValue if v.value not in behaviour]
    if missing:
        raise EvaluationError(
            _("Semua nilai BerAKHLAK harus dinilai. Belum dinilai: %(values)s")
            % {"values": ", ".join(str(m) for m in missing)}
        )
    unknown = sorted(set(behaviour) - set(CoreValue.values))
    if unknown:
        raise EvaluationError(_("Nilai BerAKHLAK tidak dikenal: %(v)s") % {"v": ", ".join(unknown)})
    result_rating = scoring.Rating(result_rating)
    reason = reason.strip()
    with transaction.atomic():
        # The curve unit's row first, then the evaluation (the order finalise uses):
        # a rating must not change the counts a "block" check is reading.
        curve, _predikat = curve_unit(evaluation.plan.position.unit, evaluation.period)
        _lock_units([curve.pk])
        evaluation = (
            Evaluation.objects.select_for_update(of=("self",))
            .select_related("plan__year", "plan__position__unit", "plan__employee", "period__year")
            .get(pk=evaluation.pk)
        )
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
                evaluation=evaluation,
                value=value,
                rating=scoring.Rating(b.rating).value,
                feedback=b.feedback.strip(),
                evidence=b.evidence.strip(),
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
        evaluation.save()
    return evaluation


def evaluations_finalise(
    evaluations: Sequence[Evaluation], *, user: object, acknowledge_warning: bool
) -> list[Evaluation]:
    """Finalise a penilai's rated drafts of one period, after the distribution check.

    The check runs per unit whose curve applies (evaluations.distribution). A
    breach refuses everything under a "block" policy; under "warn" it needs
    `acknowledge_warning` and is kept in each evaluation's distribution_note.
    Without an organisational predikat the note says that none was set. Each
    pegawai is told an evaluation waits for their acknowledgement. All or nothing.
    """
    if not evaluations:
        raise EvaluationError(_("Tidak ada evaluasi yang dipilih untuk difinalkan."))
    if len({e.period_id for e in evaluations}) > 1:
        raise EvaluationError(_("Evaluasi yang difinalkan bersama harus dari satu periode."))
    _require_penilai_of_all(evaluations, user)
    period = evaluations[0].period
    with transaction.atomic():
        # Lock order: the curve units by pk, then the evaluations by pk (as evaluation_rate).
        curve_of = CurveLookup(period)
        curves = {e.pk: curve_of(e.plan.position.unit)[0] for e in evaluations}
        _lock_units(c.pk for c in curves.values())
        # Only the evaluations: PostgreSQL cannot lock the outer join to the nullable user.
        locked = list(
            Evaluation.objects.select_for_update(of=("self",))
            .filter(pk__in=[e.pk for e in evaluations])
            .select_related(
                "plan__year", "plan__employee__user", "plan__position__unit", "period__year"
            )
            .order_by("pk")
        )
        rated = set(
            BehaviourAssessment.objects.filter(evaluation__in=locked).values_list(
                "evaluation_id", "value"
            )
        )
        for evaluation in locked:
            name = evaluation.plan.employee.name
            if evaluation.status == Evaluation.Status.FINAL:
                raise EvaluationError(_("Evaluasi %(name)s sudah final.") % {"name": name})
            complete = all((evaluation.pk, v) in rated for v in CoreValue.values)
            if not (evaluation.result_rating and evaluation.predikat and complete):
                raise EvaluationError(
                    _(
                        "Evaluasi %(name)s belum dinilai lengkap (Rating Hasil Kerja dan ketujuh "
                        "nilai BerAKHLAK): nilai dan simpan dahulu sebelum memfinalkan."
                    )
                    % {"name": name}
                )
            # The data may have moved since the rating: judge the proposal as it stands.
            _refresh_draft(evaluation)
            if evaluation.departs_from_proposal and not evaluation.result_rating_reason:
                raise EvaluationError(
                    _(
                        "Rating Hasil Kerja %(name)s kini berbeda dari usulan data: buka "
                        "evaluasinya dan tuliskan alasannya."
                    )
                    % {"name": name}
                )
        groups: dict[int, list[Evaluation]] = {}
        units: dict[int, Unit] = {}
        for evaluation in locked:
            unit = curves[evaluation.pk]
            units[unit.pk] = unit
            groups.setdefault(unit.pk, []).append(evaluation)
        notes: dict[int, str] = {}
        for unit_pk, members in groups.items():
            check = distribution_check(units[unit_pk], period)
            if check.blocks:
                raise EvaluationError(check.refusal())
            if check.violations and not acknowledge_warning:
                raise DistributionWarning(check.warning())
            # Stored text: in the site's language, whatever the penilai reads the UI in.
            with translation.override(settings.LANGUAGE_CODE):
                note = check.note()
            for evaluation in members:
                notes[evaluation.pk] = note
        # The domain's clock: the objection window counts from this day (objections.py).
        now = clock.now()
        for evaluation in locked:
            evaluation.status = Evaluation.Status.FINAL
            evaluation.finalised_at = now
            evaluation.distribution_note = notes[evaluation.pk]
            evaluation.save(
                update_fields=["status", "finalised_at", "distribution_note", "updated_at"]
            )
            _notify_finalised(evaluation)
    return locked


def _lock_units(unit_ids: Iterable[int]) -> None:
    list(Unit.objects.select_for_update().filter(pk__in=set(unit_ids)).order_by("pk"))


def _notify_finalised(evaluation: Evaluation) -> None:
    # Stored text: in the site's language, not the language of the penilai's request.
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "Evaluasi kinerja %(period)s Anda telah difinalkan oleh penilai dan menunggu "
            "tanda terima Anda."
        ) % {"period": evaluation.period.label}
    acknowledgement_request(evaluation, text)


def evaluation_finalise(
    *,
    evaluation: Evaluation,
    user: object,
    result_rating: scoring.Rating,
    reason: str,
    behaviour: Mapping[str, BehaviourInput],
    acknowledge_warning: bool = False,
) -> Evaluation:
    """Rate and finalise one evaluation in one transaction (see the two steps above)."""
    with transaction.atomic():
        rated = evaluation_rate(
            evaluation=evaluation,
            user=user,
            result_rating=result_rating,
            reason=reason,
            behaviour=behaviour,
        )
        (final,) = evaluations_finalise([rated], user=user, acknowledge_warning=acknowledge_warning)
    return final


def _require_penilai(plan: PerformancePlan, user: object) -> None:
    if not is_penilai(viewer_for(user), plan):
        raise PermissionDenied(_("Hanya pejabat penilai kinerja pegawai ini yang dapat menilai."))


def _require_penilai_of_all(evaluations: Sequence[Evaluation], user: object) -> None:
    """Refuse a batch with someone `user` no longer rates (the reporting line changed).

    Drafts `user` rated themselves are named in the message, shown beside the
    finalise form; anyone else's drafts are simply not theirs to finalise (403).
    """
    viewer = viewer_for(user)
    others = [e for e in evaluations if not is_penilai(viewer, e.plan)]
    if any(e.evaluator_id != getattr(user, "pk", None) for e in others):
        raise PermissionDenied(_("Hanya pejabat penilai kinerja pegawai ini yang dapat menilai."))
    if others:
        raise EvaluationError(
            _(
                "Anda bukan lagi pejabat penilai %(names)s (garis pelaporan berubah): hapus "
                "centangnya lalu finalkan yang lain."
            )
            % {"names": ", ".join(sorted(e.plan.employee.name for e in others))}
        )

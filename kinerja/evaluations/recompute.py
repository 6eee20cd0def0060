"""Recomputing final evaluations under the year's current scoring policy, as new versions.

A changed policy never silently rewrites a final evaluation: it keeps the
policy version it was finalised under until HR recomputes the year. Then, for
each final evaluation on an older version, the current policy gives:

- the proposed Rating Hasil Kerja, from the stored capaian (the data of the
  evaluation's time, not today's);
- the Rating Hasil Kerja: the new proposal when the penilai had accepted the
  old one; the penilai's own choice, with its reason, when they had departed
  from it (or an objection decision had changed it);
- the Rating Perilaku Kerja from the stored BerAKHLAK ratings under the
  current roll-up rule, and the predikat from the two.

When anything changes the earlier state is kept (revisions.revision_record,
cause "policy") and the evaluation moves to its next revision; when nothing
changes the evaluation is left alone, on its old version.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja import scoring
from kinerja.accounts.models import User
from kinerja.core.jobs import job_create, job_finish, job_progress, job_start
from kinerja.core.models import BackgroundJob
from kinerja.cycles.models import AppraisalYear
from kinerja.evaluations.models import BehaviourAssessment, Evaluation, PredikatChoice
from kinerja.evaluations.revisions import revision_record
from kinerja.measurements.recompute import recompute_years_allowed
from kinerja.plans.models import RatingChoice

logger = logging.getLogger(__name__)

KIND_PREFIX = "policy-recompute:"
STALE_AFTER = dt.timedelta(hours=6)
UNFINISHED = (BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING)
BATCH = 200


class PolicyRecomputeError(ValueError):
    """A recompute that cannot start; the message is shown to the HR admin."""


@dataclass(frozen=True)
class Recomputed:
    """An evaluation's result under a policy, not saved."""

    proposed_rating: str
    result_rating: str
    behaviour_rating: str
    predikat: str
    inputs: dict[str, Any]
    changed: bool

    @property
    def result_label(self) -> str:
        return str(RatingChoice(self.result_rating).label)

    @property
    def behaviour_label(self) -> str:
        return str(RatingChoice(self.behaviour_rating).label)

    @property
    def predikat_label(self) -> str:
        return str(PredikatChoice(self.predikat).label)


def evaluation_recomputed(
    evaluation: Evaluation, ratings: list[str], policy: scoring.ScoringPolicy
) -> Recomputed:
    """What `evaluation` (final, with its BerAKHLAK `ratings`) becomes under `policy`."""
    achievement = evaluation.achievement
    proposal = scoring.propose_rating(None if achievement is None else Decimal(achievement), policy)
    proposed = proposal.value.value if proposal.value else ""
    accepted = evaluation.result_rating == evaluation.proposed_rating
    result = proposed if accepted and proposed else evaluation.result_rating
    behaviour = scoring.behaviour_rating([scoring.Rating(r) for r in ratings], policy)
    outcome = scoring.predikat(scoring.Rating(result), behaviour.value)
    inputs = dict(evaluation.inputs)
    inputs["policy_version"] = policy.version
    inputs["behaviour"] = behaviour.to_dict()
    inputs["predikat"] = outcome.to_dict()
    explanation = inputs.get("explanation")
    if isinstance(explanation, dict) and isinstance(explanation.get("steps"), list):
        # The capaian's own steps stay; only the proposal is redone under the new policy.
        kept = [s for s in explanation["steps"] if not str(s.get("code", "")).startswith("rating.")]
        inputs["explanation"] = {
            "value": explanation.get("value"),
            "steps": kept + proposal.to_dict()["steps"],
        }
    inputs["recomputed"] = {
        "from_version": evaluation.policy_version,
        "to_version": policy.version,
        "result": "follows_proposal" if accepted else "penilai_choice_kept",
    }
    changed = (
        proposed != evaluation.proposed_rating
        or result != evaluation.result_rating
        or behaviour.value.value != evaluation.behaviour_rating
        or outcome.value.value != evaluation.predikat
    )
    return Recomputed(proposed, result, behaviour.value.value, outcome.value.value, inputs, changed)


def older_evaluations(year: AppraisalYear, version: str) -> QuerySet[Evaluation]:
    """The year's final evaluations finalised under another policy version than `version`."""
    return (
        Evaluation.objects.filter(plan__year=year, status=Evaluation.Status.FINAL)
        .exclude(policy_version=version)
        .order_by("pk")
    )


@dataclass(frozen=True)
class PreviewRow:
    evaluation: Evaluation
    after: Recomputed


@dataclass(frozen=True)
class RecomputePreview:
    version: str
    final_count: int
    older_count: int
    changes: list[PreviewRow]

    @property
    def change_count(self) -> int:
        return len(self.changes)


def policy_recompute_preview(year: AppraisalYear) -> RecomputePreview:
    """How many final evaluations are on an older version, and which would change."""
    policy = year.scoring_policy()
    older = list(
        older_evaluations(year, policy.version)
        .select_related("plan__employee", "period__year")
        .prefetch_related("behaviour_assessments")
    )
    changes = []
    for evaluation in older:
        ratings = [b.rating for b in evaluation.behaviour_assessments.all()]
        if not ratings:
            continue
        after = evaluation_recomputed(evaluation, ratings, policy)
        if after.changed:
            changes.append(PreviewRow(evaluation, after))
    final_count = Evaluation.objects.filter(plan__year=year, status=Evaluation.Status.FINAL).count()
    return RecomputePreview(policy.version, final_count, len(older), changes)


def evaluation_policy_recompute(
    *, evaluation_id: int, policy: scoring.ScoringPolicy, user: User | None
) -> bool:
    """Recompute one final evaluation under `policy`; True when it changed (a new revision)."""
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().filter(pk=evaluation_id).first()
        if (
            evaluation is None
            or evaluation.status != Evaluation.Status.FINAL
            or evaluation.policy_version == policy.version
        ):
            return False
        ratings = list(
            BehaviourAssessment.objects.filter(evaluation=evaluation).values_list(
                "rating", flat=True
            )
        )
        if not ratings:
            return False
        after = evaluation_recomputed(evaluation, ratings, policy)
        if not after.changed:
            return False
        revision_record(
            evaluation=evaluation,
            cause="policy",
            note=_("Dihitung ulang dengan kebijakan versi %(new)s (sebelumnya %(old)s).")
            % {"new": policy.version, "old": evaluation.policy_version},
            user=user,
        )
        evaluation.proposed_rating = after.proposed_rating
        evaluation.result_rating = after.result_rating
        evaluation.behaviour_rating = after.behaviour_rating
        evaluation.predikat = after.predikat
        evaluation.inputs = after.inputs
        evaluation.policy_version = policy.version
        evaluation.save()
    return True


def policy_recompute_year(
    *, year_id: int, user: User | None, progress: Any = None
) -> tuple[int, int]:
    """Recompute every older final evaluation of the year; (changed, looked at)."""
    year = AppraisalYear.objects.get(pk=year_id)
    policy = year.scoring_policy()
    ids = list(older_evaluations(year, policy.version).values_list("pk", flat=True))
    changed = 0
    for done, evaluation_id in enumerate(ids, start=1):
        if evaluation_policy_recompute(evaluation_id=evaluation_id, policy=policy, user=user):
            changed += 1
        if progress is not None and (done % BATCH == 0 or done == len(ids)):
            progress(done, len(ids))
    return changed, len(ids)


def policy_recompute_kind(year_id: int) -> str:
    return f"{KIND_PREFIX}{year_id}"


def policy_recompute_jobs(year: AppraisalYear, *, limit: int = 10) -> list[BackgroundJob]:
    return list(
        BackgroundJob.objects.filter(kind=policy_recompute_kind(year.pk))
        .select_related("started_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def may_recompute(user: User, year: AppraisalYear) -> bool:
    """HR admins of the year's instansi (the same people who recompute standings)."""
    return recompute_years_allowed(user).filter(pk=year.pk).exists()


def policy_recompute_start(user: User, year: AppraisalYear) -> BackgroundJob:
    """Queue the recompute of `year`'s older final evaluations; one at a time per year."""
    if not may_recompute(user, year):
        raise PolicyRecomputeError(
            _("Hanya admin kepegawaian instansi ini yang dapat menghitung ulang evaluasi.")
        )
    with transaction.atomic():
        AppraisalYear.objects.select_for_update().filter(pk=year.pk).first()
        running = BackgroundJob.objects.filter(
            kind=policy_recompute_kind(year.pk),
            status__in=UNFINISHED,
            created_at__gte=timezone.now() - STALE_AFTER,
        ).exists()
        if running:
            raise PolicyRecomputeError(
                _("Hitung ulang evaluasi tahun ini sedang berjalan. Tunggu sampai selesai.")
            )
        policy = year.scoring_policy()
        job = job_create(
            kind=policy_recompute_kind(year.pk),
            label=_("Hitung ulang evaluasi final %(year)s · %(instansi)s")
            % {"year": year.year, "instansi": year.instansi},
            started_by=user,
            total=older_evaluations(year, policy.version).count(),
        )
        job_id, year_id, user_id = job.pk, year.pk, user.pk
        transaction.on_commit(lambda: _send(year_id, job_id, user_id))
    return job


def _send(year_id: int, job_id: int, user_id: int) -> None:
    from kinerja.evaluations.tasks import policy_recompute_year as policy_recompute_task

    try:
        policy_recompute_task.delay(year_id, job_id, user_id)
    except Exception as error:
        logger.exception("policy recompute of year %s (job %s) failed to run", year_id, job_id)
        if BackgroundJob.objects.filter(pk=job_id, status__in=UNFINISHED).exists():
            job_finish(
                job_id,
                failed=True,
                message=_("Tugas tidak dapat dikirim ke antrean: %(error)s") % {"error": error},
            )


def policy_recompute_run(year_id: int, job_id: int, user_id: int | None) -> int:
    """The job's body: recompute, report progress, and say how many changed."""
    job_start(job_id)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        changed, total = policy_recompute_year(
            year_id=year_id,
            user=user,
            progress=lambda done, total: job_progress(job_id, done, total),
        )
    except Exception as error:
        job_finish(job_id, failed=True, message=_("Gagal: %(error)s") % {"error": error})
        raise
    job_progress(job_id, total, total)
    job_finish(
        job_id,
        message=_(
            "%(changed)d dari %(total)d evaluasi versi lama berubah dan disimpan sebagai "
            "revisi baru; sisanya tetap."
        )
        % {"changed": changed, "total": total},
    )
    return changed

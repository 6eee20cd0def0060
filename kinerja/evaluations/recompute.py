"""Recomputing final evaluations under the year's current scoring policy, as new versions.

A changed policy never silently rewrites a final evaluation: it keeps the
policy version it was finalised under until HR recomputes the year. Then, for
each final evaluation on an older version, the current policy gives:

- the proposed Rating Hasil Kerja, from the stored capaian (the data of the
  evaluation's time, not today's): for a unit head the capaian kinerja
  organisasi of their unit (``proposal_capaian``);
- the Rating Hasil Kerja: the new proposal when the penilai had accepted the
  old one; the penilai's own choice, with its reason, when they had departed
  from it;
- the Rating Perilaku Kerja from the stored BerAKHLAK ratings under the
  current roll-up rule, and the predikat from the two.

An evaluation decided on objection keeps both decided ratings and its
predikat: a decision is final, and only the proposal is redone.

When anything changes the earlier state is kept (revisions.revision_record,
cause "policy"), the evaluation moves to its next revision and the pegawai is
told and asked to acknowledge it again; when nothing changes the evaluation is
left alone, on its old version.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kinerja import scoring
from kinerja.accounts.models import User
from kinerja.core.jobs import job_create, job_finish, job_progress, job_start
from kinerja.core.models import BackgroundJob
from kinerja.cycles.models import AppraisalYear
from kinerja.evaluations.acknowledgement import acknowledgement_request
from kinerja.evaluations.models import (
    BehaviourAssessment,
    Evaluation,
    EvaluationRevision,
    PredikatChoice,
)
from kinerja.evaluations.revisions import revision_record
from kinerja.measurements.recompute import recompute_years_allowed
from kinerja.plans.models import RatingChoice

logger = logging.getLogger(__name__)

KIND_PREFIX = "policy-recompute:"
STALE_AFTER = dt.timedelta(hours=6)
UNFINISHED = (BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING)
BATCH = 200
PREVIEW_ROWS = 100  # changing evaluations shown as examples on the preview page


class PolicyRecomputeError(ValueError):
    """A recompute that cannot start; the message is shown to the HR admin."""


def proposal_capaian(achievement: Decimal | None, inputs: Mapping[str, Any]) -> Decimal | None:
    """The capaian an evaluation's proposal is based on.

    For a unit head it is the capaian kinerja organisasi of the unit they lead,
    kept under inputs["unit_capaian"] (services.evaluation_snapshot); for
    everyone else the SKP's own capaian.
    """
    unit = inputs.get("unit_capaian")
    if isinstance(unit, Mapping):
        value = unit.get("achievement")
        return None if value in (None, "") else Decimal(str(value))
    return achievement


@dataclass(frozen=True)
class Basis:
    """What a recompute reads of one final evaluation (cheap to load for a whole year)."""

    capaian: Decimal | None  # proposal_capaian
    proposed_rating: str
    result_rating: str
    behaviour_rating: str
    predikat: str
    # Decided on objection: both ratings are the decision's and stay as decided.
    objection_decided: bool


def _basis(evaluation: Evaluation) -> Basis:
    return Basis(
        proposal_capaian(evaluation.achievement, evaluation.inputs),
        evaluation.proposed_rating,
        evaluation.result_rating,
        evaluation.behaviour_rating,
        evaluation.predikat,
        "objection" in evaluation.inputs
        or EvaluationRevision.objects.filter(evaluation=evaluation, cause="objection").exists(),
    )


@dataclass(frozen=True)
class Recomputed:
    """An evaluation's ratings under a policy, not saved."""

    proposal: scoring.Scored[scoring.Rating | None]
    behaviour: scoring.Scored[scoring.Rating] | None  # None: the objection decision's rating stays
    outcome: scoring.Scored[scoring.Predikat] | None
    proposed_rating: str
    result_rating: str
    behaviour_rating: str
    predikat: str
    result: str  # follows_proposal | penilai_choice_kept | objection_decision_kept
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


def ratings_recomputed(
    basis: Basis, ratings: list[str], policy: scoring.ScoringPolicy
) -> Recomputed:
    """The ratings of a final evaluation (with its BerAKHLAK `ratings`) under `policy`.

    The proposal is always redone from the stored capaian. An objection decision
    keeps both its ratings (and so the predikat); otherwise the result follows
    the new proposal when the penilai had accepted the old one, and Rating
    Perilaku Kerja is rolled up again under the policy's rule.
    """
    proposal = scoring.propose_rating(basis.capaian, policy)
    proposed = proposal.value.value if proposal.value else ""
    behaviour: scoring.Scored[scoring.Rating] | None = None
    outcome: scoring.Scored[scoring.Predikat] | None = None
    if basis.objection_decided:
        kind = "objection_decision_kept"
        result, perilaku, predikat = (
            basis.result_rating,
            basis.behaviour_rating,
            basis.predikat,
        )
    else:
        accepted = basis.result_rating == basis.proposed_rating
        kind = "follows_proposal" if accepted else "penilai_choice_kept"
        result = proposed if accepted and proposed else basis.result_rating
        behaviour = scoring.behaviour_rating([scoring.Rating(r) for r in ratings], policy)
        outcome = scoring.predikat(scoring.Rating(result), behaviour.value)
        perilaku, predikat = behaviour.value.value, outcome.value.value
    changed = (
        proposed != basis.proposed_rating
        or result != basis.result_rating
        or perilaku != basis.behaviour_rating
        or predikat != basis.predikat
    )
    return Recomputed(
        proposal, behaviour, outcome, proposed, result, perilaku, predikat, kind, changed
    )


def _with_new_proposal(explanation: object, proposal: dict[str, Any]) -> object:
    """An explanation with its proposal steps (rating.*) redone; the capaian's own steps stay."""
    if not (isinstance(explanation, dict) and isinstance(explanation.get("steps"), list)):
        return explanation
    kept = [s for s in explanation["steps"] if not str(s.get("code", "")).startswith("rating.")]
    return {**explanation, "steps": kept + proposal["steps"]}


def recomputed_inputs(
    evaluation: Evaluation, after: Recomputed, policy: scoring.ScoringPolicy
) -> dict[str, Any]:
    """The evaluation's stored inputs as `after` leaves them."""
    inputs = dict(evaluation.inputs)
    inputs["policy_version"] = policy.version
    if after.behaviour is not None:
        inputs["behaviour"] = after.behaviour.to_dict()
    if after.outcome is not None:
        inputs["predikat"] = after.outcome.to_dict()
    proposal = after.proposal.to_dict()
    unit = inputs.get("unit_capaian")
    if isinstance(unit, dict):
        # A unit head's proposal is the unit's: its explanation carries the proposal steps.
        inputs["unit_capaian"] = {
            **unit,
            "proposed_rating": after.proposed_rating,
            "explanation": _with_new_proposal(unit.get("explanation"), proposal),
        }
    else:
        inputs["explanation"] = _with_new_proposal(inputs.get("explanation"), proposal)
    inputs["proposed_rating"] = after.proposed_rating
    inputs["recomputed"] = {
        "from_version": evaluation.policy_version,
        "to_version": policy.version,
        "result": after.result,
    }
    return inputs


def evaluation_recomputed(
    evaluation: Evaluation, ratings: list[str], policy: scoring.ScoringPolicy
) -> Recomputed:
    """What `evaluation` (final, with its BerAKHLAK `ratings`) becomes under `policy`."""
    return ratings_recomputed(_basis(evaluation), ratings, policy)


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
    change_count: int
    changes: list[PreviewRow]  # examples: at most PREVIEW_ROWS


def _bases(rows: list[dict[str, Any]], objected: set[int]) -> dict[int, Basis]:
    bases = {}
    for row in rows:
        unit = {"achievement": row["unit_achievement"]} if row["heads_unit"] else None
        bases[row["pk"]] = Basis(
            proposal_capaian(row["achievement"], {"unit_capaian": unit} if unit else {}),
            row["proposed_rating"],
            row["result_rating"],
            row["behaviour_rating"],
            row["predikat"],
            row["objection_in_inputs"] or row["pk"] in objected,
        )
    return bases


def policy_recompute_preview(year: AppraisalYear) -> RecomputePreview:
    """How many final evaluations are on an older version, how many would change, examples.

    Read in batches of plain values (the stored inputs are never loaded whole,
    only the two keys the rule needs), so a year of thousands stays cheap; at
    most PREVIEW_ROWS changing evaluations are loaded to be shown.
    """
    policy = year.scoring_policy()
    older = older_evaluations(year, policy.version).values(
        "pk",
        "achievement",
        "proposed_rating",
        "result_rating",
        "behaviour_rating",
        "predikat",
        unit_achievement=KT("inputs__unit_capaian__achievement"),
        heads_unit=ExpressionWrapper(
            Q(inputs__has_key="unit_capaian"), output_field=BooleanField()
        ),
        objection_in_inputs=ExpressionWrapper(
            Q(inputs__has_key="objection"), output_field=BooleanField()
        ),
    )
    older_count = 0
    change_count = 0
    examples: dict[int, Recomputed] = {}
    batch: list[dict[str, Any]] = []

    def look_at(rows: list[dict[str, Any]]) -> None:
        nonlocal change_count
        ids = [row["pk"] for row in rows]
        ratings: dict[int, list[str]] = {}
        for evaluation_id, rating in BehaviourAssessment.objects.filter(
            evaluation_id__in=ids
        ).values_list("evaluation_id", "rating"):
            ratings.setdefault(evaluation_id, []).append(rating)
        objected = set(
            EvaluationRevision.objects.filter(evaluation_id__in=ids, cause="objection").values_list(
                "evaluation_id", flat=True
            )
        )
        for pk, basis in _bases(rows, objected).items():
            if pk not in ratings:
                continue
            after = ratings_recomputed(basis, ratings[pk], policy)
            if after.changed:
                change_count += 1
                if len(examples) < PREVIEW_ROWS:
                    examples[pk] = after

    for row in older.iterator(chunk_size=BATCH):
        older_count += 1
        batch.append(dict(row))
        if len(batch) == BATCH:
            look_at(batch)
            batch = []
    if batch:
        look_at(batch)
    shown = (
        Evaluation.objects.filter(pk__in=examples)
        .defer("inputs")
        .select_related("plan__employee", "period__year")
        .order_by("pk")
    )
    changes = [PreviewRow(evaluation, examples[evaluation.pk]) for evaluation in shown]
    final_count = Evaluation.objects.filter(plan__year=year, status=Evaluation.Status.FINAL).count()
    return RecomputePreview(policy.version, final_count, older_count, change_count, changes)


def evaluation_policy_recompute(
    *, evaluation_id: int, policy: scoring.ScoringPolicy, user: User | None
) -> bool:
    """Recompute one final evaluation under `policy`; True when it changed (a new revision).

    A change is a new result for the pegawai: they are told, and asked to
    acknowledge the new revision (acknowledgement follows the revision).
    """
    with transaction.atomic():
        evaluation = (
            Evaluation.objects.select_for_update(of=("self",))
            .select_related("plan__employee__user", "period__year")
            .filter(pk=evaluation_id)
            .first()
        )
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
        inputs = recomputed_inputs(evaluation, after, policy)
        with translation.override(settings.LANGUAGE_CODE):
            note = _("Dihitung ulang dengan kebijakan versi %(new)s (sebelumnya %(old)s).") % {
                "new": policy.version,
                "old": evaluation.policy_version,
            }
        revision_record(evaluation=evaluation, cause="policy", note=note, user=user)
        evaluation.proposed_rating = after.proposed_rating
        evaluation.result_rating = after.result_rating
        evaluation.behaviour_rating = after.behaviour_rating
        evaluation.predikat = after.predikat
        evaluation.inputs = inputs
        evaluation.policy_version = policy.version
        evaluation.save()
        _notify_recomputed(evaluation)
    return True


def _notify_recomputed(evaluation: Evaluation) -> None:
    # Written in the site's language: the job runs outside any request.
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "Evaluasi kinerja %(period)s Anda dihitung ulang dengan kebijakan penilaian yang "
            "berlaku (revisi %(revision)d). Baca hasilnya dan terima kembali."
        ) % {"period": evaluation.period.label, "revision": evaluation.revision}
    acknowledgement_request(evaluation, text)


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


def may_recompute(user: object, year: AppraisalYear) -> bool:
    """HR admins of the year's instansi (the same people who recompute standings).

    The one rule: the page offers the run, and the service accepts it, by this.
    """
    if not isinstance(user, User):
        return False
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

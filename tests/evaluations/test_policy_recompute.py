"""Recomputing final evaluations under a changed policy: a visible new revision, or nothing."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from kinerja.core.models import BackgroundJob
from kinerja.cycles.services import policy_change
from kinerja.evaluations.models import Evaluation, EvaluationRevision
from kinerja.evaluations.recompute import (
    PolicyRecomputeError,
    policy_recompute_preview,
    policy_recompute_start,
    policy_recompute_year,
)
from kinerja.evaluations.services import evaluation_finalise, evaluation_open
from kinerja.scoring import Rating
from tests.support import behaviour, quarter, record

pytestmark = pytest.mark.usefixtures("start_of_year")


def finalised(cast, rating: str, reason: str = "", **values: str) -> Evaluation:
    """The pegawai's Q4 evaluation at 100 % capaian (proposal: Sesuai Ekspektasi), final."""
    record(cast.programmes, 12, "12")
    evaluation = evaluation_open(
        plan=cast.pegawai_plan, period=quarter(cast.year, 4), user=cast.penilai.user
    )
    assert evaluation.proposed_rating == "meets"
    return evaluation_finalise(
        evaluation=evaluation,
        user=cast.penilai.user,
        result_rating=Rating(rating),
        reason=reason,
        behaviour=behaviour(values.pop("default", "above"), **values),
    )


def change_policy(cast, **changes: object) -> str:
    current = cast.year.scoring_policy()
    change = policy_change(
        year=cast.year, actor=cast.hr_admin, policy=replace(current, **changes), reason="Uji"
    )
    return change.version


def test_an_accepted_proposal_follows_the_new_proposal_as_a_new_revision(cast):
    evaluation = finalised(cast, "meets")
    assert evaluation.predikat == "baik"
    version = change_policy(cast, rating_above_min=Decimal(100))

    preview = policy_recompute_preview(cast.year)
    assert (preview.final_count, preview.older_count, preview.change_count) == (1, 1, 1)
    assert Evaluation.objects.get(pk=evaluation.pk).revision == 1  # a preview writes nothing

    assert policy_recompute_year(year_id=cast.year.pk, user=cast.hr_admin) == (1, 1)
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert (stored.proposed_rating, stored.result_rating) == ("above", "above")
    assert stored.predikat == "sangat_baik"
    assert stored.policy_version == version and stored.revision == 2
    assert stored.inputs["recomputed"]["result"] == "follows_proposal"
    revision = EvaluationRevision.objects.get(evaluation=stored)
    assert (revision.number, revision.cause, revision.created_by) == (1, "policy", cast.hr_admin)
    assert revision.before["result_rating"] == "meets"
    assert revision.before["predikat"] == "baik"
    assert revision.before["policy_version"] == "default-2026"
    # Run again: everything is on the current version, nothing more happens.
    assert policy_recompute_year(year_id=cast.year.pk, user=cast.hr_admin) == (0, 0)
    assert EvaluationRevision.objects.count() == 1


def test_a_departure_keeps_the_penilai_choice_and_reason(cast):
    evaluation = finalised(cast, "below", "Laporan kegiatan tidak lengkap")
    change_policy(cast, rating_above_min=Decimal(100))
    policy_recompute_year(year_id=cast.year.pk, user=cast.hr_admin)
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert (stored.proposed_rating, stored.result_rating) == ("above", "below")
    assert stored.result_rating_reason == "Laporan kegiatan tidak lengkap"
    assert stored.revision == 2
    assert stored.inputs["recomputed"]["result"] == "penilai_choice_kept"


def test_the_behaviour_rule_is_applied_to_the_stored_ratings(cast):
    evaluation = finalised(cast, "meets", default="meets", loyal="below")
    assert (evaluation.behaviour_rating, evaluation.predikat) == ("meets", "baik")
    change_policy(cast, behaviour_rule="lowest")
    policy_recompute_year(year_id=cast.year.pk, user=cast.hr_admin)
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert (stored.behaviour_rating, stored.predikat) == ("below", "kurang")


def test_nothing_changes_nothing_is_written(cast):
    evaluation = finalised(cast, "meets")
    change_policy(cast, capaian_cap=Decimal(130))
    preview = policy_recompute_preview(cast.year)
    assert (preview.older_count, preview.change_count) == (1, 0)
    assert policy_recompute_year(year_id=cast.year.pk, user=cast.hr_admin) == (0, 1)
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert (stored.revision, stored.policy_version) == (1, "default-2026")
    assert not EvaluationRevision.objects.exists()


def test_drafts_are_not_touched(cast):
    record(cast.programmes, 12, "12")
    draft = evaluation_open(
        plan=cast.pegawai_plan, period=quarter(cast.year, 4), user=cast.penilai.user
    )
    change_policy(cast, rating_above_min=Decimal(100))
    assert policy_recompute_preview(cast.year).older_count == 0
    policy_recompute_year(year_id=cast.year.pk, user=cast.hr_admin)
    assert Evaluation.objects.get(pk=draft.pk).revision == 1


def test_a_run_is_a_job_started_by_hr_only_and_one_at_a_time(
    cast, django_capture_on_commit_callbacks
):
    evaluation = finalised(cast, "meets")
    change_policy(cast, rating_above_min=Decimal(100))
    with pytest.raises(PolicyRecomputeError):
        policy_recompute_start(cast.auditor, cast.year)
    with django_capture_on_commit_callbacks(execute=True):
        job = policy_recompute_start(cast.hr_admin, cast.year)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE and job.total == 1
    assert "1 dari 1" in job.message
    assert Evaluation.objects.get(pk=evaluation.pk).revision == 2

    with django_capture_on_commit_callbacks(execute=False):
        policy_recompute_start(cast.hr_admin, cast.year)  # queued, not yet run
        with pytest.raises(PolicyRecomputeError, match="sedang berjalan"):
            policy_recompute_start(cast.hr_admin, cast.year)

"""Recomputing final evaluations under a changed policy: a visible new revision, or nothing."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kinerja import scoring
from kinerja.core.models import BackgroundJob
from kinerja.cycles.models import AppraisalYear
from kinerja.cycles.services import policy_change
from kinerja.evaluations.models import Evaluation, EvaluationRevision
from kinerja.evaluations.recompute import (
    PolicyRecomputeError,
    policy_recompute_preview,
    policy_recompute_start,
    policy_recompute_year,
    proposal_capaian,
)
from kinerja.evaluations.revisions import revision_record
from kinerja.evaluations.services import evaluation_finalise, evaluation_open
from kinerja.notifications.models import Kind, Notification
from kinerja.scoring import Rating
from tests.matrix import client_as
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


def decide_on_objection(evaluation: Evaluation, user, *, behaviour: str, in_inputs: bool) -> None:
    """An objection decision as objections._change_result writes it: a revision, new ratings.

    Older decisions may carry only the revision (cause objection), not inputs["objection"].
    """
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    revision_record(evaluation=evaluation, cause="objection", note="Keputusan", user=user)
    outcome = scoring.predikat(Rating(evaluation.result_rating), Rating(behaviour))
    inputs = dict(evaluation.inputs, predikat=outcome.to_dict())
    if in_inputs:
        inputs["objection"] = {"result_rating": evaluation.result_rating, "reason": "Keputusan"}
    evaluation.inputs = inputs
    evaluation.behaviour_rating = behaviour
    evaluation.predikat = outcome.value.value
    evaluation.save()


@pytest.mark.parametrize("in_inputs", [True, False])
def test_a_result_decided_on_objection_keeps_both_ratings_only_the_proposal_moves(cast, in_inputs):
    evaluation = finalised(cast, "meets")  # the penilai accepted the proposal
    assert evaluation.behaviour_rating == "above"
    decide_on_objection(evaluation, cast.atasan.user, behaviour="meets", in_inputs=in_inputs)
    decided = Evaluation.objects.get(pk=evaluation.pk)
    version = change_policy(cast, rating_above_min=Decimal(100))

    preview = policy_recompute_preview(cast.year)
    assert preview.change_count == 1  # the proposal moves
    (row,) = preview.changes
    assert (row.after.result_rating, row.after.behaviour_rating) == ("meets", "meets")

    assert policy_recompute_year(year_id=cast.year.pk, user=cast.hr_admin) == (1, 1)
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert stored.proposed_rating == "above"
    # Neither the decided Rating Hasil Kerja nor the decided Rating Perilaku Kerja follows the
    # new proposal or the stored BerAKHLAK ratings (all above): the decision is final.
    assert (stored.result_rating, stored.behaviour_rating) == ("meets", "meets")
    assert stored.predikat == decided.predikat
    assert stored.inputs["predikat"] == decided.inputs["predikat"]
    assert stored.inputs["recomputed"]["result"] == "objection_decision_kept"
    assert stored.policy_version == version and stored.revision == decided.revision + 1


def make_unit_head(evaluation: Evaluation, achievement: str) -> None:
    """Store the capaian kinerja organisasi as the snapshot does for a unit head."""
    inputs = dict(evaluation.inputs)
    inputs["unit_capaian"] = {
        "unit": 1,
        "unit_name": "Bidang",
        "achievement": achievement,
        "proposed_rating": "meets",
        "source": "pk",
        "linked": 1,
        "explanation": {"value": None, "steps": []},
    }
    Evaluation.objects.filter(pk=evaluation.pk).update(inputs=inputs)


def test_a_unit_heads_proposal_is_recomputed_from_the_units_capaian(cast):
    evaluation = finalised(cast, "meets")
    assert evaluation.achievement == Decimal(100)
    make_unit_head(evaluation, "105.0000")  # the unit did better than the head's own SKP
    change_policy(cast, rating_above_min=Decimal(105))

    preview = policy_recompute_preview(cast.year)
    assert preview.change_count == 1
    assert preview.changes[0].after.proposed_rating == "above"

    policy_recompute_year(year_id=cast.year.pk, user=cast.hr_admin)
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert (stored.proposed_rating, stored.result_rating) == ("above", "above")
    assert stored.inputs["unit_capaian"]["proposed_rating"] == "above"
    codes = [s["code"] for s in stored.inputs["unit_capaian"]["explanation"]["steps"]]
    assert any(code.startswith("rating.") for code in codes)


def test_proposal_capaian_is_the_units_for_a_head_and_the_skps_otherwise():
    assert proposal_capaian(Decimal(100), {}) == Decimal(100)
    assert proposal_capaian(Decimal(100), {"unit_capaian": {"achievement": "95.5"}}) == Decimal(
        "95.5"
    )
    # A unit without data proposes nothing, whatever the head's own SKP measured.
    assert proposal_capaian(Decimal(100), {"unit_capaian": {"achievement": None}}) is None


def all_quarters_final(cast) -> list[Evaluation]:
    record(cast.programmes, 12, "12")
    finals = []
    for number in (1, 2, 3, 4):
        evaluation = evaluation_open(
            plan=cast.pegawai_plan, period=quarter(cast.year, number), user=cast.penilai.user
        )
        finals.append(
            evaluation_finalise(
                evaluation=evaluation,
                user=cast.penilai.user,
                result_rating=Rating(evaluation.proposed_rating or "meets"),
                reason="" if evaluation.proposed_rating else "Belum ada data",
                behaviour=behaviour("meets", loyal="below"),
            )
        )
    return finals


# A key read is `"inputs", '$.key'` on SQLite; on PostgreSQL `"inputs" #>> ...` or `? 'key'`.
WHOLE_INPUTS = re.compile(r'"evaluations_evaluation"\."inputs"(?!, \'\$| ->| #>| \? )')


def test_the_preview_reads_plain_values_in_batches_and_shows_a_sample(
    cast, monkeypatch, django_assert_max_num_queries
):
    all_quarters_final(cast)
    change_policy(cast, behaviour_rule="lowest")  # every one of the four changes
    monkeypatch.setattr("kinerja.evaluations.recompute.PREVIEW_ROWS", 2)
    monkeypatch.setattr("kinerja.evaluations.recompute.BATCH", 3)
    with CaptureQueriesContext(connection) as queries:
        preview = policy_recompute_preview(cast.year)
    assert (preview.older_count, preview.change_count, len(preview.changes)) == (4, 4, 2)
    # The stored inputs are never loaded whole: only the two keys the rule reads.
    whole = [q["sql"] for q in queries.captured_queries if WHOLE_INPUTS.search(q["sql"])]
    assert whole == []
    assert [row.after.behaviour_rating for row in preview.changes] == ["below", "below"]


def test_the_preview_page_shows_the_sample_and_the_full_count(cast, monkeypatch):
    finals = all_quarters_final(cast)
    change_policy(cast, behaviour_rule="lowest")
    monkeypatch.setattr("kinerja.evaluations.recompute.PREVIEW_ROWS", 1)
    page = client_as(cast, "hr_admin").get(
        reverse("evaluations:policy_recompute", args=[cast.year.pk])
    )
    html = page.content.decode()
    assert 'data-testid="change-count">4<' in html
    assert 'data-testid="changes-sample"' in html
    links = [reverse("evaluations:detail", args=[e.pk]) for e in finals]
    assert sum(f'href="{link}"' in html for link in links) == 1


def test_the_page_and_the_service_apply_one_rule_for_who_may_run(cast, monkeypatch):
    finalised(cast, "meets")
    change_policy(cast, rating_above_min=Decimal(100))
    # Take the HR admin's right away where the service reads it: the page follows.
    monkeypatch.setattr(
        "kinerja.evaluations.recompute.recompute_years_allowed",
        lambda user: AppraisalYear.objects.none(),
    )
    url = reverse("evaluations:policy_recompute", args=[cast.year.pk])
    client = client_as(cast, "hr_admin")
    assert 'data-testid="run-recompute"' not in client.get(url).content.decode()
    assert client.post(url).status_code == 403
    assert not BackgroundJob.objects.exists()


def test_a_changed_evaluation_is_announced_to_the_pegawai_in_the_site_language(cast):
    evaluation = finalised(cast, "meets")
    change_policy(cast, rating_above_min=Decimal(100))
    with translation.override("en"):  # whoever runs it, the notice is in Bahasa Indonesia
        policy_recompute_year(year_id=cast.year.pk, user=cast.hr_admin)
    notice = Notification.objects.get(key=f"evaluation:{evaluation.pk}:r2")
    assert notice.recipient == cast.pegawai.user
    assert notice.kind == Kind.EVALUATION_FINALISED
    assert "dihitung ulang" in notice.text and "Triwulan IV" in notice.text
    assert notice.link == reverse("evaluations:detail", args=[evaluation.pk])
    revision = EvaluationRevision.objects.get(evaluation=evaluation)
    assert revision.note.startswith("Dihitung ulang")

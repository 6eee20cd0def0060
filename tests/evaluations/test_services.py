"""Rating a draft and finalising drafts: two steps, each all or nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kinerja import scoring
from kinerja.evaluations.models import BehaviourAssessment, Evaluation
from kinerja.evaluations.services import (
    DistributionWarning,
    EvaluationError,
    evaluation_open,
    evaluation_rate,
    evaluations_finalise,
)
from kinerja.notifications.models import Notification
from tests.evaluations.eval_support import bidang, dinas, rated_draft, set_predikat
from tests.support import behaviour, current_quarter, record


@pytest.fixture
def period(cast):
    return current_quarter(cast.year)


def _block(cast) -> None:
    cast.year.policy = {**(cast.year.policy or {}), "distribution_enforcement": "block"}
    cast.year.save()


def test_rating_keeps_a_draft_with_its_predikat_and_evidence(cast, period):
    draft = rated_draft(cast, period, rating="above")
    assert draft.status == Evaluation.Status.DRAFT
    assert draft.predikat and draft.behaviour_rating == "above"
    assert draft.inputs["predikat"]["steps"]
    assessment = BehaviourAssessment.objects.filter(evaluation=draft).first()
    assert assessment is not None and assessment.feedback
    assert not Notification.objects.filter(recipient=cast.pegawai.user).exists()


def test_rating_with_evidence_text_stores_it(cast, period):
    user = cast.penilai.user
    evaluation = evaluation_open(plan=cast.pegawai_plan, period=period, user=user)
    inputs = behaviour("meets")
    inputs["akuntabel"] = type(inputs["akuntabel"])(
        scoring.Rating("above"), "Tepat waktu", "Laporan BOS diserahkan 3 hari lebih awal"
    )
    evaluation_rate(
        evaluation=evaluation,
        user=user,
        result_rating=scoring.Rating(evaluation.proposed_rating or "meets"),
        reason="",
        behaviour=inputs,
    )
    stored = BehaviourAssessment.objects.get(evaluation=evaluation, value="akuntabel")
    assert stored.evidence == "Laporan BOS diserahkan 3 hari lebih awal"


def test_a_departure_without_reason_saves_nothing(cast, period):
    record(cast.programmes, 1, "12")
    user = cast.penilai.user
    evaluation = evaluation_open(plan=cast.pegawai_plan, period=period, user=user)
    other = "below" if evaluation.proposed_rating != "below" else "above"
    with pytest.raises(EvaluationError, match="alasan"):
        evaluation_rate(
            evaluation=evaluation,
            user=user,
            result_rating=scoring.Rating(other),
            reason="  ",
            behaviour=behaviour(),
        )
    evaluation.refresh_from_db()
    assert evaluation.result_rating == "" and evaluation.predikat == ""
    assert not BehaviourAssessment.objects.filter(evaluation=evaluation).exists()


def test_missing_behaviour_values_save_nothing(cast, period):
    user = cast.penilai.user
    evaluation = evaluation_open(plan=cast.pegawai_plan, period=period, user=user)
    partial = dict(list(behaviour().items())[:5])
    with pytest.raises(EvaluationError, match="Semua nilai BerAKHLAK"):
        evaluation_rate(
            evaluation=evaluation,
            user=user,
            result_rating=scoring.Rating("meets"),
            reason="",
            behaviour=partial,
        )
    assert not BehaviourAssessment.objects.filter(evaluation=evaluation).exists()


def test_finalising_an_unrated_draft_is_refused(cast, period):
    evaluation = evaluation_open(plan=cast.pegawai_plan, period=period, user=cast.penilai.user)
    with pytest.raises(EvaluationError, match="belum dinilai lengkap"):
        evaluations_finalise([evaluation], user=cast.penilai.user, acknowledge_warning=True)
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.DRAFT


def test_only_the_penilai_finalises(cast, period):
    draft = rated_draft(cast, period)
    with pytest.raises(PermissionDenied):
        evaluations_finalise([draft], user=cast.atasan.user, acknowledge_warning=True)
    draft.refresh_from_db()
    assert draft.status == Evaluation.Status.DRAFT


def test_finalising_without_org_predikat_notes_it_and_notifies_the_pegawai(cast, period):
    draft = rated_draft(cast, period)
    (final,) = evaluations_finalise([draft], user=cast.penilai.user, acknowledge_warning=False)
    assert final.status == Evaluation.Status.FINAL and final.finalised_at
    assert "belum ditetapkan" in final.distribution_note
    note = Notification.objects.get(recipient=cast.pegawai.user)
    assert note.kind == "evaluation_finalised"
    assert note.key == f"evaluation:{final.pk}:r1"
    assert note.link == reverse("evaluations:detail", args=[final.pk])
    assert "tanda terima" in note.text


def test_a_blocking_policy_refuses_a_broken_distribution_and_saves_nothing(cast, period):
    _block(cast)
    # One person rated Baik in a unit whose predikat Baik needs one Butuh Perbaikan or Kurang.
    set_predikat(cast, bidang(cast), period, "baik")
    draft = rated_draft(cast, period, result="meets", reason="sesuai bukti")
    with pytest.raises(EvaluationError, match="menolak finalisasi") as refused:
        evaluations_finalise([draft], user=cast.penilai.user, acknowledge_warning=True)
    assert "Butuh Perbaikan atau Kurang/Misconduct" in str(refused.value)
    draft.refresh_from_db()
    assert draft.status == Evaluation.Status.DRAFT and draft.distribution_note == ""
    assert not Notification.objects.filter(recipient=cast.pegawai.user).exists()


def test_after_adjusting_a_rating_the_blocked_distribution_passes(cast, period):
    _block(cast)
    set_predikat(cast, bidang(cast), period, "butuh_perbaikan")
    draft = rated_draft(cast, period, result="meets", reason="sesuai bukti")
    with pytest.raises(EvaluationError):
        evaluations_finalise([draft], user=cast.penilai.user, acknowledge_warning=False)
    adjusted = rated_draft(cast, period, result="below", rating="meets", reason="target terlambat")
    assert adjusted.predikat == "butuh_perbaikan"
    (final,) = evaluations_finalise([adjusted], user=cast.penilai.user, acknowledge_warning=False)
    assert final.status == Evaluation.Status.FINAL and final.distribution_note == ""


def test_a_warning_policy_needs_acknowledgement_and_keeps_the_warning(cast, period):
    set_predikat(cast, dinas(cast), period, "baik")  # the dinas's curve covers the bidang
    draft = rated_draft(cast, period, result="meets", reason="sesuai bukti")
    with pytest.raises(DistributionWarning):
        evaluations_finalise([draft], user=cast.penilai.user, acknowledge_warning=False)
    draft.refresh_from_db()
    assert draft.status == Evaluation.Status.DRAFT
    (final,) = evaluations_finalise([draft], user=cast.penilai.user, acknowledge_warning=True)
    assert "Difinalkan dengan peringatan" in final.distribution_note
    assert "Dinas Pendidikan" in final.distribution_note


def test_a_final_evaluation_cannot_be_rated_again(cast, period):
    draft = rated_draft(cast, period)
    evaluations_finalise([draft], user=cast.penilai.user, acknowledge_warning=True)
    with pytest.raises(EvaluationError, match="sudah final"):
        rated_draft(cast, period)

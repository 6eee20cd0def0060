"""Objections: who files, explains and decides; the deadlines; what a decision changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.evaluations.models import Evaluation, EvaluationRevision, Objection
from kinerja.evaluations.objections import (
    ObjectionError,
    objection_decide,
    objection_explain,
    objection_file,
    objection_view,
)
from kinerja.notifications.models import Kind, Notification
from tests.evaluations.objection_support import Today, final_evaluation

DAY = dt.timedelta(days=1)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Today:
    return Today(monkeypatch)


@pytest.fixture
def evaluation(cast, today: Today) -> Evaluation:
    return final_evaluation(cast)


def _filed(cast, evaluation: Evaluation) -> Objection:
    return objection_file(
        evaluation=evaluation, user=cast.pegawai.user, reason="Bukti kegiatan Maret belum dihitung."
    )


def _explained(cast, evaluation: Evaluation) -> Objection:
    _filed(cast, evaluation)
    return objection_explain(
        evaluation=evaluation, user=cast.penilai.user, explanation="Bukti Maret diunggah terlambat."
    )


def _snapshot(evaluation: Evaluation) -> tuple[object, ...]:
    stored = Evaluation.objects.get(pk=evaluation.pk)
    objection = Objection.objects.filter(evaluation=evaluation).values().first()
    return (
        stored.result_rating,
        stored.behaviour_rating,
        stored.predikat,
        stored.revision,
        objection,
        EvaluationRevision.objects.count(),
    )


# Filing -------------------------------------------------------------------------------------


def test_pegawai_files_on_the_last_day_of_the_window_and_both_deadlines_are_set(
    cast, evaluation, today, django_capture_on_commit_callbacks
):
    cast.year.objection_days, cast.year.objection_explain_days = 10, 5
    cast.year.objection_decide_days = 12
    cast.year.save()
    day = today.days_after_finalising(evaluation, 10)

    with django_capture_on_commit_callbacks(execute=True):
        objection = _filed(cast, evaluation)

    assert objection.status == Objection.Status.FILED
    assert objection.filed_by == cast.pegawai.user and objection.filed_at is not None
    assert objection.explain_due == day + dt.timedelta(days=5)
    assert objection.decide_due == day + dt.timedelta(days=12)
    told = Notification.objects.get(kind=Kind.OBJECTION_FILED)
    assert told.recipient == cast.penilai.user
    assert told.link.endswith(f"/{evaluation.pk}/keberatan/#keberatan")


def test_an_objection_one_day_late_is_refused_and_nothing_is_saved(cast, evaluation, today):
    today.days_after_finalising(evaluation, cast.year.objection_days + 1)
    before = _snapshot(evaluation)

    with pytest.raises(ObjectionError, match="Batas pengajuan keberatan sudah lewat"):
        _filed(cast, evaluation)

    assert _snapshot(evaluation) == before
    assert not objection_view(evaluation, cast.pegawai.user).may_file


@pytest.mark.parametrize("role", ["penilai", "atasan", "outsider", "hr_admin", "auditor"])
def test_only_the_pegawai_may_object(cast, evaluation, role):
    with pytest.raises(PermissionDenied):
        objection_file(evaluation=evaluation, user=cast.user(role), reason="Tidak setuju.")
    assert not Objection.objects.exists()


def test_a_reason_is_required(cast, evaluation):
    with pytest.raises(ObjectionError, match="alasan keberatan"):
        objection_file(evaluation=evaluation, user=cast.pegawai.user, reason="   ")
    assert not Objection.objects.exists()


def test_one_objection_per_evaluation(cast, evaluation):
    first = _filed(cast, evaluation)
    with pytest.raises(ObjectionError, match="sudah pernah diajukan"):
        _filed(cast, evaluation)
    assert list(Objection.objects.all()) == [first]


def test_a_draft_evaluation_cannot_be_objected_to(cast, today):
    from kinerja.evaluations.services import evaluation_open
    from tests.support import quarter

    draft = evaluation_open(
        plan=cast.pegawai_plan, period=quarter(cast.year, 2), user=cast.penilai.user
    )
    with pytest.raises(ObjectionError, match="sudah final"):
        _filed(cast, draft)
    assert not Objection.objects.exists()


# Explaining ---------------------------------------------------------------------------------


def test_penilai_explains_and_the_atasan_hears_of_it(
    cast, evaluation, django_capture_on_commit_callbacks
):
    _filed(cast, evaluation)
    with django_capture_on_commit_callbacks(execute=True):
        objection = objection_explain(
            evaluation=evaluation, user=cast.penilai.user, explanation="Sudah sesuai data."
        )
    assert objection.status == Objection.Status.EXPLAINED
    assert objection.explained_by == cast.penilai.user and objection.explained_at is not None
    told = Notification.objects.get(kind=Kind.OBJECTION_EXPLAINED)
    assert told.recipient == cast.atasan.user


@pytest.mark.parametrize("role", ["pegawai", "atasan", "outsider", "hr_admin", "auditor"])
def test_only_the_penilai_who_judged_may_explain(cast, evaluation, role):
    _filed(cast, evaluation)
    before = _snapshot(evaluation)
    with pytest.raises(PermissionDenied):
        objection_explain(evaluation=evaluation, user=cast.user(role), explanation="Penjelasan.")
    assert _snapshot(evaluation) == before


def test_explaining_on_the_due_day_is_allowed_and_the_day_after_is_refused(cast, evaluation, today):
    objection = _filed(cast, evaluation)
    today.set(objection.explain_due + DAY)
    with pytest.raises(ObjectionError, match="Batas penjelasan"):
        objection_explain(evaluation=evaluation, user=cast.penilai.user, explanation="Terlambat.")
    assert Objection.objects.get().status == Objection.Status.FILED

    today.set(objection.explain_due)
    explained = objection_explain(
        evaluation=evaluation, user=cast.penilai.user, explanation="Tepat waktu."
    )
    assert explained.status == Objection.Status.EXPLAINED


def test_an_explanation_is_given_once_and_needs_text(cast, evaluation):
    _filed(cast, evaluation)
    with pytest.raises(ObjectionError, match="penjelasan"):
        objection_explain(evaluation=evaluation, user=cast.penilai.user, explanation="")
    objection_explain(evaluation=evaluation, user=cast.penilai.user, explanation="Pertama.")
    with pytest.raises(ObjectionError, match="sudah diberikan"):
        objection_explain(evaluation=evaluation, user=cast.penilai.user, explanation="Kedua.")
    assert Objection.objects.get().explanation == "Pertama."


def test_the_penilai_who_judged_explains_even_after_changing_post(cast, evaluation, today):
    """The evaluator answers for their own judgement while they can act, whatever post
    they hold now (tests/evaluations/test_objection_route.py: when they cannot)."""
    from kinerja.organisation.models import Position
    from kinerja.organisation.services import assignment_create

    _filed(cast, evaluation)
    other = Position.objects.get(name="Kepala Bidang SMP")
    assignment_create(employee=cast.penilai, position=other, start=today.day)
    objection = objection_explain(
        evaluation=evaluation, user=cast.penilai.user, explanation="Penilaian saya."
    )
    assert objection.status == Objection.Status.EXPLAINED


# Deciding -----------------------------------------------------------------------------------


def test_atasan_changes_the_result_the_predikat_is_recomputed_and_a_revision_kept(
    cast, evaluation, django_capture_on_commit_callbacks
):
    assert (evaluation.result_rating, evaluation.predikat) == ("meets", "baik")
    _explained(cast, evaluation)

    with django_capture_on_commit_callbacks(execute=True):
        objection = objection_decide(
            evaluation=evaluation,
            user=cast.atasan.user,
            decision="changed",
            reason="Bukti Maret sah dan memenuhi target.",
            result_rating="above",
            behaviour_rating="above",
        )

    assert objection.status == Objection.Status.DECIDED and objection.decision == "changed"
    assert objection.decided_by == cast.atasan.user and objection.decided_at is not None
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert (stored.result_rating, stored.behaviour_rating) == ("above", "above")
    assert stored.predikat == "sangat_baik"
    assert stored.inputs["predikat"]["value"] is not None
    assert stored.revision == 2
    revision = EvaluationRevision.objects.get(evaluation=evaluation)
    assert revision.cause == "objection" and revision.number == 1
    assert revision.created_by == cast.atasan.user
    assert revision.before["predikat"] == "baik" and revision.before["result_rating"] == "meets"
    told = set(
        Notification.objects.filter(kind=Kind.OBJECTION_DECIDED).values_list("recipient", flat=True)
    )
    assert told == {cast.pegawai.user.pk, cast.penilai.user.pk}


def test_changing_only_the_result_rating_keeps_the_behaviour_rating(cast, evaluation):
    _explained(cast, evaluation)
    objection_decide(
        evaluation=evaluation,
        user=cast.atasan.user,
        decision="changed",
        reason="Hasil kerja melampaui target.",
        result_rating="above",
    )
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert (stored.result_rating, stored.behaviour_rating, stored.predikat) == (
        "above",
        "meets",
        "baik",
    )


def test_upholding_changes_nothing_on_the_evaluation(cast, evaluation):
    _explained(cast, evaluation)
    objection = objection_decide(
        evaluation=evaluation,
        user=cast.atasan.user,
        decision="upheld",
        reason="Penilaian sesuai bukti.",
        result_rating="above",
    )
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert objection.decision == "upheld"
    assert (stored.result_rating, stored.predikat, stored.revision) == ("meets", "baik", 1)
    assert not EvaluationRevision.objects.exists()


@pytest.mark.parametrize("role", ["pegawai", "penilai", "outsider", "hr_admin", "auditor"])
def test_only_the_atasan_penilai_may_decide(cast, evaluation, role):
    _explained(cast, evaluation)
    before = _snapshot(evaluation)
    with pytest.raises(PermissionDenied):
        objection_decide(
            evaluation=evaluation,
            user=cast.user(role),
            decision="changed",
            reason="Diubah.",
            result_rating="above",
        )
    assert _snapshot(evaluation) == before


def test_the_atasan_waits_for_the_explanation_until_its_deadline_has_passed(
    cast, evaluation, today
):
    objection = _filed(cast, evaluation)
    today.set(objection.explain_due)
    with pytest.raises(ObjectionError, match="belum dapat diputuskan"):
        objection_decide(
            evaluation=evaluation, user=cast.atasan.user, decision="upheld", reason="Tetap."
        )
    assert Objection.objects.get().status == Objection.Status.FILED
    assert not objection_view(evaluation, cast.atasan.user).may_decide

    today.set(objection.explain_due + DAY)
    assert objection_view(evaluation, cast.atasan.user).may_decide
    decided = objection_decide(
        evaluation=evaluation, user=cast.atasan.user, decision="upheld", reason="Tetap."
    )
    assert decided.status == Objection.Status.DECIDED and decided.explanation == ""


def test_a_decision_after_its_deadline_is_still_taken(cast, evaluation, today):
    objection = _explained(cast, evaluation)
    today.set(objection.decide_due + dt.timedelta(days=5))
    assert objection_view(evaluation, cast.atasan.user).decide_overdue
    decided = objection_decide(
        evaluation=evaluation, user=cast.atasan.user, decision="upheld", reason="Tetap."
    )
    assert decided.status == Objection.Status.DECIDED


@pytest.mark.parametrize(
    ("decision", "reason", "result", "message"),
    [
        ("upheld", "  ", "", "alasan keputusan"),
        ("dibatalkan", "Alasan.", "", "Pilih keputusan"),
        ("changed", "Alasan.", "", "sama dengan yang lama"),
        ("changed", "Alasan.", "meets", "sama dengan yang lama"),
        ("changed", "Alasan.", "luar_biasa", "tidak dikenal"),
    ],
)
def test_a_bad_decision_is_refused_and_nothing_is_saved(
    cast, evaluation, decision, reason, result, message
):
    _explained(cast, evaluation)
    before = _snapshot(evaluation)
    with pytest.raises(ObjectionError, match=message):
        objection_decide(
            evaluation=evaluation,
            user=cast.atasan.user,
            decision=decision,
            reason=reason,
            result_rating=result,
        )
    assert _snapshot(evaluation) == before


def test_the_decision_is_final(cast, evaluation):
    _explained(cast, evaluation)
    objection_decide(
        evaluation=evaluation,
        user=cast.atasan.user,
        decision="changed",
        reason="Diubah.",
        result_rating="above",
    )
    before = _snapshot(evaluation)
    with pytest.raises(ObjectionError, match="final"):
        objection_decide(
            evaluation=evaluation,
            user=cast.atasan.user,
            decision="changed",
            reason="Diubah lagi.",
            result_rating="below",
        )
    with pytest.raises(ObjectionError, match="final"):
        objection_explain(evaluation=evaluation, user=cast.penilai.user, explanation="Lagi.")
    with pytest.raises(ObjectionError, match="sudah pernah diajukan"):
        _filed(cast, evaluation)
    assert _snapshot(evaluation) == before
    view = objection_view(evaluation, cast.atasan.user)
    assert not (view.may_decide or view.may_explain or view.may_file)


def test_a_changed_result_rating_carries_the_decision_as_its_departure_reason(cast, evaluation):
    Evaluation.objects.filter(pk=evaluation.pk).update(proposed_rating="meets")
    _explained(cast, evaluation)
    objection_decide(
        evaluation=evaluation,
        user=cast.atasan.user,
        decision="changed",
        reason="Bukti sah.",
        result_rating="above",
    )
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert stored.departs_from_proposal
    assert stored.result_rating_reason == "Keputusan atas keberatan: Bukti sah."

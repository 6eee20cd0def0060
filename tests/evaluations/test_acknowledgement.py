"""The pegawai acknowledges a final evaluation: once, only they, never a draft."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.evaluations.acknowledgement import (
    AcknowledgementError,
    evaluation_acknowledge,
    may_acknowledge,
)
from kinerja.evaluations.models import Evaluation
from kinerja.evaluations.services import evaluation_finalise, evaluation_open
from kinerja.scoring import Rating
from tests.support import behaviour, quarter

pytestmark = pytest.mark.usefixtures("start_of_year")


def final_evaluation(cast) -> Evaluation:
    evaluation = evaluation_open(
        plan=cast.pegawai_plan, period=quarter(cast.year, 1), user=cast.penilai.user
    )
    return evaluation_finalise(
        evaluation=evaluation,
        user=cast.penilai.user,
        result_rating=Rating("meets"),
        reason="",
        behaviour=behaviour("meets"),
    )


def test_the_pegawai_acknowledges_a_final_evaluation_once(cast):
    evaluation = final_evaluation(cast)
    assert may_acknowledge(evaluation, cast.pegawai.user)
    evaluation_acknowledge(evaluation=evaluation, user=cast.pegawai.user)
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert stored.acknowledged_at is not None
    assert not may_acknowledge(stored, cast.pegawai.user)
    with pytest.raises(AcknowledgementError, match="sudah Anda terima"):
        evaluation_acknowledge(evaluation=stored, user=cast.pegawai.user)
    assert Evaluation.objects.get(pk=evaluation.pk).acknowledged_at == stored.acknowledged_at
    # Acknowledging changes nothing else: the result and its revision stay.
    assert (stored.predikat, stored.revision) == ("baik", 1)


@pytest.mark.parametrize("role", ["penilai", "atasan", "outsider", "hr_admin", "auditor"])
def test_nobody_else_may_acknowledge(cast, role):
    evaluation = final_evaluation(cast)
    assert not may_acknowledge(evaluation, cast.user(role))
    with pytest.raises(PermissionDenied):
        evaluation_acknowledge(evaluation=evaluation, user=cast.user(role))
    assert Evaluation.objects.get(pk=evaluation.pk).acknowledged_at is None


def test_a_draft_cannot_be_acknowledged(cast):
    draft = evaluation_open(
        plan=cast.pegawai_plan, period=quarter(cast.year, 1), user=cast.penilai.user
    )
    assert not may_acknowledge(draft, cast.pegawai.user)
    with pytest.raises(AcknowledgementError, match="belum final"):
        evaluation_acknowledge(evaluation=draft, user=cast.pegawai.user)
    assert Evaluation.objects.get(pk=draft.pk).acknowledged_at is None

"""The pegawai acknowledges a final evaluation: once, only they, never a draft."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from kinerja.evaluations.acknowledgement import (
    ACKNOWLEDGED,
    AcknowledgementError,
    acknowledged_current,
    evaluation_acknowledge,
    may_acknowledge,
)
from kinerja.evaluations.models import Evaluation, EvaluationRevision
from kinerja.evaluations.revisions import revision_record
from kinerja.evaluations.services import evaluation_finalise, evaluation_open
from kinerja.scoring import Rating
from tests.support import behaviour, quarter

pytestmark = pytest.mark.usefixtures("start_of_year")


def final_evaluation(cast, number: int = 1) -> Evaluation:
    evaluation = evaluation_open(
        plan=cast.pegawai_plan, period=quarter(cast.year, number), user=cast.penilai.user
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


def test_a_new_revision_is_asked_for_again(cast):
    evaluation = final_evaluation(cast)
    evaluation_acknowledge(evaluation=evaluation, user=cast.pegawai.user)
    first = Evaluation.objects.get(pk=evaluation.pk)
    assert first.acknowledged_revision == 1 and acknowledged_current(first)

    # An objection decision (or a recompute) keeps the old state and moves to revision 2.
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        revision_record(evaluation=locked, cause="objection", note="Diubah", user=cast.atasan.user)
        locked.save()
    revised = Evaluation.objects.get(pk=evaluation.pk)
    assert not acknowledged_current(revised)
    assert may_acknowledge(revised, cast.pegawai.user)
    assert Evaluation.objects.filter(ACKNOWLEDGED).count() == 0

    evaluation_acknowledge(evaluation=revised, user=cast.pegawai.user)
    again = Evaluation.objects.get(pk=evaluation.pk)
    assert (again.acknowledged_revision, again.revision) == (2, 2)
    assert not may_acknowledge(again, cast.pegawai.user)
    assert list(Evaluation.objects.filter(ACKNOWLEDGED)) == [again]


def test_the_detail_page_says_which_revision_was_acknowledged(cast, client):
    evaluation = final_evaluation(cast)
    evaluation_acknowledge(evaluation=evaluation, user=cast.pegawai.user)
    url = reverse("evaluations:detail", args=[evaluation.pk])
    client.force_login(cast.penilai.user)
    assert "untuk revisi 1" in client.get(url).content.decode()
    Evaluation.objects.filter(pk=evaluation.pk).update(revision=2)
    page = client.get(url).content.decode()
    assert 'data-testid="acknowledged-earlier"' in page and "revisi 2 perlu diterima" in page
    client.force_login(cast.pegawai.user)
    assert 'data-testid="acknowledge"' in client.get(url).content.decode()


def test_the_refusal_gives_the_moment_in_the_site_date_format(cast, monkeypatch):
    evaluation = final_evaluation(cast)
    # 03:05 UTC is 10:05 in Jakarta.
    pinned = dt.datetime(2026, 1, 31, 3, 5, tzinfo=dt.UTC)
    monkeypatch.setattr("kinerja.core.clock.now", lambda: pinned)
    evaluation_acknowledge(evaluation=evaluation, user=cast.pegawai.user)
    assert Evaluation.objects.get(pk=evaluation.pk).acknowledged_at == pinned
    with translation.override("id"), pytest.raises(AcknowledgementError) as refused:
        evaluation_acknowledge(evaluation=evaluation, user=cast.pegawai.user)
    assert "31 Januari 2026 10:05" in str(refused.value)


def test_earlier_acknowledgements_are_of_the_revision_current_at_their_moment(cast):
    migration = importlib.import_module(
        "kinerja.evaluations.migrations.0004_fix_peer_acknowledged_revision"
    )
    before, after = final_evaluation(cast), final_evaluation(cast, number=2)
    for evaluation in (before, after):
        Evaluation.objects.filter(pk=evaluation.pk).update(acknowledged_at=timezone.now())
        with transaction.atomic():
            locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
            revision_record(evaluation=locked, cause="policy", note="", user=None)
            locked.save()
    # `before` was acknowledged after its revision: of revision 2; `after` before it: of 1.
    EvaluationRevision.objects.filter(evaluation=before).update(
        created_at=timezone.now() - dt.timedelta(days=1)
    )
    Evaluation.objects.update(acknowledged_revision=None)
    migration.acknowledged_revisions(django_apps, None)
    assert Evaluation.objects.get(pk=before.pk).acknowledged_revision == 2
    assert Evaluation.objects.get(pk=after.pk).acknowledged_revision == 1

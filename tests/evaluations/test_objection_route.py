"""Who explains and who decides when people have moved, and the lists agree with the services.

The route is read today: the evaluator explains while they can still act (an active
account and a post), else the pegawai's penilai today; the pegawai's atasan penilai today
decides. Nobody is stuck because the evaluator changed post.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kinerja.accounts.models import User
from kinerja.evaluations import objections as objection_module
from kinerja.evaluations.models import Evaluation, EvaluationRevision, Objection
from kinerja.evaluations.objections import (
    objection_decide,
    objection_explain,
    objection_file,
    objection_lists,
    objection_view,
)
from kinerja.notifications.models import Kind, Notification
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import Assignment, Employee, Position
from kinerja.organisation.services import assignment_create, employee_create, position_create
from tests.conftest import PASSWORD, Cast, make_nip
from tests.evaluations.objection_support import Today, final_evaluation

DAY = dt.timedelta(days=1)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Today:
    return Today(monkeypatch)


@pytest.fixture
def evaluation(cast, today: Today) -> Evaluation:
    return final_evaluation(cast)


def _chief() -> Position:
    return Position.objects.get(name="Kepala Bidang SD")


def _successor(cast: Cast, today: Today) -> Employee:
    """A new Kepala Bidang SD from today: the pegawai's penilai today."""
    successor = employee_create(
        instansi=cast.instansi,
        nip=make_nip(9),
        name="Dewi Lestari",
        username="successor",
        password=PASSWORD,
    )
    assignment_create(employee=successor, position=_chief(), start=today.day)
    return successor


def _move_evaluator_under_outsider(cast: Cast, today: Today) -> None:
    """The evaluator takes a post under the outsider's: their own penilai is now the outsider,
    and today's tree no longer shows them the pegawai."""
    outsider_post = Assignment.objects.get(employee=cast.outsider).position
    post = position_create(
        unit=outsider_post.unit, name="Analis Data", kind="pelaksana", parent=outsider_post
    )
    assignment_create(employee=cast.penilai, position=post, start=today.day)


def _evaluator_leaves(cast: Cast, today: Today) -> None:
    Assignment.objects.filter(employee=cast.penilai).update(end=today.day - DAY)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _forget_viewers(*users: User) -> None:
    for user in users:
        user.__dict__.pop("_kinerja_viewer", None)


def _lists_agree_with_the_services(evaluation: Evaluation, users: list[User]) -> None:
    """Each user finds the objection in "to explain"/"to decide" exactly when they may act."""
    for user in users:
        _forget_viewers(user)
        lists = objection_lists(viewer_for(user))
        view = objection_view(evaluation, user)
        listed_explain = any(r.objection.evaluation_id == evaluation.pk for r in lists.to_explain)
        listed_decide = any(r.objection.evaluation_id == evaluation.pk for r in lists.to_decide)
        assert listed_explain == view.may_explain, user.username
        assert listed_decide == view.may_decide, user.username


def _file(cast: Cast, evaluation: Evaluation) -> Objection:
    return objection_file(evaluation=evaluation, user=cast.pegawai.user, reason="Keberatan.")


# The evaluator moved post -------------------------------------------------------------------


def test_an_evaluator_who_moved_still_explains_through_the_page_and_the_atasan_of_the_line_decides(
    cast, evaluation, today
):
    _file(cast, evaluation)
    _move_evaluator_under_outsider(cast, today)
    successor = _successor(cast, today)
    penilai = cast.penilai.user
    objection_url = reverse("evaluations:objection", args=[evaluation.pk])

    # Today's tree hides the pegawai from the evaluator: the detail page stays 404, the
    # objection page and the step are open to them because they explain it.
    assert (
        _client(penilai).get(reverse("evaluations:detail", args=[evaluation.pk])).status_code == 404
    )
    page = _client(penilai).get(objection_url)
    assert page.status_code == 200
    assert 'data-testid="objection-explain-form"' in page.content.decode()
    users = [penilai, successor.user, cast.atasan.user, cast.outsider.user, cast.pegawai.user]
    _lists_agree_with_the_services(evaluation, users)
    response = _client(penilai).post(
        reverse("evaluations:objection_explain", args=[evaluation.pk]),
        {"objection-explanation": "Penilaian saya atas bukti triwulan I."},
    )
    assert response.status_code == 302
    assert Objection.objects.get().status == Objection.Status.EXPLAINED

    # The decision belongs to the pegawai's atasan penilai today (the Kepala Dinas),
    # not to the evaluator's new penilai (the outsider), who still finds nothing.
    _lists_agree_with_the_services(evaluation, users)
    _forget_viewers(cast.atasan.user, cast.outsider.user)
    assert [
        r.objection.evaluation_id for r in objection_lists(viewer_for(cast.atasan.user)).to_decide
    ] == [evaluation.pk]
    assert not objection_lists(viewer_for(cast.outsider.user)).to_decide
    decide = reverse("evaluations:objection_decide", args=[evaluation.pk])
    data = {"objection-decision": "upheld", "objection-reason": "Sesuai bukti."}
    assert _client(cast.outsider.user).post(decide, data).status_code == 404
    assert _client(successor.user).post(decide, data).status_code == 403
    assert _client(cast.atasan.user).post(decide, data).status_code == 302
    assert Objection.objects.get().decided_by == cast.atasan.user


def test_the_successor_does_not_explain_while_the_evaluator_can(cast, evaluation, today):
    _file(cast, evaluation)
    _move_evaluator_under_outsider(cast, today)
    successor = _successor(cast, today)
    with pytest.raises(PermissionDenied):
        objection_explain(evaluation=evaluation, user=successor.user, explanation="Bukan saya.")
    assert objection_view(evaluation, cast.penilai.user).may_explain


def test_an_evaluator_who_left_is_replaced_by_the_pegawais_penilai_today(
    cast, evaluation, today, django_capture_on_commit_callbacks
):
    _evaluator_leaves(cast, today)
    successor = _successor(cast, today)
    with django_capture_on_commit_callbacks(execute=True):
        _file(cast, evaluation)
    assert Notification.objects.get(kind=Kind.OBJECTION_FILED).recipient == successor.user

    users = [cast.penilai.user, successor.user, cast.atasan.user, cast.pegawai.user]
    _lists_agree_with_the_services(evaluation, users)
    _forget_viewers(successor.user)
    assert objection_lists(viewer_for(successor.user)).to_explain
    url = reverse("evaluations:objection_explain", args=[evaluation.pk])
    data = {"objection-explanation": "Penjelasan dari penilai sekarang."}
    # The one who left no longer takes the step, and no longer sees the pegawai.
    assert _client(cast.penilai.user).post(url, data).status_code == 404
    assert _client(successor.user).post(url, data).status_code == 302
    assert Objection.objects.get().explained_by == successor.user


def test_an_evaluator_whose_account_is_closed_is_replaced_too(cast, evaluation, today):
    _file(cast, evaluation)
    successor = _successor(cast, today)
    User.objects.filter(pk=cast.penilai.user.pk).update(is_active=False)
    evaluation.refresh_from_db()
    objection = objection_explain(
        evaluation=evaluation, user=successor.user, explanation="Penilai sebelumnya nonaktif."
    )
    assert objection.explained_by == successor.user


# The lists -------------------------------------------------------------------------------------


def _awaiting_decision(cast: Cast, number: int) -> Evaluation:
    evaluation = final_evaluation(cast, number=number)
    _file(cast, evaluation)
    objection_explain(evaluation=evaluation, user=cast.penilai.user, explanation="Penjelasan.")
    return evaluation


def test_the_to_decide_list_reads_the_route_once_for_all_objections(
    cast, today, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("evaluations:objections")
    _awaiting_decision(cast, 1)
    client = _client(cast.atasan.user)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _awaiting_decision(cast, 2)
    _awaiting_decision(cast, 3)

    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('data-testid="objection-') >= 3
    _forget_viewers(cast.atasan.user)
    assert len(objection_lists(viewer_for(cast.atasan.user)).to_decide) == 3


def test_the_instansi_list_is_paginated(cast, today, monkeypatch):
    monkeypatch.setattr(objection_module, "OFFICE_PAGE_SIZE", 2)
    for number in (1, 2, 3):
        _file(cast, final_evaluation(cast, number=number))
    client = _client(cast.hr_admin)
    first = client.get(reverse("evaluations:objections")).content.decode()
    second = client.get(reverse("evaluations:objections") + "?halaman=2").content.decode()
    rows = 'data-testid="objection-'
    assert first.count(rows) == 2 and second.count(rows) == 1
    assert 'data-testid="instansi-pages"' in first
    assert "?halaman=2#instansi" in first


# Deadlines and language -----------------------------------------------------------------------


def test_a_late_decision_is_accepted_recorded_as_late_and_shown(
    cast, evaluation, today, django_capture_on_commit_callbacks
):
    objection = _file(cast, evaluation)
    objection_explain(evaluation=evaluation, user=cast.penilai.user, explanation="Penjelasan.")
    today.set(objection.decide_due + 2 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        decided = objection_decide(
            evaluation=evaluation, user=cast.atasan.user, decision="upheld", reason="Tetap."
        )
    assert decided.status == Objection.Status.DECIDED
    assert objection_view(evaluation, cast.pegawai.user).decided_late
    told = Notification.objects.get(kind=Kind.OBJECTION_DECIDED, recipient=cast.pegawai.user)
    assert "sesudah batasnya" in told.text
    page = _client(cast.pegawai.user).get(reverse("evaluations:objection", args=[evaluation.pk]))
    assert 'data-testid="objection-decided-late"' in page.content.decode()
    listed = _client(cast.hr_admin).get(reverse("evaluations:objections")).content.decode()
    assert 'data-testid="decided-late"' in listed


def test_a_decision_on_time_is_not_late(cast, evaluation, today):
    objection = _file(cast, evaluation)
    objection_explain(evaluation=evaluation, user=cast.penilai.user, explanation="Penjelasan.")
    today.set(objection.decide_due)
    objection_decide(evaluation=evaluation, user=cast.atasan.user, decision="upheld", reason="T.")
    assert not objection_view(evaluation, cast.pegawai.user).decided_late


def test_stored_texts_are_in_the_site_language_whatever_the_actor_reads(
    cast, evaluation, today, django_capture_on_commit_callbacks
):
    Evaluation.objects.filter(pk=evaluation.pk).update(proposed_rating="meets")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        _file(cast, evaluation)
        objection_explain(evaluation=evaluation, user=cast.penilai.user, explanation="Jelas.")
        objection_decide(
            evaluation=evaluation,
            user=cast.atasan.user,
            decision="changed",
            reason="Bukti sah.",
            result_rating="above",
        )
    stored = Evaluation.objects.get(pk=evaluation.pk)
    assert stored.result_rating_reason == "Keputusan atas keberatan: Bukti sah."
    assert EvaluationRevision.objects.get().note == "Keputusan atas keberatan: Bukti sah."
    texts = dict(Notification.objects.values_list("kind", "text"))
    assert texts[Kind.OBJECTION_FILED].startswith("Andi Pratama mengajukan keberatan")
    assert texts[Kind.OBJECTION_EXPLAINED].startswith("Keberatan Andi Pratama")
    assert "telah diputuskan: Hasil evaluasi diubah" in texts[Kind.OBJECTION_DECIDED]

"""Feedback becomes news for the other side of the SKP's conversation, once, never the author."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kinerja.core import clock
from kinerja.feedback.models import FeedbackMessage, FollowUpPlan
from kinerja.feedback.services import (
    check_in_record,
    feedback_post,
    follow_up_add,
    follow_up_close,
)
from kinerja.notifications.models import Kind, Notification
from kinerja.notifications.services import notifications_collect, preference_save
from kinerja.plans.models import CoreValue, PerformancePlan
from tests.feedback.feedback_support import coverage_behind, rights


def _of(user) -> list[Notification]:
    # Feedback items only: an IKI behind target also leaves realisasi waiting for the penilai.
    return list(
        Notification.objects.filter(recipient=user, kind=Kind.FEEDBACK_RECEIVED).order_by("pk")
    )


def _page(plan: PerformancePlan, anchor: str) -> str:
    return f"{reverse('feedback:plan', args=[plan.pk])}#{anchor}"


def _say(cast, role: str, text: str, *, plan=None, value: str = "") -> FeedbackMessage:
    plan = plan or cast.pegawai_plan
    result = None if value else plan.results.order_by("pk").first()
    return feedback_post(
        rights=rights(cast, role, plan), plan=plan, result=result, value=value, text=text
    )


def _follow_up(cast, role: str, owner, indicator=None) -> FollowUpPlan:
    return follow_up_add(
        rights=rights(cast, role),
        plan=cast.pegawai_plan,
        indicator=indicator or coverage_behind(cast),
        action="Kunjungi sekolah dengan APS terendah.",
        owner=owner,
        due=clock.today() + dt.timedelta(days=14),
    )


def test_the_penilai_writes_and_only_the_pegawai_hears_once_however_often_it_runs(cast):
    message = _say(cast, "penilai", "Lengkapi daftar hadir sebagai bukti dukung.")

    first = notifications_collect()
    second = notifications_collect()

    [item] = _of(cast.pegawai.user)
    assert item.kind == Kind.FEEDBACK_RECEIVED
    assert item.read_at is None
    assert "Siti Rahmawati" in item.text and "Lengkapi daftar hadir" in item.text
    assert f"SKP {cast.year.year} Anda" in item.text
    assert item.link == _page(cast.pegawai_plan, f"rhk-{message.result_id}")
    assert item.key == f"feedback-message:{message.pk}"
    assert (first.created, second.created) == (1, 0)
    assert _of(cast.penilai.user) == [] and _of(cast.atasan.user) == []


def test_the_pegawai_answers_on_a_value_and_the_penilai_hears(cast):
    _say(cast, "pegawai", "Baik, Bu.", value=CoreValue.KOLABORATIF)

    notifications_collect()

    [item] = _of(cast.penilai.user)
    assert item.link == _page(cast.pegawai_plan, "value-kolaboratif")
    assert "Andi Pratama" in item.text and "Kolaboratif" in item.text
    assert f"SKP {cast.year.year} Andi Pratama" in item.text
    assert _of(cast.pegawai.user) == [] and _of(cast.atasan.user) == []


def test_the_atasan_writes_and_the_pegawai_hears_not_the_atasan(cast):
    _say(cast, "atasan", "Pertahankan.")

    notifications_collect()

    assert [n.kind for n in _of(cast.pegawai.user)] == [Kind.FEEDBACK_RECEIVED]
    assert _of(cast.atasan.user) == [] and _of(cast.penilai.user) == []


def test_a_check_in_reaches_the_pegawai(cast):
    check_in = check_in_record(
        rights=rights(cast, "penilai"),
        plan=cast.pegawai_plan,
        held_on=clock.today(),
        went_well="Realisasi tepat waktu.",
        to_improve="",
        agreed_actions="",
    )

    notifications_collect()

    [item] = _of(cast.pegawai.user)
    assert item.key == f"check-in:{check_in.pk}"
    assert item.link == _page(cast.pegawai_plan, "check-ins")
    assert "check-in" in item.text
    assert _of(cast.penilai.user) == []


def test_a_follow_up_agreed_by_the_penilai_reaches_the_pegawai_and_its_closing_too(cast):
    follow_up = _follow_up(cast, "penilai", cast.pegawai)
    notifications_collect()
    follow_up_close(rights=rights(cast, "penilai"), follow_up=follow_up, note="Sudah dikunjungi.")
    notifications_collect()
    notifications_collect()

    added, closed = _of(cast.pegawai.user)
    assert (added.key, closed.key) == (
        f"follow-up:{follow_up.pk}",
        f"follow-up-closed:{follow_up.pk}",
    )
    assert added.link == closed.link == _page(cast.pegawai_plan, f"follow-up-{follow_up.pk}")
    assert "Kunjungi sekolah" in added.text and "Sudah dikunjungi." in closed.text
    assert _of(cast.penilai.user) == []


def test_a_follow_up_of_the_pegawai_reaches_the_penilai_and_so_does_its_closing(cast):
    follow_up = _follow_up(cast, "pegawai", cast.penilai)
    follow_up_close(rights=rights(cast, "pegawai"), follow_up=follow_up, note="Selesai.")

    notifications_collect()

    keys = [n.key for n in _of(cast.penilai.user)]
    assert keys == [f"follow-up:{follow_up.pk}", f"follow-up-closed:{follow_up.pk}"]
    assert _of(cast.pegawai.user) == []


def test_a_follow_up_the_penilai_owns_is_still_news_for_the_pegawai(cast):
    follow_up = _follow_up(cast, "penilai", cast.penilai)
    notifications_collect()
    assert [n.key for n in _of(cast.pegawai.user)] == [f"follow-up:{follow_up.pk}"]
    assert _of(cast.penilai.user) == []


def test_a_closing_seen_late_is_collected_once(cast):
    follow_up = _follow_up(cast, "penilai", cast.pegawai)
    # The collector last ran two hours ago and was down since.
    notifications_collect(now=timezone.now() - dt.timedelta(hours=2))
    follow_up_close(rights=rights(cast, "penilai"), follow_up=follow_up, note="Beres.")
    FollowUpPlan.objects.filter(pk=follow_up.pk).update(
        closed_at=timezone.now() - dt.timedelta(hours=1)
    )

    notifications_collect()
    notifications_collect()

    keys = [n.key for n in _of(cast.pegawai.user)]
    assert keys == [f"follow-up:{follow_up.pk}", f"follow-up-closed:{follow_up.pk}"]


def test_a_muted_pegawai_hears_nothing_and_others_still_do(cast):
    preference_save(user=cast.pegawai.user, email_daily=True, muted_kinds=[Kind.FEEDBACK_RECEIVED])
    _say(cast, "penilai", "Untuk pegawai.")
    _say(cast, "pegawai", "Untuk penilai.")

    notifications_collect()

    assert _of(cast.pegawai.user) == []
    assert len(_of(cast.penilai.user)) == 1


def test_first_run_skips_feedback_older_than_a_week(cast):
    _say(cast, "penilai", "Lama sekali.")
    FeedbackMessage.objects.update(at=timezone.now() - dt.timedelta(days=10))

    assert notifications_collect().created == 0
    assert _of(cast.pegawai.user) == []


def test_a_message_past_the_cursor_is_collected_even_when_it_is_old(cast):
    notifications_collect()  # the cursors exist
    _say(cast, "penilai", "Ditulis saat pengumpul berhenti.")
    FeedbackMessage.objects.update(at=timezone.now() - dt.timedelta(hours=1))

    assert notifications_collect().created == 1
    assert len(_of(cast.pegawai.user)) == 1


@pytest.fixture
def outsider_plan(cast) -> PerformancePlan:
    # The outsider's own superior post is vacant: the atasan (kepala dinas) is their penilai.
    return PerformancePlan.objects.get(employee=cast.outsider)


def test_queries_do_not_grow_with_messages_or_skps(
    cast, outsider_plan, django_assert_max_num_queries
):
    behind = coverage_behind(cast)
    notifications_collect()  # the cursors exist; what follows measures a routine run
    _say(cast, "pegawai", "Satu.")
    _follow_up(cast, "pegawai", cast.pegawai, behind)
    with CaptureQueriesContext(connection) as few:
        notifications_collect()
    assert len(_of(cast.penilai.user)) == 2

    for number in range(6):
        _say(cast, "pegawai", f"Pegawai {number}")
        _say(cast, "penilai", f"Penilai {number}")
        feedback_post(
            rights=rights(cast, "outsider", outsider_plan),
            plan=outsider_plan,
            value=CoreValue.ADAPTIF,
            text=f"Outsider {number}",
        )
    _follow_up(cast, "pegawai", cast.pegawai, behind)

    with django_assert_max_num_queries(len(few)):
        done = notifications_collect()

    assert done.created == 6 + 6 + 6 + 1
    assert len(_of(cast.penilai.user)) == 2 + 6 + 1
    assert len(_of(cast.pegawai.user)) == 6
    # The outsider's words reach their penilai, the kepala dinas, and nobody else.
    assert len(_of(cast.atasan.user)) == 6
    assert _of(cast.outsider.user) == []

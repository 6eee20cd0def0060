"""Creating, reading and choosing: the services and selectors of the notifications app."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kinerja.notifications.models import Kind, Notification, NotificationPreference
from kinerja.notifications.selectors import notification_unread_count, preference_get
from kinerja.notifications.services import (
    NotificationError,
    notification_create,
    notification_mark_read,
    notifications_mark_all_read,
    preference_save,
)
from kinerja.plans.workflow import plan_submit
from tests.plans.workflow_support import make_draft


def test_create_with_a_key_is_idempotent(cast):
    user = cast.pegawai.user
    first = notification_create(recipient=user, kind=Kind.SKP_APPROVED, text="a", key="x:1")
    again = notification_create(recipient=user, kind=Kind.SKP_APPROVED, text="a", key="x:1")
    assert first is not None and again is None
    assert Notification.objects.filter(recipient=user).count() == 1


def test_create_refuses_an_unknown_kind(cast):
    with pytest.raises(ValueError):
        notification_create(recipient=cast.pegawai.user, kind="nonsense", text="a")
    assert not Notification.objects.exists()


def test_create_respects_a_muted_kind(cast):
    user = cast.pegawai.user
    preference_save(user=user, email_daily=True, muted_kinds=[Kind.SKP_APPROVED])
    assert notification_create(recipient=user, kind=Kind.SKP_APPROVED, text="a") is None
    assert notification_create(recipient=user, kind=Kind.SKP_RETURNED, text="b") is not None


def test_mark_read_only_the_own_and_all(cast):
    mine = notification_create(recipient=cast.pegawai.user, kind=Kind.SKP_APPROVED, text="a")
    notification_create(recipient=cast.pegawai.user, kind=Kind.SKP_RETURNED, text="b")
    theirs = notification_create(recipient=cast.penilai.user, kind=Kind.SKP_SUBMITTED, text="c")
    assert mine is not None and theirs is not None

    with pytest.raises(Notification.DoesNotExist):
        notification_mark_read(user=cast.pegawai.user, notification_id=theirs.pk)
    assert notification_unread_count(cast.penilai.user) == 1

    notification_mark_read(user=cast.pegawai.user, notification_id=mine.pk)
    assert notification_unread_count(cast.pegawai.user) == 1
    assert notifications_mark_all_read(user=cast.pegawai.user) == 1
    assert notification_unread_count(cast.pegawai.user) == 0
    assert notification_unread_count(cast.penilai.user) == 1


def test_preferences_default_then_saved(cast):
    user = cast.pegawai.user
    default = preference_get(user)
    assert (default.email_daily, default.muted_kinds, default.pk) == (True, [], None)

    preference_save(user=user, email_daily=False, muted_kinds=[Kind.SKP_APPROVED] * 2)
    saved = preference_get(user)
    assert (saved.email_daily, saved.muted_kinds) == (False, [Kind.SKP_APPROVED])


def test_an_unknown_muted_kind_is_refused_and_nothing_saved(cast):
    with pytest.raises(NotificationError):
        preference_save(user=cast.pegawai.user, email_daily=False, muted_kinds=["nonsense"])
    assert not NotificationPreference.objects.exists()


def test_collect_command_reports_and_is_idempotent(cast, capsys):
    plan_submit(plan=make_draft(cast), actor=cast.pegawai.user)
    call_command("collect_notifications")
    call_command("collect_notifications")
    out = capsys.readouterr().out
    assert "1 created" in out and "0 created" in out
    assert Notification.objects.count() == 1


def test_unread_count_leaves_out_kinds_muted_later(cast):
    user = cast.pegawai.user
    for kind in (Kind.SKP_APPROVED, Kind.FEEDBACK_RECEIVED, Kind.FEEDBACK_RECEIVED):
        notification_create(recipient=user, kind=kind, text="a")
    assert notification_unread_count(user) == 3

    preference_save(user=user, email_daily=True, muted_kinds=[Kind.FEEDBACK_RECEIVED])
    assert notification_unread_count(user) == 1
    preference_save(user=user, email_daily=True, muted_kinds=[])
    assert notification_unread_count(user) == 3

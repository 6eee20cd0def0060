"""The daily e-mail digest: unread items since the last digest, at most once a day per person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from kinerja.feedback.services import feedback_post
from kinerja.notifications.models import Kind, Notification, NotificationDigest
from kinerja.notifications.services import (
    DIGEST_ITEMS,
    digests_send,
    notification_create,
    notification_mark_read,
    notifications_collect,
    preference_save,
)
from tests.feedback.feedback_support import rights


@pytest.fixture
def penilai(cast):
    user = cast.penilai.user
    user.email = "siti@jambiprov.go.id"
    user.save(update_fields=["email"])
    return user


def _notify(user, text: str, kind: str = Kind.SKP_SUBMITTED) -> Notification:
    created = notification_create(recipient=user, kind=kind, text=text, link="/skp/persetujuan/")
    assert created is not None
    return created


def _send(capture, now=None):
    with capture(execute=True):
        return digests_send(now=now)


def test_digest_lists_the_unread_items_once(
    penilai, mailoutbox, django_capture_on_commit_callbacks
):
    _notify(penilai, "Andi Pratama mengajukan SKP untuk Anda setujui.")
    _notify(penilai, "3 realisasi menunggu verifikasi Anda.", Kind.REALISASI_PENDING)
    read = _notify(penilai, "Sudah dibaca, tidak ikut.")
    notification_mark_read(user=penilai, notification_id=read.pk)

    assert _send(django_capture_on_commit_callbacks).sent == 1

    [message] = mailoutbox
    assert message.to == ["siti@jambiprov.go.id"]
    assert message.subject == "Kinerja: 2 notifikasi baru"
    assert "Andi Pratama mengajukan SKP" in message.body
    assert "3 realisasi menunggu verifikasi" in message.body
    assert "Sudah dibaca" not in message.body
    digest = NotificationDigest.objects.get()
    assert (digest.user, digest.count) == (penilai, 2)


def test_a_second_run_the_same_day_sends_nothing_even_with_new_items(
    penilai, mailoutbox, django_capture_on_commit_callbacks
):
    _notify(penilai, "Pertama")
    _send(django_capture_on_commit_callbacks)
    _notify(penilai, "Kedua")

    assert _send(django_capture_on_commit_callbacks).sent == 0
    assert len(mailoutbox) == 1


def test_next_day_only_what_is_new_since_the_last_digest(
    penilai, mailoutbox, django_capture_on_commit_callbacks
):
    _notify(penilai, "Kemarin")
    _send(django_capture_on_commit_callbacks)
    _notify(penilai, "Hari ini")

    tomorrow = timezone.now() + dt.timedelta(days=1)
    assert _send(django_capture_on_commit_callbacks, tomorrow).sent == 1
    assert _send(django_capture_on_commit_callbacks, tomorrow).sent == 0

    assert len(mailoutbox) == 2
    assert "Hari ini" in mailoutbox[1].body
    assert "Kemarin" not in mailoutbox[1].body


def test_nothing_new_means_no_mail(penilai, mailoutbox, django_capture_on_commit_callbacks):
    _notify(penilai, "Kemarin")
    _send(django_capture_on_commit_callbacks)

    tomorrow = timezone.now() + dt.timedelta(days=1)
    assert _send(django_capture_on_commit_callbacks, tomorrow).sent == 0
    assert len(mailoutbox) == 1


def test_daily_email_off_or_no_address_means_no_mail(
    cast, penilai, mailoutbox, django_capture_on_commit_callbacks
):
    preference_save(user=penilai, email_daily=False, muted_kinds=[])
    _notify(penilai, "Untuk penilai")
    _notify(cast.pegawai.user, "Untuk pegawai tanpa e-mail")

    assert _send(django_capture_on_commit_callbacks).sent == 0
    assert mailoutbox == []
    assert not NotificationDigest.objects.exists()


def test_a_kind_muted_after_it_was_created_stays_out_of_the_mail(
    penilai, mailoutbox, django_capture_on_commit_callbacks
):
    _notify(penilai, "SKP menunggu")
    _notify(penilai, "Realisasi menunggu", Kind.REALISASI_PENDING)
    preference_save(user=penilai, email_daily=True, muted_kinds=[Kind.REALISASI_PENDING])

    _send(django_capture_on_commit_callbacks)

    [message] = mailoutbox
    assert "SKP menunggu" in message.body
    assert "Realisasi menunggu" not in message.body


def test_a_long_list_is_cut_with_how_many_more(
    penilai, mailoutbox, django_capture_on_commit_callbacks
):
    for number in range(DIGEST_ITEMS + 5):
        _notify(penilai, f"Butir {number}")

    _send(django_capture_on_commit_callbacks)

    [message] = mailoutbox
    assert message.body.count("Butir ") == DIGEST_ITEMS
    assert "dan 5 lainnya" in message.body


def test_send_digests_command_reports_and_is_idempotent(
    penilai, mailoutbox, django_capture_on_commit_callbacks, capsys
):
    _notify(penilai, "Dari perintah")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")
        call_command("send_digests")
    out = capsys.readouterr().out
    assert "1 digests sent" in out and "0 digests sent" in out
    assert len(mailoutbox) == 1


def test_the_digest_groups_by_kind_with_links_on_the_site(
    penilai, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://kinerja.jambiprov.go.id"
    _notify(penilai, "Umpan balik pertama", Kind.FEEDBACK_RECEIVED)
    _notify(penilai, "Andi mengajukan SKP")
    _notify(penilai, "Umpan balik kedua", Kind.FEEDBACK_RECEIVED)
    notification_create(
        recipient=penilai,
        kind=Kind.OBJECTION_FILED,
        text="Keberatan diajukan",
        link="/evaluasi/1/#keberatan",
    )

    _send(django_capture_on_commit_callbacks)

    [message] = mailoutbox
    body = message.body
    assert message.subject == "Kinerja: 4 notifikasi baru"
    skp = body.index("SKP menunggu persetujuan (1)")
    feedback = body.index("Umpan balik diterima (2)")
    objection = body.index("Keberatan diajukan (1)")
    # In the order of the kinds, each item under its own kind.
    assert skp < body.index("Andi mengajukan SKP") < feedback
    assert feedback < body.index("Umpan balik kedua") < body.index("Umpan balik pertama")
    assert body.index("Umpan balik pertama") < objection
    assert "  https://kinerja.jambiprov.go.id/skp/persetujuan/" in body
    assert "  https://kinerja.jambiprov.go.id/evaluasi/1/#keberatan" in body


def test_without_a_site_address_the_links_are_paths(
    penilai, mailoutbox, django_capture_on_commit_callbacks
):
    _notify(penilai, "Andi mengajukan SKP")
    _send(django_capture_on_commit_callbacks)
    assert "\n  /skp/persetujuan/" in mailoutbox[0].body


def test_collected_feedback_goes_into_one_mail_a_day(
    cast, penilai, mailoutbox, django_capture_on_commit_callbacks
):
    pegawai = rights(cast, "pegawai")
    result = cast.pegawai_plan.results.get()
    feedback_post(rights=pegawai, plan=cast.pegawai_plan, result=result, text="Pagi.")
    notifications_collect()
    _send(django_capture_on_commit_callbacks)
    feedback_post(rights=pegawai, plan=cast.pegawai_plan, result=result, text="Siang.")
    notifications_collect()
    _send(django_capture_on_commit_callbacks)

    [message] = mailoutbox
    assert "Umpan balik diterima (1)" in message.body and "Pagi." in message.body
    link = f"/umpan-balik/skp/{cast.pegawai_plan.pk}/#rhk-{result.pk}"
    assert f"  {link}" in message.body

    tomorrow = timezone.now() + dt.timedelta(days=1)
    assert _send(django_capture_on_commit_callbacks, tomorrow).sent == 1
    assert "Siang." in mailoutbox[1].body and "Pagi." not in mailoutbox[1].body

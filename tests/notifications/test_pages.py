"""The Notifikasi pages: what they show, bad input, and the unread count in the navigation."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.notifications.models import KIND_GROUPS, Kind, Notification, NotificationPreference
from kinerja.notifications.services import notification_create


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _notify(user, text: str, link: str = "") -> Notification:
    created = notification_create(recipient=user, kind=Kind.SKP_APPROVED, text=text, link=link)
    assert created is not None
    return created


def test_list_shows_only_the_own_notifications_and_the_nav_count(cast):
    _notify(cast.pegawai.user, "Milik pegawai satu")
    _notify(cast.pegawai.user, "Milik pegawai dua")
    _notify(cast.penilai.user, "Milik penilai")

    html = _client(cast.pegawai.user).get(reverse("notifications:list")).content.decode()

    assert "Milik pegawai satu" in html and "Milik pegawai dua" in html
    assert "Milik penilai" not in html
    assert 'data-testid="nav-notifications"' in html
    assert '<span class="badge neutral" aria-label="2 belum dibaca">2</span>' in html


def test_the_nav_count_costs_one_query_and_does_not_grow(cast):
    client = _client(cast.pegawai.user)
    url = reverse("dashboards:mine")
    _notify(cast.pegawai.user, "satu")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(20):
        _notify(cast.pegawai.user, f"lagi {number}")
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(few)
    counting = [q for q in many if '"notifications_notification"' in q["sql"]]
    assert len(counting) == 1 and "COUNT(" in counting[0]["sql"]
    assert ">21</span>" in html


def test_open_marks_read_and_goes_to_the_link(cast):
    item = _notify(cast.pegawai.user, "Lihat SKP", link=reverse("plans:mine"))
    response = _client(cast.pegawai.user).post(
        reverse("notifications:read", args=[item.pk]), {"open": "1"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("plans:mine")
    item.refresh_from_db()
    assert item.read_at is not None


def test_a_foreign_link_is_never_followed(cast):
    item = _notify(cast.pegawai.user, "Aneh", link="https://contoh.invalid/")
    response = _client(cast.pegawai.user).post(
        reverse("notifications:read", args=[item.pk]), {"open": "1"}
    )
    assert response["Location"] == reverse("notifications:list")


def test_a_huge_or_missing_id_is_absent_not_an_error(cast):
    client = _client(cast.pegawai.user)
    for pk in ("9" * 30, "999999"):
        response = client.post(f"/notifikasi/{pk}/baca/")
        assert response.status_code == 404


def test_preferences_with_an_unknown_kind_say_so_and_save_nothing(cast):
    response = _client(cast.pegawai.user).post(
        reverse("notifications:preferences"),
        {"email_daily": "on", "muted_kinds": ["skp_approved", "bukan-jenis"]},
    )
    assert response.status_code == 200
    assert "Jenis notifikasi tidak dikenal: bukan-jenis." in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_preferences_are_saved_and_shown_again(cast):
    client = _client(cast.pegawai.user)
    response = client.post(
        reverse("notifications:preferences"), {"muted_kinds": [Kind.REALISASI_PENDING]}
    )
    assert response.status_code == 302
    saved = NotificationPreference.objects.get(user=cast.pegawai.user)
    assert (saved.email_daily, saved.muted_kinds) == (False, [Kind.REALISASI_PENDING])
    html = client.get(reverse("notifications:preferences")).content.decode()
    assert 'value="realisasi_pending" id="id_muted_kinds_4" checked' in html
    assert 'data-testid="no-email"' in html


def test_a_kind_muted_after_its_items_came_leaves_the_nav_count(cast):
    _notify(cast.pegawai.user, "SKP disetujui")
    notification_create(
        recipient=cast.pegawai.user, kind=Kind.FEEDBACK_RECEIVED, text="Umpan balik", link=""
    )
    client = _client(cast.pegawai.user)
    assert ">2</span>" in client.get(reverse("notifications:list")).content.decode()

    client.post(reverse("notifications:preferences"), {"muted_kinds": [Kind.FEEDBACK_RECEIVED]})

    html = client.get(reverse("notifications:list")).content.decode()
    assert '<span class="badge neutral" aria-label="1 belum dibaca">1</span>' in html
    # Still listed, as the guide says: muting stops new items, it deletes nothing.
    assert "Umpan balik" in html


def test_preferences_list_every_kind_under_its_heading(cast):
    html = _client(cast.pegawai.user).get(reverse("notifications:preferences")).content.decode()
    for heading, kinds in KIND_GROUPS:
        assert f"<legend>{heading}</legend>" in html
        for kind in kinds:
            assert f'value="{kind.value}"' in html
    assert {k for _heading, kinds in KIND_GROUPS for k in kinds} == set(Kind)
    feedback = html.split('data-testid="kind-group-3"')[1].split("</fieldset>")[0]
    assert "Umpan balik diterima" in feedback and "Keberatan" not in feedback

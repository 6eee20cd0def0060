"""Who may reach the Notifikasi pages, role by role.

Every logged-in user has their own list and preferences, whatever their role;
another person's notification is absent (404) to everyone but its recipient.
Cells are read as tests/matrix.py says.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.notifications.models import Kind, Notification, NotificationPreference
from kinerja.notifications.services import notification_create
from tests.conftest import ROLES, Cast
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers

GET_TABLE = """
key                anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
list               login     200     200     200    200      200       200      200
preferences        login     200     200     200    200      200       200      200
"""

POST_TABLE = """
key                anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
read@pegawai       login     →list   404     404    404      404       404      404
read_all           login     →list   →list   →list  →list    →list     →list    →list
preferences        login     →prefs  →prefs  →prefs →prefs   →prefs    →prefs   →prefs
"""

COVERED = {
    "notifications:list",
    "notifications:read",
    "notifications:read_all",
    "notifications:preferences",
}

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


class World:
    # A plain class: tests/matrix.py loads this module outside sys.modules.
    def __init__(self, cast: Cast, notification: Notification) -> None:
        self.cast, self.notification = cast, notification

    def url(self, key: str) -> str:
        name, _, _target = key.partition("@")
        if name == "read":
            return reverse("notifications:read", args=[self.notification.pk])
        # "prefs" keeps the redirect cells of the table short.
        return reverse(f"notifications:{'preferences' if name == 'prefs' else name}")


@pytest.fixture
def world(cast) -> World:
    notification = notification_create(
        recipient=cast.pegawai.user, kind=Kind.SKP_APPROVED, text="SKP disetujui."
    )
    assert notification is not None
    return World(cast, notification)


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_answers_and_acts_only_for_the_allowed_role(world, key, role):
    url = world.url(key)
    expected = POST[key][role]

    response = client_as(world.cast, role).post(
        url, {"email_daily": "", "muted_kinds": [Kind.SKP_APPROVED]}
    )

    assert outcome_matches(response, expected, url, world.url), (
        f"POST {url} as {role}: expected {expected}, got {describe(response)}"
    )
    read = Notification.objects.get(pk=world.notification.pk).read_at is not None
    # Only the recipient's own posts may mark the pegawai's notification read.
    assert read == (role == "pegawai" and key in {"read@pegawai", "read_all"})
    saved = NotificationPreference.objects.filter(user=world.cast.user(role)).exists()
    assert saved == (key == "preferences" and role != "anonymous")

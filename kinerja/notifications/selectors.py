"""Reads of the notifications app, always of the requesting user's own data."""

from __future__ import annotations

from django.db.models import Count

from kinerja.accounts.models import User
from kinerja.notifications.models import Kind, Notification, NotificationPreference

LIST_LIMIT = 100


def notification_list(user: User, *, limit: int = LIST_LIMIT) -> list[Notification]:
    """The user's latest notifications, newest first; one query."""
    return list(Notification.objects.filter(recipient=user).order_by("-created", "-pk")[:limit])


def notification_unread_count(user: User) -> int:
    """How many of the user's notifications are unread, not counting the kinds they muted.

    One query on the unread index: the count per kind comes with the muted kinds of
    the user's preferences (a join), and a kind muted after its items were created
    stops counting at once, as it leaves the digest.
    """
    rows = (
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .order_by()
        .values("kind", "recipient__notification_preference__muted_kinds")
        .annotate(count=Count("pk"))
        .values_list("kind", "recipient__notification_preference__muted_kinds", "count")
    )
    return sum(count for kind, muted, count in rows if kind not in (muted or ()))


def preference_get(user: User) -> NotificationPreference:
    """The user's choices, or the defaults (daily e-mail on, nothing muted) when never saved."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user, email_daily=True, muted_kinds=[])


def kind_choices() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in Kind.choices]

"""The unread count in the navigation: one query per page, only for a logged-in user."""

from __future__ import annotations

from typing import Any

from django import template

from kinerja.notifications.selectors import notification_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return notification_unread_count(user)

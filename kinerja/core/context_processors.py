"""Template context shared by every page: which navigation entries the user has."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kinerja.organisation.access import viewer_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {}
    return {"viewer": viewer_for(request.user)}

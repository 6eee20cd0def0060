"""Bearer-token authentication and the per-token rate limit of the source-system API.

`request.auth` is the ApiToken: its `data_source`, `instansi_id` and
`allows(indicator_id)` decide what the request may touch.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from .errors import ApiError
from .models import ApiToken
from .selectors import token_find
from .services import token_touch

DEFAULT_RATE_LIMIT_PER_MINUTE = 120
WINDOW_SECONDS = 60


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; unknown, revoked or expired → 401, inactive source → 403."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = token_find(token.strip())
        if found is None or not found.is_usable:
            # One answer for all three, so a caller learns nothing about other tokens.
            raise ApiError(
                401, _("Token tidak ada, tidak dikenal, kedaluwarsa, atau sudah dicabut.")
            )
        if not found.data_source.active:
            raise ApiError(403, _("Sistem sumber token ini dinonaktifkan oleh admin kepegawaian."))
        token_touch(found)
        return found


def rate_limit() -> int:
    return int(getattr(settings, "API_RATE_LIMIT_PER_MINUTE", DEFAULT_RATE_LIMIT_PER_MINUTE))


class TokenRateThrottle(BaseThrottle):
    """A fixed window per token and minute, counted in Django's cache.

    Fixed windows cost one atomic increment per request; the shared cache
    (Redis in production) makes the count hold across worker processes.
    """

    def allow_request(self, request: HttpRequest) -> bool:
        token: Any = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return True
        window = int(time.time() // WINDOW_SECONDS)
        key = f"kinerja:api-rate:{token.pk}:{window}"
        cache.add(key, 0, timeout=WINDOW_SECONDS + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS + 1)
            count = 1
        return bool(count <= rate_limit())

    def wait(self) -> float:
        return WINDOW_SECONDS - (time.time() % WINDOW_SECONDS)

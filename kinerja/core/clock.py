"""The one source of "today" for the domain, so tests can pin it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    """Today's date in the deployment's time zone (Asia/Jakarta by default)."""
    return timezone.localdate()


def now() -> dt.datetime:
    """The current moment (aware), for checks such as "not in the future" that tests pin."""
    return timezone.now()

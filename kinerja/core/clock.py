"""The one source of "today" for the domain, so tests can pin it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

# Set only by `as_of`: the demo loader replays past acts on the day they happened.
_as_of: ContextVar[dt.date | None] = ContextVar("kinerja_clock_as_of", default=None)


def today() -> dt.date:
    """Today's date in the deployment's time zone (Asia/Jakarta by default)."""
    return _as_of.get() or timezone.localdate()


def now() -> dt.datetime:
    """The current moment (aware), for checks such as "not in the future" that tests pin."""
    return timezone.now()


@contextmanager
def as_of(day: dt.date) -> Iterator[None]:
    """Run the domain's rules as on `day` (the demo's history: an evaluation made
    while its period was open). Never used to serve a request."""
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)

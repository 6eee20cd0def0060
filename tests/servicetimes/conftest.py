"""Queue events in these tests are dated in the cast's year; pin "now" to that year's end.

The ingest refuses events from the future, so without this the tests would
fail in the first days of January, before the dates they use.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def end_of_year_now(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    pinned = timezone.make_aware(dt.datetime(timezone.localdate().year, 12, 31, 23, 0))
    monkeypatch.setattr("kinerja.core.clock.now", lambda: pinned)
    return pinned

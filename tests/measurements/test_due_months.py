"""A month that is due but not reported lowers a summed capaian instead of vanishing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kinerja.measurements.standing import months_passed
from kinerja.plans.models import PlanIndicator
from tests.support import record


def _pin(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    monkeypatch.setattr("kinerja.core.clock.today", lambda: day)


@pytest.mark.parametrize(
    ("year", "today", "expected"),
    [
        (2026, dt.date(2026, 1, 20), 0),
        (2026, dt.date(2026, 5, 15), 4),
        (2026, dt.date(2027, 2, 1), 12),
        (2026, dt.date(2025, 12, 31), 0),
    ],
)
def test_months_passed_counts_completed_months_of_the_year(year, today, expected):
    assert months_passed(year, today) == expected


def test_unreported_due_months_lower_a_summed_capaian(cast, monkeypatch):
    _pin(monkeypatch, dt.date(cast.year.year, 5, 15))  # January to April are due
    record(cast.programmes, 1, "1")  # target 12 a year: 4 are due by the end of April
    stored = PlanIndicator.objects.get(pk=cast.programmes.pk)
    assert stored.achievement == Decimal("25")


def test_a_month_reported_ahead_of_time_still_counts(cast, monkeypatch):
    _pin(monkeypatch, dt.date(cast.year.year, 2, 10))  # only January is due
    record(cast.programmes, 1, "1")
    record(cast.programmes, 2, "1")
    stored = PlanIndicator.objects.get(pk=cast.programmes.pk)
    assert stored.achievement == Decimal("100")  # 2 held against 2 for January-February


def test_a_ratio_is_not_prorated_by_due_months(cast, monkeypatch):
    _pin(monkeypatch, dt.date(cast.year.year, 9, 1))
    record(cast.coverage, 1, numerator="95", denominator="100")
    stored = PlanIndicator.objects.get(pk=cast.coverage.pk)
    assert stored.achievement == Decimal("100")

"""Which months of realisasi belong to which part of a split SKP, and its days in a span."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.plans.changes import months_of_part, overlap_days

YEAR = 2026


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ((1, 1), (12, 31), range(1, 13)),
        ((1, 1), (4, 14), range(1, 4)),  # April ends after the part: it goes to the next one
        ((4, 15), (12, 31), range(4, 13)),
        ((1, 1), (4, 30), range(1, 5)),  # closing on a month's last day keeps that month
        ((5, 1), (12, 31), range(5, 13)),
        ((4, 15), (4, 20), range(4, 4)),  # shorter than a month-end: owns no month
        ((2, 10), (3, 31), range(2, 4)),
    ],
)
def test_a_month_belongs_to_the_part_running_on_its_last_day(start, end, months):
    assert months_of_part(dt.date(YEAR, *start), dt.date(YEAR, *end)) == months


@given(
    cut=st.dates(min_value=dt.date(YEAR, 1, 2), max_value=dt.date(YEAR, 12, 31)),
)
def test_two_parts_share_the_twelve_months_without_overlap(cut):
    first = months_of_part(dt.date(YEAR, 1, 1), cut - dt.timedelta(days=1))
    second = months_of_part(cut, dt.date(YEAR, 12, 31))
    assert list(first) + list(second) == list(range(1, 13))


@given(
    cut=st.dates(min_value=dt.date(YEAR, 1, 2), max_value=dt.date(YEAR, 12, 31)),
    span_end=st.dates(min_value=dt.date(YEAR, 1, 1), max_value=dt.date(YEAR, 12, 31)),
)
def test_the_days_of_two_parts_fill_the_span(cut, span_end):
    jan1 = dt.date(YEAR, 1, 1)
    first = overlap_days(jan1, cut - dt.timedelta(days=1), jan1, span_end)
    second = overlap_days(cut, dt.date(YEAR, 12, 31), jan1, span_end)
    assert first + second == (span_end - jan1).days + 1

"""Waiting and service time statistics: durations, mean, median, outliers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from kinerja.scoring.service_time import (
    MIN_FOR_FENCE,
    OutlierReason,
    TicketTimes,
    duration_stats,
    group_stats,
    minutes_between,
    quartiles,
)

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_minutes_are_exact_and_signed():
    assert minutes_between(at(0), at(12.5)) == D("12.5")
    assert minutes_between(at(30), at(0)) == -30
    assert minutes_between(None, at(0)) is None


def test_waiting_and_service_of_a_ticket():
    ticket = TicketTimes("A-1", arrived=at(0), called=at(20), finished=at(35))
    assert (ticket.waiting, ticket.service) == (20, 15)
    assert TicketTimes("A-2", called=at(20)).waiting is None


def test_quartiles_interpolate_like_quartile_inc():
    assert quartiles([D(v) for v in (1, 2, 3, 4, 5)]) == (D(2), D(4))
    assert quartiles([D(v) for v in (1, 2, 3, 4)]) == (D("1.75"), D("3.25"))


def test_negative_and_far_values_are_excluded_but_listed():
    values = [("n", D(-3))] + [(f"k{i}", D(10 + i)) for i in range(8)] + [("far", D(200))]
    stats = duration_stats(values, maximum=D(480))

    assert stats.count == 10
    assert stats.kept == 8
    assert {(o.key, o.reason) for o in stats.outliers} == {
        ("n", OutlierReason.NEGATIVE),
        ("far", OutlierReason.ABOVE_FENCE),
    }
    assert stats.mean == D("13.50")
    assert stats.median == D("13.50")


def test_the_maximum_applies_to_small_groups_without_a_fence():
    stats = duration_stats([("a", D(5)), ("b", D(500))], maximum=D(480))
    assert stats.fence is None
    assert [(o.key, o.reason) for o in stats.outliers] == [("b", OutlierReason.ABOVE_MAXIMUM)]
    assert stats.mean == D(5)


def test_a_small_group_has_no_fence():
    stats = duration_stats([(str(i), D(v)) for i, v in enumerate([1, 1, 1, 100])])
    assert stats.fence is None
    assert stats.outliers == ()
    assert stats.mean == D("25.75")


def test_empty_group():
    stats = group_stats([])
    assert stats.tickets == 0
    assert stats.waiting.mean is None and stats.service.median is None


def test_metric_names_match_the_catalogue():
    stats = group_stats(
        [
            TicketTimes("1", at(0), at(10), at(15)),
            TicketTimes("2", at(0), at(30), at(31)),
        ]
    )
    assert stats.metric("wait_mean") == D(20)
    assert stats.metric("wait_median") == D(20)
    assert stats.metric("service_mean") == D(3)
    assert stats.metric("service_median") == D(3)


minutes = st.decimals(min_value=-600, max_value=2000, places=2, allow_nan=False)
samples = st.lists(minutes, max_size=40).map(lambda ms: [(f"t{i}", m) for i, m in enumerate(ms)])


@given(samples)
def test_kept_and_outliers_add_up_and_negatives_are_always_outliers(values):
    stats = duration_stats(values, maximum=D(480))
    assert stats.kept + len(stats.outliers) == stats.count == len(values)
    negative = {k for k, m in values if m < 0}
    flagged = {o.key for o in stats.outliers}
    assert negative <= flagged
    assert all(o.minutes > 480 for o in stats.outliers if o.reason == OutlierReason.ABOVE_MAXIMUM)


@given(samples)
def test_mean_and_median_lie_within_the_kept_values(values):
    stats = duration_stats(values, maximum=D(480))
    flagged = {o.key for o in stats.outliers}
    kept = [m for k, m in values if k not in flagged]
    if not kept:
        assert stats.mean is None and stats.median is None
        return
    assert stats.mean is not None and stats.median is not None
    assert min(kept) - D("0.01") <= stats.mean <= max(kept) + D("0.01")
    assert min(kept) - D("0.01") <= stats.median <= max(kept) + D("0.01")
    assert all(D(0) <= m <= 480 for m in kept)


@given(samples, st.randoms(use_true_random=False))
def test_order_of_tickets_does_not_matter(values, random):
    shuffled = list(values)
    random.shuffle(shuffled)
    assert duration_stats(values, maximum=D(480)) == duration_stats(shuffled, maximum=D(480))


@given(
    st.lists(st.decimals(min_value=0, max_value=60, places=1), min_size=MIN_FOR_FENCE, max_size=30)
)
def test_one_absurd_value_in_a_large_group_is_fenced_off(regular):
    values = [(f"t{i}", m) for i, m in enumerate(regular)]
    without = duration_stats(values)
    with_far = duration_stats([*values, ("far", D(100_000))])
    assert "far" in {o.key for o in with_far.outliers}
    # The fence is computed without it only when it sits above the maximum; here no
    # maximum is set, so it only has to stay out of the mean.
    assert with_far.mean is not None and with_far.mean <= 60
    assert without.count + 1 == with_far.count

"""Waiting and service time of queue tickets: durations, mean, median and outliers.

A queue machine stamps each ticket when it is taken (arrival), called to a
counter (call) and closed (finish). Waiting time is call − arrival and service
time is finish − call, in minutes, the jangka waktu pelayanan of a standar
pelayanan (PermenPANRB 15/2014). Nothing is silently dropped: a duration that
cannot be real (negative: a clock was wrong or events were mixed up) or that
is far outside the rest (beyond
Q3 + k × IQR, Tukey's "far out" fence with k = 3, or beyond a fixed maximum)
is kept out of the mean and median but counted and listed with its reason.

Pure standard library and Decimal, like the rest of the engine.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

MINUTE = Decimal(60)
TWO_PLACES = Decimal("0.01")
# Tukey's "far out" fence; 1.5 would flag ordinary busy days.
DEFAULT_IQR_FACTOR = Decimal(3)
# A fence from fewer values than this moves with every ticket: only the
# negative and maximum rules apply to such small groups.
MIN_FOR_FENCE = 8


class OutlierReason(StrEnum):
    NEGATIVE = "negative"
    ABOVE_MAXIMUM = "above_maximum"
    ABOVE_FENCE = "above_fence"


@dataclass(frozen=True)
class TicketTimes:
    """The three stamps of one ticket; any may still be unknown."""

    key: str
    arrived: dt.datetime | None = None
    called: dt.datetime | None = None
    finished: dt.datetime | None = None

    @property
    def waiting(self) -> Decimal | None:
        """Minutes from arrival to call, or None while either is unknown."""
        return minutes_between(self.arrived, self.called)

    @property
    def service(self) -> Decimal | None:
        """Minutes from call to finish, or None while either is unknown."""
        return minutes_between(self.called, self.finished)


@dataclass(frozen=True)
class Outlier:
    key: str
    minutes: Decimal
    reason: OutlierReason


@dataclass(frozen=True)
class DurationStats:
    """Mean and median of the kept durations; the excluded ones with their reasons."""

    count: int
    mean: Decimal | None
    median: Decimal | None
    fence: Decimal | None
    outliers: tuple[Outlier, ...] = field(default_factory=tuple)

    @property
    def kept(self) -> int:
        return self.count - len(self.outliers)


@dataclass(frozen=True)
class GroupStats:
    """One group's tickets (an officer's or a unit's month)."""

    tickets: int
    waiting: DurationStats
    service: DurationStats

    def metric(self, name: str) -> Decimal | None:
        """The value of a catalogue `service_metric` (wait_mean, …, service_median)."""
        kind, _, statistic = name.partition("_")
        stats = {"wait": self.waiting, "service": self.service}[kind]
        return {"mean": stats.mean, "median": stats.median}[statistic]


def minutes_between(start: dt.datetime | None, end: dt.datetime | None) -> Decimal | None:
    """Exact minutes from `start` to `end` (negative when `end` comes first)."""
    if start is None or end is None:
        return None
    delta = end - start
    seconds = Decimal(delta.days * 86_400 + delta.seconds) + Decimal(delta.microseconds) / 10**6
    return seconds / MINUTE


def quartiles(values: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """Q1 and Q3 by linear interpolation between order statistics (Excel's QUARTILE.INC)."""
    ordered = sorted(values)
    last = len(ordered) - 1

    def at(fraction: Decimal) -> Decimal:
        position = fraction * last
        lower = int(position)
        upper = min(lower + 1, last)
        return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)

    return at(Decimal("0.25")), at(Decimal("0.75"))


def duration_stats(
    durations: Iterable[tuple[str, Decimal]],
    *,
    maximum: Decimal | None = None,
    iqr_factor: Decimal = DEFAULT_IQR_FACTOR,
) -> DurationStats:
    """Mean and median of `durations` (key, minutes) without their outliers.

    Negative durations and those above `maximum` go first; the fence
    Q3 + iqr_factor × IQR is then computed from what remains (so one absurd
    value cannot widen it) when at least MIN_FOR_FENCE values remain.
    Mean and median are rounded to two places (0.01 minute).
    """
    items = sorted(durations, key=lambda item: (item[1], item[0]))
    outliers: list[Outlier] = []
    plausible: list[tuple[str, Decimal]] = []
    for key, minutes in items:
        if minutes < 0:
            outliers.append(Outlier(key, minutes, OutlierReason.NEGATIVE))
        elif maximum is not None and minutes > maximum:
            outliers.append(Outlier(key, minutes, OutlierReason.ABOVE_MAXIMUM))
        else:
            plausible.append((key, minutes))
    fence: Decimal | None = None
    kept = plausible
    if len(plausible) >= MIN_FOR_FENCE:
        q1, q3 = quartiles([m for _, m in plausible])
        fence = q3 + iqr_factor * (q3 - q1)
        kept = [(k, m) for k, m in plausible if m <= fence]
        outliers.extend(Outlier(k, m, OutlierReason.ABOVE_FENCE) for k, m in plausible if m > fence)
    values = [m for _, m in kept]
    mean = (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES) if values else None
    median = statistics.median(values).quantize(TWO_PLACES) if values else None
    return DurationStats(
        count=len(items),
        mean=mean,
        median=median,
        fence=fence,
        outliers=tuple(sorted(outliers, key=lambda o: (o.reason.value, o.minutes, o.key))),
    )


def group_stats(
    tickets: Iterable[TicketTimes],
    *,
    maximum: Decimal | None = None,
    iqr_factor: Decimal = DEFAULT_IQR_FACTOR,
) -> GroupStats:
    """Waiting and service statistics of one group; a ticket counts where its stamps allow."""
    tickets = list(tickets)
    waits = [(t.key, w) for t in tickets if (w := t.waiting) is not None]
    services = [(t.key, s) for t in tickets if (s := t.service) is not None]
    return GroupStats(
        tickets=len(tickets),
        waiting=duration_stats(waits, maximum=maximum, iqr_factor=iqr_factor),
        service=duration_stats(services, maximum=maximum, iqr_factor=iqr_factor),
    )

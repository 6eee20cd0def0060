"""Targets scaled to the part of the year that has passed.

A yearly target for a count (e.g. 12 programmes) cannot be compared with the
three programmes held by March; a level (a rate, a waiting time) can. Counts
are therefore compared with the share of the target that belongs to the months
elapsed, so an employee on track reads 100 % all year long.
"""

from __future__ import annotations

from decimal import Decimal

from kinerja.scoring.explain import Scored, step
from kinerja.scoring.types import Aggregation, Target


def prorate_target(
    target: Target, aggregation: Aggregation, *, elapsed: int, total: int
) -> Scored[Target]:
    """The target for `elapsed` of `total` periods; only summed indicators are scaled."""
    if total <= 0 or not 0 < elapsed <= total:
        raise ValueError("elapsed must lie in 1..total")
    if aggregation is not Aggregation.SUM or elapsed == total:
        return Scored(target, ())
    share = Decimal(elapsed) / Decimal(total)

    def scale(value: Decimal | None) -> Decimal | None:
        return None if value is None else value * share

    scaled = Target(value=scale(target.value), low=scale(target.low), high=scale(target.high))
    shown = target.value if target.value is not None else target.high
    return Scored(
        scaled,
        (
            step(
                "target.prorated",
                "target × elapsed / total",
                target=shown,
                elapsed=elapsed,
                total=total,
                result=scaled.value if scaled.value is not None else scaled.high,
            ),
        ),
    )

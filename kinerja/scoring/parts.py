"""An SKP split by a change during the year: how its parts combine into one capaian.

PermenPANRB 6/2022 lets a transfer, a new position or a new superior close the
running SKP and open a new one for the rest of the year. An evaluation whose
span holds several parts counts each part's capaian by the number of days that
part was in force within the span. (Which months of realisasi belong to which
part is a calendar rule: kinerja.plans.changes.months_of_part.)
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kinerja.scoring.explain import Scored, Step, step
from kinerja.scoring.types import check_decimal


def combine_parts(parts: Sequence[tuple[Decimal | None, int]]) -> Scored[Decimal | None]:
    """Σ(capaian × days) / Σ days over the parts with a capaian: each part by its share of time.

    `parts` holds, in order, each part's capaian and the days it was in force
    within the evaluated span. A part without capaian (no realisasi yet) is left
    out and the others fill the span, as an unmeasured IKI is in `weighted_mean`;
    a part of zero days counts nothing.
    """
    steps: list[Step] = []
    for number, (capaian, days) in enumerate(parts, start=1):
        check_decimal("capaian", capaian, allow_negative=True)
        if days < 0:
            raise ValueError("days must not be negative")
        steps.append(step("parts.part", part=number, capaian=capaian, days=days))
    present = [(c, d) for c, d in parts if c is not None and d > 0]
    missing = sum(1 for c, d in parts if c is None and d > 0)
    if missing:
        steps.append(step("parts.missing_skipped", missing=missing, used=len(present)))
    if not present:
        return Scored(None, (*steps, step("parts.no_data")))
    total = sum(d for _, d in present)
    weighted = sum((c * d for c, d in present), Decimal(0))
    value = weighted / total
    steps.append(
        step(
            "parts.combined",
            "Σ(capaian × days) / Σ days",
            weighted_sum=weighted,
            total_days=total,
            capaian=value,
        )
    )
    return Scored(value, tuple(steps))

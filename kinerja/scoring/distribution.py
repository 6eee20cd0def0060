"""Distribution of staff predikat bounded by the unit's organisational predikat."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from kinerja.scoring.explain import Scored, Step, serializable, step
from kinerja.scoring.policy import ScoringPolicy
from kinerja.scoring.types import OrgPredikat, Predikat


@serializable
@dataclass(frozen=True)
class Violation:
    code: str
    predikats: tuple[Predikat, ...]
    required: str  # "min_share", "max_share" or "min_count"
    limit: Decimal  # percent for shares, people for min_count
    actual: Decimal
    shortfall_count: int  # people who would have to move to another predikat


@serializable
@dataclass(frozen=True)
class DistributionResult:
    ok: bool
    violations: tuple[Violation, ...]


def check_distribution(
    org: OrgPredikat, counts: Mapping[Predikat, int], policy: ScoringPolicy
) -> Scored[DistributionResult]:
    """Check staff predikat counts against the unit's predikat, SE MenPANRB 3/2023.

    Share limits are met when a whole number of people could satisfy them: at most 70 % of 7
    people allows 4, at least 10 % of 3 people requires 1.
    """
    for p, n in counts.items():
        Predikat(p)
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"count of {p} must be a non-negative int")
    total = sum(counts.values())
    steps: list[Step] = [step("distribution.total", org=org, total=total, policy=policy.version)]
    if total == 0:
        steps.append(step("distribution.empty"))
        return Scored(DistributionResult(True, ()), tuple(steps))

    violations: list[Violation] = []
    for bound in policy.distribution[OrgPredikat(org)].bounds:
        group = tuple(p for p in Predikat if p in bound.predikats)
        count = sum(counts.get(p, 0) for p in group)
        share = Decimal(count) / total * 100
        names = ",".join(group)
        checks: list[tuple[str, str, Decimal, Decimal, int]] = []
        if bound.max_share is not None:
            allowed = int((bound.max_share * total / 100).to_integral_value(ROUND_FLOOR))
            checks.append(
                (
                    "max_share",
                    "count ≤ floor(max_share × total / 100)",
                    bound.max_share,
                    share,
                    max(0, count - allowed),
                )
            )
        if bound.min_share is not None:
            needed = int((bound.min_share * total / 100).to_integral_value(ROUND_CEILING))
            checks.append(
                (
                    "min_share",
                    "count ≥ ceil(min_share × total / 100)",
                    bound.min_share,
                    share,
                    max(0, needed - count),
                )
            )
        if bound.min_count is not None:
            checks.append(
                (
                    "min_count",
                    "count ≥ min_count",
                    Decimal(bound.min_count),
                    Decimal(count),
                    max(0, bound.min_count - count),
                )
            )
        for required, formula, limit, actual, shortfall in checks:
            values: dict[str, Decimal | str | int | None] = {
                "predikats": names,
                "limit": limit,
                "actual": actual,
                "count": count,
                "total": total,
            }
            if shortfall == 0:
                steps.append(step("distribution.satisfied", formula, required=required, **values))
                continue
            code = {
                "max_share": "distribution.max_share_exceeded",
                "min_share": "distribution.min_share_not_met",
                "min_count": "distribution.min_count_not_met",
            }[required]
            violations.append(Violation(code, group, required, limit, actual, shortfall))
            steps.append(step(code, formula, shortfall_count=shortfall, **values))
    return Scored(DistributionResult(not violations, tuple(violations)), tuple(steps))

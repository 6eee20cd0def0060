"""From measured values to capaian (achievement, percent) and nilai (PermenPANRB 8/2021)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from kinerja.scoring.explain import Scored, Step, serializable, step
from kinerja.scoring.types import (
    Aggregation,
    PeriodValue,
    Polarity,
    RhkKind,
    Target,
    check_decimal,
)

D = Decimal
HUNDRED = D(100)


def aggregate(values: Sequence[PeriodValue], rule: Aggregation) -> Scored[PeriodValue | None]:
    """Combine an indicator's periods into the value for the whole year.

    Per domain.md (PermenPANRB 8/2021 measuring practice): counts sum, rates are a ratio of
    sums (never a mean of percentages), levels take the latest value, durations a mean or
    median. Missing periods are skipped, not treated as zero.
    """
    is_ratio = rule is Aggregation.RATIO
    for v in values:
        if is_ratio and v.numerator is None and v.value is not None:
            raise ValueError("a ratio indicator needs numerator and denominator per period")
        if not is_ratio and v.value is None and v.numerator is not None:
            raise ValueError("only a ratio indicator takes numerator and denominator")
    used = [v for v in values if (v.numerator if is_ratio else v.value) is not None]
    steps: list[Step] = []
    if len(used) < len(values):
        steps.append(
            step("aggregate.missing_skipped", missing=len(values) - len(used), used=len(used))
        )
    if not used:
        return Scored(None, (*steps, step("aggregate.no_data", periods=len(values))))

    if is_ratio:
        num = sum((v.numerator for v in used if v.numerator is not None), D(0))
        den = sum((v.denominator for v in used if v.denominator is not None), D(0))
        if den == 0:
            steps.append(step("aggregate.zero_denominator", numerator=num, denominator=den))
            return Scored(None, tuple(steps))
        value = num / den * HUNDRED
        steps.append(
            step(
                "aggregate.ratio",
                "Σ numerator / Σ denominator × 100",
                numerator=num,
                denominator=den,
                value=value,
            )
        )
        return Scored(PeriodValue(value, num, den), tuple(steps))

    xs = [v.value for v in used if v.value is not None]
    n = len(xs)
    if rule is Aggregation.SUM:
        result, formula = sum(xs, D(0)), "Σ value"
    elif rule is Aggregation.LATEST:
        result, formula = xs[-1], "value[last]"
    elif rule is Aggregation.MEAN:
        result, formula = sum(xs, D(0)) / n, "Σ value / n"
    else:
        ordered = sorted(xs)
        mid = n // 2
        result = ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
        formula = "median(value)"
    steps.append(step(f"aggregate.{rule.value}", formula, n=n, value=result))
    return Scored(PeriodValue(value=result), tuple(steps))


def _against(realisasi: Decimal, target: Decimal, direction: Polarity) -> tuple[Decimal, str]:
    if target == 0:
        raise ValueError("target 0 cannot be compared against; reject it when the SKP is set")
    if direction is Polarity.LOWER_BETTER:
        return (1 + (1 - realisasi / target)) * HUNDRED, "(1 + (1 − realisasi / target)) × 100"
    return realisasi / target * HUNDRED, "realisasi / target × 100"


def capaian(
    realisasi: Decimal,
    target: Target,
    polarity: Polarity,
    *,
    cap: Decimal | None,
    range_polarity: Polarity = Polarity.LOWER_BETTER,
) -> Scored[Decimal]:
    """Capaian of one IKI in percent, PermenPANRB 8/2021.

    A range target compares with the nearer bound using ``range_polarity`` (published
    lower-better example: 6.5 vs 7–8 gives 107.1, 9 vs 7–8 gives 87.5); inside is 100.
    The result is never negative and at most ``cap``; the uncapped value stays in the steps.
    """
    check_decimal("realisasi", realisasi, allow_negative=True)
    check_decimal("cap", cap)
    if (polarity is Polarity.RANGE) != target.is_range:
        raise ValueError("a RANGE polarity needs a low/high target, the others a single value")
    if range_polarity not in (Polarity.HIGHER_BETTER, Polarity.LOWER_BETTER):
        raise ValueError("range_polarity is HIGHER_BETTER or LOWER_BETTER")

    steps: list[Step] = []
    if target.low is not None and target.high is not None:
        low, high = target.low, target.high
        if low <= realisasi <= high:
            raw = HUNDRED
            steps.append(
                step(
                    "capaian.range_inside",
                    "low ≤ realisasi ≤ high → 100",
                    realisasi=realisasi,
                    low=low,
                    high=high,
                    capaian=raw,
                )
            )
        else:
            code, bound = (
                ("capaian.range_below", low) if realisasi < low else ("capaian.range_above", high)
            )
            raw, formula = _against(realisasi, bound, range_polarity)
            steps.append(
                step(
                    code,
                    formula,
                    realisasi=realisasi,
                    target=bound,
                    low=low,
                    high=high,
                    range_polarity=range_polarity,
                    capaian=raw,
                )
            )
    else:
        assert target.value is not None
        direction = Polarity.HIGHER_BETTER if polarity is Polarity.MILESTONE else polarity
        raw, formula = _against(realisasi, target.value, direction)
        steps.append(
            step(
                f"capaian.{polarity.value}",
                formula,
                realisasi=realisasi,
                target=target.value,
                capaian=raw,
            )
        )

    value = raw
    if value < 0:
        # Far worse than a lower-better target would go negative; 8/2021 has no negative scores.
        value = D(0)
        steps.append(step("capaian.floor_zero", "max(capaian, 0)", raw=raw, capaian=value))
    if cap is not None and value > cap:
        steps.append(step("capaian.capped", "min(capaian, cap)", raw=value, cap=cap, capaian=cap))
        value = cap
    return Scored(value, tuple(steps))


def _nilai_knots(at_target: Decimal) -> tuple[tuple[Decimal, Decimal], ...]:
    # (capaian, nilai) points of the PermenPANRB 8/2021 table. The table leaves gaps between its
    # integer bands (59–60, 99–100, 100–101); straight lines across them keep nilai continuous
    # and non-decreasing, so a tiny improvement never lowers the score.
    return (
        (D(0), D(0)),
        (D(59), D(49)),
        (D(60), D(50)),
        (D(99), D(89)),
        (HUNDRED, at_target),
        (D(101), D(110)),
        (D(110), D(120)),
    )


def _band(capaian: Decimal) -> str:
    if capaian > 100:
        return "sangat_baik"
    if capaian == 100:
        return "baik"
    if capaian >= 80:
        return "cukup"
    return "kurang" if capaian >= 60 else "sangat_kurang"


def nilai(capaian: Decimal, *, at_target: Decimal = HUNDRED) -> Scored[Decimal]:
    """Numeric value of a capaian, PermenPANRB 8/2021 table.

    Above 110 % → 120; Sangat Baik 101–110 % → 110–120 linearly; exactly 100 % → Baik,
    ``at_target`` (default 100; one official example uses 109, so it is a policy setting,
    ``ScoringPolicy.nilai_at_target``); Cukup 80–99 % → 70 + (capaian − 80); Kurang 60–79 % →
    50 + (capaian − 60) (the same line); Sangat Kurang 0–59 % → capaian / 59 × 49. The gaps the
    table leaves (59–60, 99–100, 100–101) are bridged by straight lines, so nilai is continuous
    and never falls when capaian rises.
    """
    check_decimal("capaian", capaian)
    if not D(89) <= at_target <= D(110):
        raise ValueError("at_target must lie within 89..110 to keep nilai monotonic")
    band = _band(capaian)
    if capaian > 110:
        value = D(120)
        return Scored(
            value,
            (
                step(
                    "nilai.maximum", "capaian > 110 → 120", capaian=capaian, band=band, nilai=value
                ),
            ),
        )
    knots = _nilai_knots(at_target)
    c0, n0, c1, n1 = next(
        (c0, n0, c1, n1) for (c0, n0), (c1, n1) in pairwise(knots) if capaian <= c1
    )
    value = n0 + (capaian - c0) * (n1 - n0) / (c1 - c0)
    s = step(
        "nilai.interpolated",
        "n0 + (capaian − c0) × (n1 − n0) / (c1 − c0)",
        capaian=capaian,
        band=band,
        c0=c0,
        n0=n0,
        c1=c1,
        n1=n1,
        nilai=value,
    )
    return Scored(value, (s,))


def weighted_mean(items: Sequence[tuple[Decimal, Decimal | None]]) -> Scored[Decimal | None]:
    """Σ(weight × capaian) / Σ weight over the measured items (PermenPANRB 8/2021 weighting).

    Unmeasured items (capaian None) are left out and the remaining weights renormalised, so
    a missing measurement neither counts as zero nor blocks the result.
    """
    for weight, value in items:
        check_decimal("weight", weight)
        check_decimal("capaian", value, allow_negative=True)
    present = [(w, c) for w, c in items if c is not None]
    steps: list[Step] = []
    if len(present) < len(items):
        steps.append(
            step(
                "weighted_mean.missing_skipped",
                missing=len(items) - len(present),
                used=len(present),
            )
        )
    if not present:
        return Scored(None, (*steps, step("weighted_mean.no_data")))
    total = sum((w for w, _ in present), D(0))
    if total == 0:
        return Scored(None, (*steps, step("weighted_mean.zero_weight", used=len(present))))
    weighted = sum((w * c for w, c in present), D(0))
    value = weighted / total
    steps.append(
        step(
            "weighted_mean.result",
            "Σ(weight × capaian) / Σ weight",
            weighted_sum=weighted,
            total_weight=total,
            capaian=value,
        )
    )
    return Scored(value, tuple(steps))


@dataclass(frozen=True)
class IndicatorInput:
    key: str
    weight: Decimal
    capaian: Decimal | None


@dataclass(frozen=True)
class RhkInput:
    key: str
    kind: RhkKind
    indicators: Sequence[IndicatorInput]


@serializable
@dataclass(frozen=True)
class SkpCapaian:
    overall: Decimal | None
    per_rhk: Mapping[str, Decimal | None]


def skp_capaian(rhks: Sequence[RhkInput], *, cap: Decimal | None) -> Scored[SkpCapaian]:
    """Capaian of a whole SKP (PermenPANRB 6/2022 structure, 8/2021 weighting).

    Each RHK's capaian is the weighted mean of its IKIs; the SKP's is the weighted mean over
    all UTAMA IKIs with their weights as given. TAMBAHAN results are extra work beyond the
    agreed plan: they are reported per RHK but kept out of the overall number, so taking one
    on can never lower a pegawai's score; the penilai may credit them in the rating.
    """
    check_decimal("cap", cap)
    if len({r.key for r in rhks}) != len(rhks):
        raise ValueError("RHK keys must be unique")
    steps: list[Step] = []
    per_rhk: dict[str, Decimal | None] = {}
    utama: list[tuple[Decimal, Decimal | None]] = []
    for rhk in rhks:
        if len({i.key for i in rhk.indicators}) != len(rhk.indicators):
            raise ValueError(f"indicator keys of RHK {rhk.key!r} must be unique")
        items: list[tuple[Decimal, Decimal | None]] = []
        for ind in rhk.indicators:
            value = ind.capaian
            if value is not None and cap is not None and value > cap:
                steps.append(
                    step(
                        "capaian.capped",
                        "min(capaian, cap)",
                        rhk=rhk.key,
                        indicator=ind.key,
                        raw=value,
                        cap=cap,
                        capaian=cap,
                    )
                )
                value = cap
            items.append((ind.weight, value))
        result = weighted_mean(items).value
        per_rhk[rhk.key] = result
        steps.append(
            step(
                "skp.rhk",
                "Σ(weight × capaian) / Σ weight",
                rhk=rhk.key,
                kind=rhk.kind,
                indicators=len(items),
                capaian=result,
            )
        )
        if rhk.kind is RhkKind.UTAMA:
            utama.extend(items)
        else:
            steps.append(step("skp.tambahan_excluded", rhk=rhk.key, capaian=result))
    overall = weighted_mean(utama)
    return Scored(SkpCapaian(overall.value, per_rhk), (*steps, *overall.steps))

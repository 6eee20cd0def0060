"""Ratings, the predikat matrix and credit points."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal

from kinerja.scoring.explain import Scored, Step, step
from kinerja.scoring.policy import ScoringPolicy
from kinerja.scoring.types import Predikat, Rating, check_decimal

A, M, B = Rating.ABOVE, Rating.MEETS, Rating.BELOW

# PermenPANRB 6/2022, Predikat Kinerja Pegawai: (rating hasil kerja, rating perilaku kerja).
PREDIKAT_MATRIX: Mapping[tuple[Rating, Rating], Predikat] = {
    (A, B): Predikat.KURANG,
    (A, M): Predikat.BAIK,
    (A, A): Predikat.SANGAT_BAIK,
    (M, B): Predikat.KURANG,
    (M, M): Predikat.BAIK,
    (M, A): Predikat.BAIK,
    (B, B): Predikat.SANGAT_KURANG,
    (B, M): Predikat.BUTUH_PERBAIKAN,
    (B, A): Predikat.BUTUH_PERBAIKAN,
}


def propose_rating(capaian: Decimal | None, policy: ScoringPolicy) -> Scored[Rating | None]:
    """Proposed Rating Hasil Kerja from the measured capaian.

    PermenPANRB 6/2022 leaves the rating to the penilai's judgement; this product proposes it
    from policy thresholds so a departure has to be argued in writing.
    """
    if capaian is None:
        return Scored(None, (step("rating.no_capaian"),))
    check_decimal("capaian", capaian)
    above, meets = policy.rating_above_min, policy.rating_meets_min
    rating = A if capaian >= above else M if capaian >= meets else B
    s = step(
        "rating.proposed",
        "capaian ≥ above_min → above; capaian ≥ meets_min → meets; else below",
        capaian=capaian,
        above_min=above,
        meets_min=meets,
        rating=rating,
        policy=policy.version,
    )
    return Scored(rating, (s,))


def behaviour_rating(ratings: Sequence[Rating], policy: ScoringPolicy) -> Scored[Rating]:
    """Rating Perilaku Kerja from the 7 BerAKHLAK value ratings (PermenPANRB 6/2022).

    The regulation gives no formula, so the policy chooses: "majority" takes the most
    frequent rating, and a tie goes to MEETS (either it is among the tied ratings, or the tie
    is between ABOVE and BELOW, for which MEETS is the middle); "lowest" takes the lowest.
    """
    if not ratings:
        raise ValueError("behaviour_rating needs at least one rating")
    counts = Counter(Rating(r) for r in ratings)
    steps: list[Step] = [
        step("behaviour.counts", above=counts[A], meets=counts[M], below=counts[B])
    ]
    if policy.behaviour_rule == "lowest":
        result = B if counts[B] else M if counts[M] else A
        steps.append(step("behaviour.lowest", "min(rating)", rating=result))
        return Scored(result, tuple(steps))
    top = max(counts.values())
    tied = [r for r in (A, M, B) if counts[r] == top]
    if len(tied) == 1:
        result = tied[0]
        steps.append(step("behaviour.majority", "mode(rating)", rating=result, count=top))
    else:
        result = M
        steps.append(step("behaviour.tie_to_meets", "mode(rating) tied → meets", count=top))
    return Scored(result, tuple(steps))


def predikat(hasil: Rating, perilaku: Rating) -> Scored[Predikat]:
    """Predikat Kinerja Pegawai from the two ratings, the PermenPANRB 6/2022 matrix."""
    result = PREDIKAT_MATRIX[(Rating(hasil), Rating(perilaku))]
    s = step(
        "predikat.matrix",
        "matrix[hasil, perilaku]",
        hasil=hasil,
        perilaku=perilaku,
        predikat=result,
    )
    return Scored(result, (s,))


def credit_points(
    predikat: Predikat,
    yearly_coefficient: Decimal,
    policy: ScoringPolicy,
    *,
    months: int = 12,
) -> Scored[Decimal]:
    """Angka kredit for functional posts, PerBKN 3/2023: percentage × yearly coefficient.

    A period shorter than the year earns its share of the coefficient (``months`` / 12): the
    annual evaluation gives the year's figure, a quarter a quarter of it.
    """
    check_decimal("yearly_coefficient", yearly_coefficient)
    if not 1 <= months <= 12:
        raise ValueError("months must lie within 1..12")
    percent = policy.credit_point_percent[Predikat(predikat)]
    coefficient = yearly_coefficient * months / 12
    value = percent * coefficient / 100
    steps = []
    if months != 12:
        steps.append(
            step(
                "credit_points.period",
                "coefficient × months / 12",
                yearly=yearly_coefficient,
                months=months,
                coefficient=coefficient,
            )
        )
    steps.append(
        step(
            "credit_points.percent",
            "percent / 100 × coefficient",
            predikat=predikat,
            percent=percent,
            coefficient=coefficient,
            credit_points=value,
        )
    )
    return Scored(value, tuple(steps))


def tpp_percent(predikat: Predikat, policy: ScoringPolicy) -> Scored[Decimal | None]:
    """The TPP (tambahan penghasilan pegawai) share paid for a predikat, from the policy.

    Each government sets its own table; while it has none the answer is None ("not set").
    """
    percent = policy.tpp_percent.get(Predikat(predikat))
    if percent is None:
        return Scored(None, (step("tpp.not_set", policy=policy.version),))
    s = step(
        "tpp.percent", "table[predikat]", predikat=predikat, percent=percent, policy=policy.version
    )
    return Scored(percent, (s,))

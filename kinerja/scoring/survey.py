"""Survei Kepuasan Masyarakat (SKM), PermenPANRB 14/2017."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kinerja.scoring.explain import Scored, Step, quantize, serializable, step
from kinerja.scoring.types import check_decimal

ELEMENTS = tuple(f"U{i}" for i in range(1, 10))
# Lower bounds of the converted value (25–100) per mutu; the regulation's table is stated to
# two decimals, which leaves no gaps, whereas its four-decimal IKM column does.
MUTU_BANDS = ((Decimal("88.31"), "A"), (Decimal("76.61"), "B"), (Decimal("65.00"), "C"))
WEIGHT_TOLERANCE = Decimal("0.000001")


@serializable
@dataclass(frozen=True)
class SkmResult:
    ikm: Decimal  # 1–4
    converted: Decimal  # 25–100
    mutu: str  # "A" (Sangat Baik) .. "D" (Tidak Baik)


def skm_index(
    element_means: Mapping[str, Decimal], weights: Mapping[str, Decimal] | None = None
) -> Scored[SkmResult]:
    """IKM = Σ weight × element mean, PermenPANRB 14/2017; converted = IKM × 25.

    Without ``weights`` the nine elements U1..U9 count 1/9 each (computed as the plain mean,
    since 1/9 has no exact decimal). Given weights must cover the same elements and sum to 1.
    The mutu band is read from the converted value rounded to two decimals, as in the table.
    """
    for name, mean in element_means.items():
        check_decimal(name, mean)
        if not 1 <= mean <= 4:
            raise ValueError(f"element mean {name} must lie within 1..4")
    steps: list[Step] = []
    if weights is None:
        if set(element_means) != set(ELEMENTS):
            raise ValueError("without weights the nine elements U1..U9 are required")
        for name in ELEMENTS:
            steps.append(step("skm.element", element=name, mean=element_means[name]))
        ikm = sum((element_means[n] for n in ELEMENTS), Decimal(0)) / len(ELEMENTS)
        formula = "Σ mean / 9"
    else:
        if set(weights) != set(element_means) or not weights:
            raise ValueError("weights must name exactly the surveyed elements")
        for w in weights.values():
            check_decimal("weight", w)
        if abs(sum(weights.values(), Decimal(0)) - 1) > WEIGHT_TOLERANCE:
            raise ValueError("SKM weights must sum to 1")
        for name, mean in element_means.items():
            steps.append(
                step(
                    "skm.element",
                    "weight × mean",
                    element=name,
                    mean=mean,
                    weight=weights[name],
                    contribution=weights[name] * mean,
                )
            )
        ikm = sum((weights[n] * m for n, m in element_means.items()), Decimal(0))
        formula = "Σ weight × mean"
    converted = ikm * 25
    steps.append(
        step("skm.index", f"ikm = {formula}; converted = ikm × 25", ikm=ikm, converted=converted)
    )
    rounded = quantize(converted, 2)
    mutu = next((m for low, m in MUTU_BANDS if rounded >= low), "D")
    steps.append(step("skm.mutu", "band(round(converted, 2))", converted=rounded, mutu=mutu))
    return Scored(SkmResult(ikm, converted, mutu), tuple(steps))


def skm_sample_size(population: int) -> int:
    """Respondents needed, Krejcie–Morgan as used by PermenPANRB 14/2017.

    n = 3.841·N·0.25 / (0.0025·(N−1) + 3.841·0.25), rounded to the nearest whole respondent:
    that is what reproduces the published table (50 → 44 from 44.3, 2000 → 322 from 322.4);
    rounding up would give 45 and 323.
    """
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise ValueError("population must be a non-negative int")
    if population == 0:
        return 0
    chi_pq = Decimal("3.841") * Decimal("0.25")
    n = chi_pq * population / (Decimal("0.0025") * (population - 1) + chi_pq)
    return int(n.to_integral_value(ROUND_HALF_UP))

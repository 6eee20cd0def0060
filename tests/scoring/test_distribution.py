from decimal import Decimal as D

import pytest

from kinerja.scoring import OrgPredikat, Predikat, ScoringPolicy, Violation, check_distribution

SB, B, BP, K, SK = list(Predikat)
POLICY = ScoringPolicy()


def counts(sb: int = 0, b: int = 0, bp: int = 0, k: int = 0, sk: int = 0) -> dict[Predikat, int]:
    return {SB: sb, B: b, BP: bp, K: k, SK: sk}


PASSING = [
    (OrgPredikat.ISTIMEWA, counts(sb=7, b=3)),
    (OrgPredikat.BAIK, counts(sb=2, b=7, k=1)),
    (OrgPredikat.BUTUH_PERBAIKAN, counts(sb=1, b=3, bp=6)),
    (OrgPredikat.KURANG, counts(sb=1, b=2, bp=1, k=6)),
    (OrgPredikat.SANGAT_KURANG, counts(b=3, bp=1, sk=6)),
]


@pytest.mark.parametrize(("org", "c"), PASSING)
def test_distribution_passes(org: OrgPredikat, c: dict[Predikat, int]) -> None:
    result = check_distribution(org, c, POLICY)
    assert result.value.ok
    assert result.value.violations == ()


# (org, counts, the violations expected: code, predikats, limit, actual, shortfall)
FAILING = [
    (
        OrgPredikat.ISTIMEWA,
        counts(sb=8, b=2),
        [("distribution.max_share_exceeded", (SB,), "max_share", D(70), D(80), 1)],
    ),
    (
        OrgPredikat.BAIK,
        counts(sb=1, b=9),
        [
            ("distribution.max_share_exceeded", (B,), "max_share", D(70), D(90), 2),
            ("distribution.min_count_not_met", (BP, K), "min_count", D(1), D(0), 1),
        ],
    ),
    (
        OrgPredikat.BUTUH_PERBAIKAN,
        counts(sb=2, b=4, bp=4),
        [
            ("distribution.min_share_not_met", (BP,), "min_share", D(60), D(40), 2),
            ("distribution.max_share_exceeded", (SB,), "max_share", D(10), D(20), 1),
        ],
    ),
    (
        OrgPredikat.KURANG,
        counts(b=5, k=5),
        [
            ("distribution.min_share_not_met", (K,), "min_share", D(60), D(50), 1),
            ("distribution.min_share_not_met", (BP,), "min_share", D(10), D(0), 1),
        ],
    ),
    (
        OrgPredikat.SANGAT_KURANG,
        counts(sb=1, b=2, sk=7),
        [
            ("distribution.min_share_not_met", (BP, K), "min_share", D(10), D(0), 1),
            ("distribution.max_share_exceeded", (SB,), "max_share", D(0), D(10), 1),
        ],
    ),
]


@pytest.mark.parametrize(("org", "c", "expected"), FAILING)
def test_distribution_fails_with_shortfall(
    org: OrgPredikat, c: dict[Predikat, int], expected: list[tuple[object, ...]]
) -> None:
    result = check_distribution(org, c, POLICY)
    assert not result.value.ok
    assert result.value.violations == tuple(Violation(*v) for v in expected)  # type: ignore[arg-type]
    assert {s.code for s in result.steps} >= {v[0] for v in expected}


def test_share_limits_round_to_whole_people() -> None:
    # 70 % of 7 is 4.9: five Sangat Baik is one too many, four is fine.
    five = check_distribution(OrgPredikat.ISTIMEWA, counts(sb=5, b=2), POLICY).value
    assert five.violations[0].shortfall_count == 1
    assert check_distribution(OrgPredikat.ISTIMEWA, counts(sb=4, b=3), POLICY).value.ok
    # 10 % of 3 people still needs one Butuh Perbaikan.
    few = check_distribution(OrgPredikat.KURANG, counts(k=3), POLICY).value
    assert [v.shortfall_count for v in few.violations] == [1]


def test_empty_unit_and_missing_keys() -> None:
    assert check_distribution(OrgPredikat.BAIK, {}, POLICY).value.ok
    assert check_distribution(OrgPredikat.ISTIMEWA, {B: 3}, POLICY).value.ok
    with pytest.raises(ValueError):
        check_distribution(OrgPredikat.BAIK, {B: -1}, POLICY)

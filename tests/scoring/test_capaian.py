from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.scoring import (
    Aggregation,
    IndicatorInput,
    PeriodValue,
    Polarity,
    RhkInput,
    RhkKind,
    SkpCapaian,
    Target,
    aggregate,
    capaian,
    nilai,
    quantize,
    skp_capaian,
    weighted_mean,
)

amounts = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
positive = st.decimals(
    min_value=D("0.01"), max_value=10**6, places=2, allow_nan=False, allow_infinity=False
)
capaians = st.decimals(min_value=0, max_value=500, places=4, allow_nan=False, allow_infinity=False)
caps = st.none() | st.decimals(min_value=0, max_value=300, places=1, allow_nan=False)


def test_range_below_lower_bound_lower_better_matches_published_example() -> None:
    result = capaian(D("6.5"), Target(low=D(7), high=D(8)), Polarity.RANGE, cap=None)
    assert quantize(result.value, 1) == D("107.1")
    assert result.value == (1 + (1 - D("6.5") / 7)) * 100
    assert result.steps[0].code == "capaian.range_below"


def test_range_above_upper_bound_lower_better_matches_published_example() -> None:
    result = capaian(D(9), Target(low=D(7), high=D(8)), Polarity.RANGE, cap=None)
    assert result.value == D("87.5")


def test_range_inside_is_100_and_higher_better_range_uses_plain_ratio() -> None:
    rng = Target(low=D(7), high=D(8))
    assert capaian(D("7.5"), rng, Polarity.RANGE, cap=None).value == 100
    hb = Polarity.HIGHER_BETTER
    assert (
        capaian(
            D(6), Target(low=D(8), high=D(10)), Polarity.RANGE, cap=None, range_polarity=hb
        ).value
        == 75
    )
    assert (
        capaian(
            D(11), Target(low=D(8), high=D(10)), Polarity.RANGE, cap=None, range_polarity=hb
        ).value
        == 110
    )


def test_higher_and_lower_better_and_milestone() -> None:
    assert capaian(D(45), Target(D(50)), Polarity.HIGHER_BETTER, cap=None).value == 90
    # Waiting time 45 minutes against a 60-minute standard.
    assert capaian(D(45), Target(D(60)), Polarity.LOWER_BETTER, cap=None).value == 125
    assert capaian(D(1), Target(D(1)), Polarity.MILESTONE, cap=None).value == 100
    assert capaian(D(0), Target(D(1)), Polarity.MILESTONE, cap=None).value == 0
    assert capaian(D(3), Target(D(4)), Polarity.MILESTONE, cap=None).value == 75


def test_cap_at_120_keeps_raw_value_in_steps() -> None:
    result = capaian(D(150), Target(D(100)), Polarity.HIGHER_BETTER, cap=D(120))
    assert result.value == 120
    assert result.steps[-1].code == "capaian.capped"
    assert result.steps[-1].values["raw"] == 150


def test_lower_better_far_off_target_floors_at_zero() -> None:
    result = capaian(D(300), Target(D(60)), Polarity.LOWER_BETTER, cap=None)
    assert result.value == 0
    assert result.steps[-1].code == "capaian.floor_zero"


@pytest.mark.parametrize(
    ("target", "polarity"),
    [
        (Target(D(0)), Polarity.HIGHER_BETTER),
        (Target(D(0)), Polarity.LOWER_BETTER),
        (Target(D(5)), Polarity.RANGE),
        (Target(low=D(1), high=D(2)), Polarity.HIGHER_BETTER),
    ],
)
def test_capaian_rejects_unusable_targets(target: Target, polarity: Polarity) -> None:
    with pytest.raises(ValueError):
        capaian(D(1), target, polarity, cap=None)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"value": D(1), "low": D(1), "high": D(2)},
        {"low": D(1)},
        {"low": D(3), "high": D(2)},
        {"value": D(-1)},
        {"value": D("NaN")},
    ],
)
def test_target_rejects_nonsense(kwargs: dict[str, D]) -> None:
    with pytest.raises(ValueError):
        Target(**kwargs)


def test_target_rejects_float() -> None:
    with pytest.raises(TypeError):
        Target(1.5)  # type: ignore[arg-type]


@given(
    a=amounts,
    b=amounts,
    t=positive,
    cap=caps,
    polarity=st.sampled_from(list(Polarity)),
    range_polarity=st.sampled_from([Polarity.HIGHER_BETTER, Polarity.LOWER_BETTER]),
    width=positive,
)
def test_better_realisasi_never_lowers_capaian(
    a: D, b: D, t: D, cap: D | None, polarity: Polarity, range_polarity: Polarity, width: D
) -> None:
    target = Target(low=t, high=t + width) if polarity is Polarity.RANGE else Target(t)
    lower_is_better = polarity is Polarity.LOWER_BETTER or (
        polarity is Polarity.RANGE and range_polarity is Polarity.LOWER_BETTER
    )
    worse, better = sorted((a, b), reverse=lower_is_better)
    results = [
        capaian(r, target, polarity, cap=cap, range_polarity=range_polarity).value
        for r in (worse, better)
    ]
    assert results[0] <= results[1]
    for value in results:
        assert value >= 0
        assert cap is None or value <= cap


NILAI_POINTS = [
    ("0", "0"),
    ("59", "49"),
    ("60", "50"),
    ("70", "60"),
    ("79", "69"),
    ("80", "70"),
    ("90", "80"),
    ("99", "89"),
    ("100", "100"),
    ("101", "110"),
    ("110", "120"),
    ("111", "120"),
    ("250", "120"),
    ("99.5", "94.5"),
    ("100.5", "105"),
]


@pytest.mark.parametrize(("c", "expected"), NILAI_POINTS)
def test_nilai_table_points(c: str, expected: str) -> None:
    assert nilai(D(c)).value == D(expected)


def test_nilai_sangat_kurang_and_sangat_baik_lines() -> None:
    assert nilai(D("29.5")).value == D("29.5") / 59 * 49
    assert nilai(D(105)).value == 110 + D(4) * 10 / 9
    assert nilai(D(100), at_target=D(109)).value == 109


@given(a=capaians, b=capaians, at=st.decimals(min_value=89, max_value=110, places=1))
def test_nilai_monotonic_and_bounded(a: D, b: D, at: D) -> None:
    lo, hi = sorted((a, b))
    n_lo, n_hi = nilai(lo, at_target=at).value, nilai(hi, at_target=at).value
    assert 0 <= n_lo <= n_hi <= 120


def test_nilai_rejects_negative() -> None:
    with pytest.raises(ValueError):
        nilai(D(-1))


def test_ratio_is_sum_over_sum_not_mean_of_rates() -> None:
    # Immunisation: a small village at 100 % and a big one at 50 %.
    months = [
        PeriodValue(numerator=D(10), denominator=D(10)),
        PeriodValue(numerator=D(45), denominator=D(90)),
        PeriodValue(),
    ]
    result = aggregate(months, Aggregation.RATIO)
    assert result.value == PeriodValue(D(55) / D(100) * 100, D(55), D(100))
    assert result.value.value == 55  # the mean of rates would be 75
    assert result.steps[0].code == "aggregate.missing_skipped"
    assert result.steps[0].values["missing"] == 1


@given(st.lists(st.tuples(amounts, positive) | st.none(), max_size=12))
def test_aggregate_ratio_equals_sum_over_sum(periods: list[tuple[D, D] | None]) -> None:
    values = [
        PeriodValue() if p is None else PeriodValue(numerator=p[0], denominator=p[1])
        for p in periods
    ]
    present = [p for p in periods if p is not None]
    result = aggregate(values, Aggregation.RATIO).value
    if not present:
        assert result is None
    else:
        num = sum((p[0] for p in present), D(0))
        den = sum((p[1] for p in present), D(0))
        assert result == PeriodValue(num / den * 100, num, den)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (Aggregation.SUM, "12"),
        (Aggregation.LATEST, "2"),
        (Aggregation.MEAN, "4"),
        (Aggregation.MEDIAN, "3"),
    ],
)
def test_aggregate_rules_skip_missing(rule: Aggregation, expected: str) -> None:
    values = [PeriodValue(D(7)), PeriodValue(), PeriodValue(D(3)), PeriodValue(D(2)), PeriodValue()]
    assert aggregate(values, rule).value == PeriodValue(D(expected))


def test_aggregate_median_even_and_no_data_and_zero_denominator() -> None:
    even = [PeriodValue(D(v)) for v in (40, 10, 30, 20)]
    assert aggregate(even, Aggregation.MEDIAN).value == PeriodValue(D(25))
    assert aggregate([PeriodValue()], Aggregation.SUM).value is None
    assert aggregate([], Aggregation.MEAN).steps[-1].code == "aggregate.no_data"
    zero = aggregate([PeriodValue(numerator=D(0), denominator=D(0))], Aggregation.RATIO)
    assert zero.value is None
    assert zero.steps[-1].code == "aggregate.zero_denominator"


def test_aggregate_rejects_mismatched_period_shapes() -> None:
    with pytest.raises(ValueError):
        aggregate([PeriodValue(D(5))], Aggregation.RATIO)
    with pytest.raises(ValueError):
        aggregate([PeriodValue(numerator=D(1), denominator=D(2))], Aggregation.SUM)
    with pytest.raises(ValueError):
        PeriodValue(numerator=D(1))


def test_weighted_mean_renormalises_over_measured_items() -> None:
    result = weighted_mean([(D(1), D(100)), (D(3), D(80)), (D(2), None)])
    assert result.value == D(85)
    assert [s.code for s in result.steps] == [
        "weighted_mean.missing_skipped",
        "weighted_mean.result",
    ]
    assert weighted_mean([(D(1), None)]).value is None
    assert weighted_mean([]).value is None
    assert weighted_mean([(D(0), D(90))]).steps[-1].code == "weighted_mean.zero_weight"


@given(c=capaians, weights=st.lists(positive, min_size=1, max_size=8))
def test_uniform_capaian_survives_any_weights(c: D, weights: list[D]) -> None:
    assert weighted_mean([(w, c) for w in weights]).value == c
    rhks = [
        RhkInput(
            f"R{i}",
            RhkKind.UTAMA,
            [IndicatorInput(f"I{j}", w, c) for j, w in enumerate(weights[i:])],
        )
        for i in range(len(weights))
    ]
    result = skp_capaian(rhks, cap=None).value
    assert result.overall == c
    assert set(result.per_rhk.values()) == {c}


def test_skp_capaian_excludes_tambahan_and_applies_cap() -> None:
    rhks = [
        RhkInput(
            "utama-1",
            RhkKind.UTAMA,
            [IndicatorInput("a", D(1), D(150)), IndicatorInput("b", D(1), D(80))],
        ),
        RhkInput("utama-2", RhkKind.UTAMA, [IndicatorInput("c", D(2), None)]),
        RhkInput("tambahan", RhkKind.TAMBAHAN, [IndicatorInput("d", D(1), D(10))]),
    ]
    result = skp_capaian(rhks, cap=D(120))
    assert result.value == SkpCapaian(
        D(100), {"utama-1": D(100), "utama-2": None, "tambahan": D(10)}
    )
    codes = [s.code for s in result.steps]
    assert "capaian.capped" in codes
    assert "skp.tambahan_excluded" in codes


def test_skp_capaian_rejects_duplicate_keys() -> None:
    rhk = RhkInput("x", RhkKind.UTAMA, [])
    with pytest.raises(ValueError):
        skp_capaian([rhk, rhk], cap=None)

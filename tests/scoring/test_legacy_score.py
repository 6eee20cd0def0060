"""legacy_score and the policy's behaviour numbers: PP 46/2011 and PP 30/2019 from stored inputs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.scoring import (
    Predikat,
    Rating,
    ScoringPolicy,
    credit_points,
    legacy_score,
    tpp_percent,
)

POLICY = ScoringPolicy()
capaians = st.lists(
    st.decimals(min_value=0, max_value=120, places=2, allow_nan=False), min_size=1, max_size=8
)
ratings = st.lists(st.sampled_from(list(Rating)), min_size=1, max_size=7)
modes = st.sampled_from(["pp46_2011", "pp30_2019"])


@given(mode=modes, values=capaians, behaviour=ratings)
def test_score_lies_between_the_skp_and_behaviour_values(mode, values, behaviour):
    result = legacy_score(mode, indicator_capaian=values, behaviour=behaviour, policy=POLICY)
    assert result.value is not None
    numbers = POLICY.legacy_behaviour_value[mode]
    low = min([*values, *(numbers[r] for r in Rating)], default=0)
    assert Decimal(0) <= result.value <= Decimal(120)
    assert result.value >= min(Decimal(0), low)


@given(mode=modes, values=capaians, behaviour=ratings, index=st.integers(min_value=0, max_value=6))
def test_a_better_behaviour_rating_never_lowers_the_score(mode, values, behaviour, index):
    index %= len(behaviour)
    better = list(behaviour)
    better[index] = Rating.ABOVE
    before = legacy_score(mode, indicator_capaian=values, behaviour=behaviour, policy=POLICY)
    after = legacy_score(mode, indicator_capaian=values, behaviour=better, policy=POLICY)
    assert after.value is not None and before.value is not None
    assert after.value >= before.value


@given(mode=modes, values=capaians, behaviour=ratings, extra=st.decimals(0, 120, places=2))
def test_a_higher_capaian_never_lowers_the_score(mode, values, behaviour, extra):
    before = legacy_score(mode, indicator_capaian=values, behaviour=behaviour, policy=POLICY)
    raised = [min(Decimal(120), values[0] + extra), *values[1:]]
    after = legacy_score(mode, indicator_capaian=raised, behaviour=behaviour, policy=POLICY)
    assert after.value >= before.value  # type: ignore[operator]


def test_pp46_is_sixty_forty_of_the_mean_capaian_and_behaviour():
    result = legacy_score(
        "pp46_2011",
        indicator_capaian=[Decimal(100), Decimal(90)],
        behaviour=[Rating.MEETS] * 7,
        policy=POLICY,
    )
    assert result.value == Decimal("0.6") * 95 + Decimal("0.4") * 76
    assert [s.code for s in result.steps][-1] == "pp46.band"


def test_pp30_is_seventy_thirty_of_the_mean_nilai_and_behaviour():
    result = legacy_score(
        "pp30_2019", indicator_capaian=[Decimal(100)], behaviour=[Rating.ABOVE], policy=POLICY
    )
    assert result.value == Decimal("0.7") * 100 + Decimal("0.3") * 110


def test_nothing_measured_gives_no_score():
    result = legacy_score(
        "pp46_2011", indicator_capaian=[], behaviour=[Rating.MEETS], policy=POLICY
    )
    assert result.value is None and result.steps[0].code == "legacy.no_data"


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        legacy_score(
            "none", indicator_capaian=[Decimal(1)], behaviour=[Rating.MEETS], policy=POLICY
        )


def test_behaviour_numbers_round_trip_and_must_not_fall_as_the_rating_rises():
    custom = {
        "pp46_2011": {
            Rating.ABOVE: Decimal(95),
            Rating.MEETS: Decimal(80),
            Rating.BELOW: Decimal(60),
        },
        "pp30_2019": {
            Rating.ABOVE: Decimal(115),
            Rating.MEETS: Decimal(95),
            Rating.BELOW: Decimal(70),
        },
    }
    policy = ScoringPolicy(legacy_behaviour_value=custom)
    assert ScoringPolicy.from_dict(policy.to_dict()) == policy
    # A policy stored before the field existed keeps the defaults.
    stored = policy.to_dict()
    del stored["legacy_behaviour_value"]
    assert ScoringPolicy.from_dict(stored).legacy_behaviour_value == POLICY.legacy_behaviour_value
    wrong = {**custom, "pp46_2011": {**custom["pp46_2011"], Rating.BELOW: Decimal(99)}}
    with pytest.raises(ValueError):
        ScoringPolicy(legacy_behaviour_value=wrong)


def test_tpp_is_not_set_until_the_policy_has_a_table():
    assert tpp_percent(Predikat.BAIK, POLICY).value is None
    table = {p: Decimal(50) for p in Predikat}
    assert tpp_percent(Predikat.BAIK, ScoringPolicy(tpp_percent=table)).value == Decimal(50)


@given(
    predikat=st.sampled_from(list(Predikat)),
    coefficient=st.decimals(min_value=0, max_value=100, places=2),
)
def test_four_quarters_of_credit_points_make_the_year(predikat, coefficient):
    year = credit_points(predikat, coefficient, POLICY).value
    quarter = credit_points(predikat, coefficient, POLICY, months=3).value
    assert quarter * 4 == year

"""The scoring policy: defaults, validation and the JSON it is stored as."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.scoring import Bound, DistributionRule, OrgPredikat, Predikat, ScoringPolicy
from kinerja.scoring.policy import DISTRIBUTION_ENFORCEMENTS, LEGACY_MODES

P = Predikat


def test_new_fields_default_to_unset_tpp_no_legacy_mode_and_a_warning():
    policy = ScoringPolicy()
    assert policy.tpp_percent == {}
    assert policy.legacy_mode == "none"
    assert policy.distribution_enforcement == "warn"


def test_a_policy_stored_before_the_new_fields_still_loads_with_their_defaults():
    stored = ScoringPolicy().to_dict()
    for key in ("tpp_percent", "legacy_mode", "distribution_enforcement"):
        del stored[key]
    assert ScoringPolicy.from_dict(stored) == ScoringPolicy()


def test_tpp_table_round_trips():
    tpp = {P.SANGAT_BAIK: D(100), P.BAIK: D(100), P.BUTUH_PERBAIKAN: D("87.5")}
    tpp |= {P.KURANG: D(75), P.SANGAT_KURANG: D(50)}
    policy = ScoringPolicy(tpp_percent=tpp, legacy_mode="pp46_2011")
    assert ScoringPolicy.from_dict(json.loads(json.dumps(policy.to_dict()))) == policy


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rating_meets_min": D(111)}, "rating_meets_min must not exceed rating_above_min"),
        ({"tpp_percent": {P.BAIK: D(100)}}, "tpp_percent needs every predikat"),
        ({"tpp_percent": dict.fromkeys(P, D(101))}, "at most 100"),
        ({"tpp_percent": dict.fromkeys(P, D(-1))}, "must not be negative"),
        ({"legacy_mode": "pp10_1979"}, "legacy_mode must be one of"),
        ({"distribution_enforcement": "ignore"}, "distribution_enforcement must be one of"),
    ],
)
def test_contradictory_or_out_of_range_values_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ScoringPolicy(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"capaian_cap": D(99), "rating_above_min": D(95)}, "capaian_cap below 100"),
        ({"capaian_cap": D(105)}, "rating_above_min above capaian_cap"),
    ],
)
def test_unwise_combinations_still_compute_but_are_named(kwargs, problem):
    policy = ScoringPolicy(**kwargs)
    assert ScoringPolicy.from_dict(policy.to_dict()) == policy
    assert policy.unwise() == [problem]
    assert ScoringPolicy().unwise() == []


def test_a_bound_whose_minimum_share_exceeds_its_maximum_still_loads_but_is_named():
    """Stored before the policy page existed, such a year must keep loading."""
    crossed = Bound(frozenset({P.BAIK}), min_share=D(60), max_share=D(50))
    rules = {**ScoringPolicy().distribution, OrgPredikat.BAIK: DistributionRule((crossed,))}
    policy = ScoringPolicy(distribution=rules)
    assert ScoringPolicy.from_dict(policy.to_dict()) == policy
    assert policy.unwise() == ["distribution baik: min_share above max_share"]


def test_unknown_keys_are_refused_so_a_typo_is_not_silently_ignored():
    with pytest.raises(ValueError, match="unknown policy keys"):
        ScoringPolicy.from_dict({"tpp_persen": {}})


shares = st.none() | st.integers(min_value=0, max_value=100).map(D)
percents = st.decimals(min_value=0, max_value=100, places=2)


@st.composite
def bounds(draw: st.DrawFn) -> Bound:
    predikats = draw(st.frozensets(st.sampled_from(list(P)), min_size=1))
    low, high = sorted([draw(shares) or D(0), draw(shares) or D(100)])
    count = draw(st.none() | st.integers(min_value=0, max_value=5))
    return Bound(predikats, min_share=low, max_share=high, min_count=count)


@st.composite
def policies(draw: st.DrawFn) -> ScoringPolicy:
    cap = draw(st.integers(min_value=100, max_value=200))
    above = draw(st.integers(min_value=0, max_value=cap))
    meets = draw(st.integers(min_value=0, max_value=above))
    tpp = draw(st.none() | st.fixed_dictionaries({p: percents for p in P}))
    return ScoringPolicy(
        version=draw(st.text(max_size=20)),
        capaian_cap=D(cap),
        rating_above_min=D(above),
        rating_meets_min=D(meets),
        behaviour_rule=draw(st.sampled_from(["majority", "lowest"])),
        distribution={
            org: DistributionRule(tuple(draw(st.lists(bounds(), max_size=3))))
            for org in OrgPredikat
        },
        credit_point_percent={p: draw(percents) for p in P},
        tpp_percent=tpp or {},
        legacy_mode=draw(st.sampled_from(LEGACY_MODES)),
        distribution_enforcement=draw(st.sampled_from(DISTRIBUTION_ENFORCEMENTS)),
    )


@given(policy=policies())
def test_every_valid_policy_survives_its_json(policy):
    assert ScoringPolicy.from_dict(json.loads(json.dumps(policy.to_dict()))) == policy

"""An SKP split during the year: its parts combine by the days each was in force."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.scoring import STEP_CODES, combine_parts

capaians = st.decimals(min_value=0, max_value=500, places=4, allow_nan=False, allow_infinity=False)
parts = st.lists(st.tuples(capaians, st.integers(min_value=1, max_value=366)), min_size=1)


@given(capaian=capaians, split=st.lists(st.integers(min_value=1, max_value=366), min_size=1))
def test_a_uniform_capaian_survives_any_split(capaian, split):
    result = combine_parts([(capaian, d) for d in split])
    assert result.value == capaian


@given(parts=parts)
def test_each_part_weighs_by_its_days(parts):
    result = combine_parts(parts)
    total = sum(d for _, d in parts)
    expected = sum((c * d for c, d in parts), D(0)) / total
    assert result.value == expected
    assert min(c for c, _ in parts) <= result.value <= max(c for c, _ in parts)


@given(parts=parts, extra=capaians)
def test_a_zero_day_part_counts_nothing(parts, extra):
    assert combine_parts([*parts, (extra, 0)]).value == combine_parts(parts).value
    assert combine_parts([(extra, 0), *parts]).value == combine_parts(parts).value


@given(parts=parts)
def test_doubling_every_part_changes_nothing(parts):
    assert combine_parts([(c, 2 * d) for c, d in parts]).value == combine_parts(parts).value


def test_two_parts_of_a_year_by_their_days():
    # 104 days at 80 %, 261 days at 110 %: (80 × 104 + 110 × 261) / 365.
    result = combine_parts([(D(80), 104), (D(110), 261)])
    assert result.value == (D(80) * 104 + D(110) * 261) / 365
    codes = [s.code for s in result.steps]
    assert codes == ["parts.part", "parts.part", "parts.combined"]
    assert result.steps[0].values == {"part": D(1), "capaian": D(80), "days": D(104)}
    assert result.steps[-1].values["total_days"] == D(365)


def test_a_part_without_capaian_is_left_out_and_said_so():
    result = combine_parts([(None, 100), (D(90), 50)])
    assert result.value == D(90)
    assert "parts.missing_skipped" in [s.code for s in result.steps]


def test_no_capaian_in_any_part_gives_none():
    result = combine_parts([(None, 100), (D(90), 0)])
    assert result.value is None
    assert result.steps[-1].code == "parts.no_data"


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="days"):
        combine_parts([(D(90), -1)])


def test_every_code_is_known():
    assert {"parts.part", "parts.missing_skipped", "parts.no_data", "parts.combined"} <= STEP_CODES

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.scoring import (
    PREDIKAT_MATRIX,
    Predikat,
    Rating,
    ScoringPolicy,
    behaviour_rating,
    credit_points,
    predikat,
    propose_rating,
)

A, M, B = Rating.ABOVE, Rating.MEETS, Rating.BELOW
POLICY = ScoringPolicy()

# Every cell of the PermenPANRB 6/2022 matrix, written out as in domain.md.
MATRIX_CELLS = [
    (A, B, Predikat.KURANG),
    (A, M, Predikat.BAIK),
    (A, A, Predikat.SANGAT_BAIK),
    (M, B, Predikat.KURANG),
    (M, M, Predikat.BAIK),
    (M, A, Predikat.BAIK),
    (B, B, Predikat.SANGAT_KURANG),
    (B, M, Predikat.BUTUH_PERBAIKAN),
    (B, A, Predikat.BUTUH_PERBAIKAN),
]


@pytest.mark.parametrize(("hasil", "perilaku", "expected"), MATRIX_CELLS)
def test_predikat_matrix_cell(hasil: Rating, perilaku: Rating, expected: Predikat) -> None:
    result = predikat(hasil, perilaku)
    assert result.value is expected
    assert result.steps[0].values == {"hasil": hasil, "perilaku": perilaku, "predikat": expected}


@given(st.sampled_from(list(Rating)), st.sampled_from(list(Rating)))
def test_predikat_matrix_is_total(hasil: Rating, perilaku: Rating) -> None:
    assert predikat(hasil, perilaku).value in set(Predikat)
    assert len(PREDIKAT_MATRIX) == len(Rating) ** 2


@pytest.mark.parametrize(
    ("c", "expected"),
    [("110", A), ("130", A), ("109.99", M), ("90", M), ("89.99", B), ("0", B)],
)
def test_propose_rating_thresholds(c: str, expected: Rating) -> None:
    assert propose_rating(D(c), POLICY).value is expected


def test_propose_rating_without_capaian() -> None:
    result = propose_rating(None, POLICY)
    assert result.value is None
    assert result.steps[0].code == "rating.no_capaian"


def test_propose_rating_follows_policy() -> None:
    strict = ScoringPolicy(rating_above_min=D(115), rating_meets_min=D(100))
    assert propose_rating(D(110), strict).value is M
    assert propose_rating(D(95), strict).value is B


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([A, A, A, A, M, M, B], A),
        ([B, B, B, M, M, A, A], B),
        ([A, A, A, B, B, B, M], M),  # tie between above and below
        ([A, A, A, M, M, M, B], M),  # tie including meets
        ([M], M),
    ],
)
def test_behaviour_majority(ratings: list[Rating], expected: Rating) -> None:
    assert behaviour_rating(ratings, POLICY).value is expected


def test_behaviour_lowest() -> None:
    lowest = ScoringPolicy(behaviour_rule="lowest")
    assert behaviour_rating([A] * 6 + [B], lowest).value is B
    assert behaviour_rating([A] * 6 + [M], lowest).value is M
    assert behaviour_rating([A] * 7, lowest).value is A


def test_behaviour_rejects_empty_and_unknown_rule() -> None:
    with pytest.raises(ValueError):
        behaviour_rating([], POLICY)
    with pytest.raises(ValueError):
        ScoringPolicy(behaviour_rule="mean")


@given(st.lists(st.sampled_from(list(Rating)), min_size=1, max_size=7))
def test_behaviour_lowest_never_above_majority(ratings: list[Rating]) -> None:
    order = [B, M, A]
    majority = behaviour_rating(ratings, POLICY).value
    lowest = behaviour_rating(ratings, ScoringPolicy(behaviour_rule="lowest")).value
    assert order.index(lowest) <= order.index(majority)


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (Predikat.SANGAT_BAIK, "18.75"),
        (Predikat.BAIK, "12.5"),
        (Predikat.BUTUH_PERBAIKAN, "9.375"),
        (Predikat.KURANG, "6.25"),
        (Predikat.SANGAT_KURANG, "3.125"),
    ],
)
def test_credit_points(p: Predikat, expected: str) -> None:
    assert credit_points(p, D("12.5"), POLICY).value == D(expected)

from decimal import Decimal as D

import pytest

from kinerja.scoring import skm_index, skm_sample_size

ELEMENTS = [f"U{i}" for i in range(1, 10)]


def uniform(mean: str) -> dict[str, D]:
    return dict.fromkeys(ELEMENTS, D(mean))


@pytest.mark.parametrize(
    ("population", "expected"),
    [(0, 0), (1, 1), (10, 10), (50, 44), (100, 80), (250, 152), (1000, 278), (2000, 322)],
)
def test_krejcie_morgan_sample_size(population: int, expected: int) -> None:
    assert skm_sample_size(population) == expected


@pytest.mark.parametrize(
    ("mean", "mutu"),
    [
        ("1", "D"),
        ("2.5996", "D"),
        ("2.6", "C"),
        ("3.064", "C"),
        ("3.0644", "B"),
        ("3.532", "B"),
        ("3.5324", "A"),
        ("4", "A"),
    ],
)
def test_skm_index_bands(mean: str, mutu: str) -> None:
    result = skm_index(uniform(mean)).value
    assert result.ikm == D(mean)
    assert result.converted == D(mean) * 25
    assert result.mutu == mutu


def test_skm_index_mean_of_elements_and_custom_weights() -> None:
    means = uniform("3")
    means["U9"] = D("3.9")
    assert skm_index(means).value.ikm == D("3.1")
    weights = dict.fromkeys(ELEMENTS[:8], D("0.1")) | {"U9": D("0.2")}
    assert skm_index(means, weights).value.ikm == D("3.18")


@pytest.mark.parametrize(
    ("means", "weights"),
    [
        (dict.fromkeys(ELEMENTS[:8], D(3)), None),
        (uniform("4.5"), None),
        (uniform("3"), dict.fromkeys(ELEMENTS, D("0.1"))),
        (uniform("3"), {"U1": D(1)}),
    ],
)
def test_skm_index_rejects_bad_input(means: dict[str, D], weights: dict[str, D] | None) -> None:
    with pytest.raises(ValueError):
        skm_index(means, weights)

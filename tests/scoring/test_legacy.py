from decimal import Decimal as D

import pytest

from kinerja.scoring import (
    pp30_final,
    pp46_band,
    pp46_mean,
    pp46_prestasi,
    pp46_ratio,
    pp46_time_or_cost,
)


@pytest.mark.parametrize(
    ("realised", "expected"), [(D(12), D(76)), (D("9.12"), D(100)), (D(6), D(50)), (None, D(0))]
)
def test_pp46_time(realised: D | None, expected: D) -> None:
    assert pp46_time_or_cost(realised, D(12)).value == expected


def test_pp46_and_pp30_combinations() -> None:
    assert pp46_ratio(D(8), D(10)).value == 80
    assert pp46_mean([D(100), D(80), D(76)]).value == D(256) / 3
    assert pp46_prestasi(D(80), D(90)).value == 84
    assert pp30_final(D(80), D(90), peer_rated=False).value == 83
    assert pp30_final(D(80), D(90), peer_rated=True).value == 84


@pytest.mark.parametrize(
    ("value", "band"),
    [
        ("91", "sangat_baik"),
        ("90.5", "sangat_baik"),
        ("76", "baik"),
        ("75", "cukup"),
        ("51", "kurang"),
        ("50", "buruk"),
    ],
)
def test_pp46_band(value: str, band: str) -> None:
    assert pp46_band(D(value)).value == band

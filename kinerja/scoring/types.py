"""Vocabulary shared by every formula of the engine."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kinerja.scoring.explain import serializable


@serializable
class Polarity(StrEnum):
    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"
    RANGE = "range"
    MILESTONE = "milestone"


@serializable
class Aggregation(StrEnum):
    SUM = "sum"
    RATIO = "ratio"
    LATEST = "latest"
    MEAN = "mean"
    MEDIAN = "median"


@serializable
class Rating(StrEnum):
    """Di Atas / Sesuai / Di Bawah Ekspektasi (PermenPANRB 6/2022)."""

    ABOVE = "above"
    MEETS = "meets"
    BELOW = "below"


@serializable
class Predikat(StrEnum):
    """Predikat Kinerja Pegawai; KURANG is shown as "Kurang/Misconduct"."""

    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"


@serializable
class OrgPredikat(StrEnum):
    ISTIMEWA = "istimewa"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"


@serializable
class RhkKind(StrEnum):
    UTAMA = "utama"
    TAMBAHAN = "tambahan"


def check_decimal(name: str, value: Decimal | None, *, allow_negative: bool = False) -> None:
    """Reject floats, NaN and infinities early: they would silently break exact arithmetic."""
    if value is None:
        return
    if not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a Decimal, got {type(value).__name__}")
    if not value.is_finite():
        raise ValueError(f"{name} must be finite")
    if value < 0 and not allow_negative:
        raise ValueError(f"{name} must not be negative")


@serializable
@dataclass(frozen=True)
class Target:
    """Either a single ``value`` (higher/lower better, milestone) or a ``low``–``high`` range."""

    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None

    def __post_init__(self) -> None:
        for name in ("value", "low", "high"):
            check_decimal(name, getattr(self, name))
        if (self.low is None) != (self.high is None):
            raise ValueError("a range target needs both low and high")
        if (self.value is None) == (self.low is None):
            raise ValueError("give either value or low+high, not both or neither")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("range target needs low <= high")

    @property
    def is_range(self) -> bool:
        return self.low is not None


@serializable
@dataclass(frozen=True)
class PeriodValue:
    """One period's realisasi: a ``value``, or ``numerator``/``denominator`` for ratios."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    def __post_init__(self) -> None:
        # Levels such as growth rates may be negative; counts of people never are.
        check_decimal("value", self.value, allow_negative=True)
        check_decimal("numerator", self.numerator)
        check_decimal("denominator", self.denominator)
        if (self.numerator is None) != (self.denominator is None):
            raise ValueError("numerator and denominator go together")

"""The scoring policy: every default that domain.md marks "(config)".

Django stores one policy per year as JSON (``to_dict``/``from_dict``) and records its
``version`` beside every score, so a published number can be recomputed later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from kinerja.scoring.explain import serializable
from kinerja.scoring.types import OrgPredikat, Predikat, Rating, check_decimal

P = Predikat
BEHAVIOUR_RULES = ("majority", "lowest")
# Which older numeric score is reported beside the predikat for regions that still use one.
LEGACY_MODES = ("none", "pp46_2011", "pp30_2019")
# What a distribution that breaks its organisational predikat's rule does at finalisation.
DISTRIBUTION_ENFORCEMENTS = ("warn", "block")


@serializable
@dataclass(frozen=True)
class Bound:
    """A limit on the staff whose predikat is in ``predikats``; shares are percent (0–100)."""

    predikats: frozenset[Predikat]
    min_share: Decimal | None = None
    max_share: Decimal | None = None
    min_count: int | None = None

    def __post_init__(self) -> None:
        if not self.predikats:
            raise ValueError("a bound needs at least one predikat")
        if self.min_share is None and self.max_share is None and self.min_count is None:
            raise ValueError("a bound needs at least one limit")
        for name in ("min_share", "max_share"):
            share = getattr(self, name)
            check_decimal(name, share)
            if share is not None and share > 100:
                raise ValueError(f"{name} is a percentage, at most 100")
        if self.min_count is not None and self.min_count < 0:
            raise ValueError("min_count must not be negative")


@serializable
@dataclass(frozen=True)
class DistributionRule:
    bounds: tuple[Bound, ...]


def _default_distribution() -> dict[OrgPredikat, DistributionRule]:
    """SE MenPANRB 3/2023, percentages from one secondary source (hence configurable)."""

    def rule(*bounds: Bound) -> DistributionRule:
        return DistributionRule(bounds)

    def b(*predikats: Predikat, **limits: Any) -> Bound:
        return Bound(frozenset(predikats), **limits)

    pct = Decimal
    return {
        OrgPredikat.ISTIMEWA: rule(b(P.SANGAT_BAIK, max_share=pct(70))),
        OrgPredikat.BAIK: rule(
            b(P.BAIK, max_share=pct(70)), b(P.BUTUH_PERBAIKAN, P.KURANG, min_count=1)
        ),
        OrgPredikat.BUTUH_PERBAIKAN: rule(
            b(P.BUTUH_PERBAIKAN, min_share=pct(60)), b(P.SANGAT_BAIK, max_share=pct(10))
        ),
        OrgPredikat.KURANG: rule(
            b(P.KURANG, min_share=pct(60)),
            b(P.BUTUH_PERBAIKAN, min_share=pct(10)),
            b(P.SANGAT_BAIK, max_share=pct(10)),
        ),
        OrgPredikat.SANGAT_KURANG: rule(
            b(P.SANGAT_KURANG, min_share=pct(60)),
            b(P.KURANG, P.BUTUH_PERBAIKAN, min_share=pct(10)),
            b(P.SANGAT_BAIK, max_share=pct(0)),
        ),
    }


def _default_credit_percent() -> dict[Predikat, Decimal]:
    """PerBKN 3/2023 percentages of the yearly credit-point coefficient."""
    return {
        P.SANGAT_BAIK: Decimal(150),
        P.BAIK: Decimal(100),
        P.BUTUH_PERBAIKAN: Decimal(75),
        P.KURANG: Decimal(50),
        P.SANGAT_KURANG: Decimal(25),
    }


def _default_legacy_behaviour() -> dict[str, dict[Rating, Decimal]]:
    """The number each behaviour rating counts as in the older rules' numeric score.

    PermenPANRB 6/2022 rates behaviour in words only. Defaults: the lower bound of the band
    the rating corresponds to on each rule's scale (PP 46/2011: Sangat Baik 91, Baik 76,
    Cukup 61; PP 30/2019: Sangat Baik 110, Baik 90, Cukup 70).
    """
    return {
        "pp46_2011": {
            Rating.ABOVE: Decimal(91),
            Rating.MEETS: Decimal(76),
            Rating.BELOW: Decimal(61),
        },
        "pp30_2019": {
            Rating.ABOVE: Decimal(110),
            Rating.MEETS: Decimal(90),
            Rating.BELOW: Decimal(70),
        },
    }


@dataclass(frozen=True)
class ScoringPolicy:
    version: str = "default-2026"
    capaian_cap: Decimal = Decimal(120)
    rating_above_min: Decimal = Decimal(110)
    rating_meets_min: Decimal = Decimal(90)
    behaviour_rule: str = "majority"
    # Nilai of exactly 100 % capaian: Baik per PermenPANRB 8/2021; one official example uses 109.
    nilai_at_target: Decimal = Decimal(100)
    distribution: Mapping[OrgPredikat, DistributionRule] = field(
        default_factory=_default_distribution
    )
    credit_point_percent: Mapping[Predikat, Decimal] = field(
        default_factory=_default_credit_percent
    )
    # TPP (tambahan penghasilan pegawai) paid per predikat, percent of the post's base TPP.
    # Each government sets its own table (no national one), so the default is "not set": empty.
    tpp_percent: Mapping[Predikat, Decimal] = field(default_factory=dict)
    legacy_mode: str = "none"
    # Per legacy mode, the number of each behaviour rating (see _default_legacy_behaviour).
    legacy_behaviour_value: Mapping[str, Mapping[Rating, Decimal]] = field(
        default_factory=_default_legacy_behaviour
    )
    distribution_enforcement: str = "warn"

    def __post_init__(self) -> None:
        for name in ("capaian_cap", "rating_above_min", "rating_meets_min", "nilai_at_target"):
            check_decimal(name, getattr(self, name))
        if self.rating_meets_min > self.rating_above_min:
            raise ValueError("rating_meets_min must not exceed rating_above_min")
        if self.behaviour_rule not in BEHAVIOUR_RULES:
            raise ValueError(f"behaviour_rule must be one of {BEHAVIOUR_RULES}")
        if not Decimal(89) <= self.nilai_at_target <= Decimal(110):
            raise ValueError("nilai_at_target must lie within 89..110 to keep nilai monotonic")
        if set(self.distribution) != set(OrgPredikat):
            raise ValueError("distribution needs a rule for every organisational predikat")
        if set(self.credit_point_percent) != set(Predikat):
            raise ValueError("credit_point_percent needs every predikat")
        for percent in self.credit_point_percent.values():
            check_decimal("credit_point_percent", percent)
        if self.tpp_percent and set(self.tpp_percent) != set(Predikat):
            raise ValueError("tpp_percent needs every predikat, or none while it is not set")
        for percent in self.tpp_percent.values():
            check_decimal("tpp_percent", percent)
            if percent > 100:
                raise ValueError("tpp_percent is a share of the base TPP, at most 100")
        if self.legacy_mode not in LEGACY_MODES:
            raise ValueError(f"legacy_mode must be one of {LEGACY_MODES}")
        if set(self.legacy_behaviour_value) != set(LEGACY_MODES) - {"none"}:
            raise ValueError("legacy_behaviour_value needs every legacy mode")
        for numbers in self.legacy_behaviour_value.values():
            if set(numbers) != set(Rating):
                raise ValueError("legacy_behaviour_value needs every rating")
            for number in numbers.values():
                check_decimal("legacy_behaviour_value", number)
                if number > 120:
                    raise ValueError("legacy_behaviour_value is at most 120")
            # A better rating must never count for less.
            if not numbers[Rating.ABOVE] >= numbers[Rating.MEETS] >= numbers[Rating.BELOW]:
                raise ValueError("legacy_behaviour_value must not fall as the rating rises")
        if self.distribution_enforcement not in DISTRIBUTION_ENFORCEMENTS:
            raise ValueError(f"distribution_enforcement must be one of {DISTRIBUTION_ENFORCEMENTS}")

    def to_dict(self) -> dict[str, Any]:
        def opt(x: Decimal | None) -> str | None:
            return None if x is None else str(x)

        return {
            "version": self.version,
            "capaian_cap": str(self.capaian_cap),
            "rating_above_min": str(self.rating_above_min),
            "rating_meets_min": str(self.rating_meets_min),
            "behaviour_rule": self.behaviour_rule,
            "nilai_at_target": str(self.nilai_at_target),
            "distribution": {
                str(org): [
                    {
                        "predikats": sorted(str(p) for p in bound.predikats),
                        "min_share": opt(bound.min_share),
                        "max_share": opt(bound.max_share),
                        "min_count": bound.min_count,
                    }
                    for bound in rule.bounds
                ]
                for org, rule in self.distribution.items()
            },
            "credit_point_percent": {str(p): str(v) for p, v in self.credit_point_percent.items()},
            "tpp_percent": {str(p): str(v) for p, v in self.tpp_percent.items()},
            "legacy_mode": self.legacy_mode,
            "legacy_behaviour_value": {
                mode: {str(r): str(v) for r, v in numbers.items()}
                for mode, numbers in self.legacy_behaviour_value.items()
            },
            "distribution_enforcement": self.distribution_enforcement,
        }

    def unwise(self) -> list[str]:
        """Combinations that compute but defeat their purpose; refused when HR edits a policy.

        Not errors of the engine: a policy stored with them must keep loading, or every
        page of its year would fail.
        """
        problems = []
        # Below 100 a pegawai who meets every target would be counted as falling short.
        if self.capaian_cap < 100:
            problems.append("capaian_cap below 100")
        # Capaian never exceeds the cap, so a higher threshold could never be reached.
        if self.rating_above_min > self.capaian_cap:
            problems.append("rating_above_min above capaian_cap")
        # A bound whose minimum exceeds its maximum can never be met.
        for predikat, rule in self.distribution.items():
            for bound in rule.bounds:
                if (
                    bound.min_share is not None
                    and bound.max_share is not None
                    and bound.min_share > bound.max_share
                ):
                    problems.append(f"distribution {predikat}: min_share above max_share")
        return problems

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoringPolicy:
        """Missing keys keep their defaults, so policies stored by older versions still load."""
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown policy keys: {sorted(unknown)}")

        def opt(x: str | None) -> Decimal | None:
            return None if x is None else Decimal(x)

        kwargs: dict[str, Any] = {}
        for name in ("version", "behaviour_rule", "legacy_mode", "distribution_enforcement"):
            if name in data:
                kwargs[name] = data[name]
        for name in ("capaian_cap", "rating_above_min", "rating_meets_min", "nilai_at_target"):
            if name in data:
                kwargs[name] = Decimal(data[name])
        if "distribution" in data:
            kwargs["distribution"] = {
                OrgPredikat(org): DistributionRule(
                    tuple(
                        Bound(
                            frozenset(Predikat(p) for p in b["predikats"]),
                            opt(b.get("min_share")),
                            opt(b.get("max_share")),
                            b.get("min_count"),
                        )
                        for b in bounds
                    )
                )
                for org, bounds in data["distribution"].items()
            }
        if "credit_point_percent" in data:
            kwargs["credit_point_percent"] = {
                Predikat(p): Decimal(v) for p, v in data["credit_point_percent"].items()
            }
        if "tpp_percent" in data:
            kwargs["tpp_percent"] = {
                Predikat(p): Decimal(v) for p, v in data["tpp_percent"].items()
            }
        if "legacy_behaviour_value" in data:
            kwargs["legacy_behaviour_value"] = {
                mode: {Rating(r): Decimal(v) for r, v in numbers.items()}
                for mode, numbers in data["legacy_behaviour_value"].items()
            }
        return cls(**kwargs)

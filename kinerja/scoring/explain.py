"""Explanations that travel with every score.

The engine never writes sentences: each step carries a stable ``code`` that the Django side
translates, a language-neutral ``formula`` and the named ``values`` that went into it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any, Generic, TypeVar

T = TypeVar("T")
C = TypeVar("C", bound=type)

STEP_CODES: frozenset[str] = frozenset(
    {
        # capaian.py
        "aggregate.sum",
        "aggregate.ratio",
        "aggregate.latest",
        "aggregate.mean",
        "aggregate.median",
        "aggregate.missing_skipped",
        "aggregate.no_data",
        "aggregate.zero_denominator",
        "capaian.higher_better",
        "capaian.lower_better",
        "capaian.milestone",
        "capaian.no_target",
        "capaian.range_inside",
        "capaian.range_below",
        "capaian.range_above",
        "capaian.floor_zero",
        "capaian.capped",
        "nilai.interpolated",
        "nilai.maximum",
        "weighted_mean.result",
        "weighted_mean.missing_skipped",
        "weighted_mean.no_data",
        "weighted_mean.zero_weight",
        "skp.rhk",
        "skp.tambahan_excluded",
        # rating.py
        "rating.proposed",
        "rating.no_capaian",
        "behaviour.counts",
        "behaviour.majority",
        "behaviour.tie_to_meets",
        "behaviour.lowest",
        "predikat.matrix",
        "credit_points.percent",
        "credit_points.period",
        "tpp.percent",
        "tpp.not_set",
        # distribution.py (the violation codes double as step codes)
        "distribution.total",
        "distribution.empty",
        "distribution.satisfied",
        "distribution.max_share_exceeded",
        "distribution.min_share_not_met",
        "distribution.min_count_not_met",
        # unit capaian of a unit head (composed on the Django side from the steps above)
        "unit.capaian_pk",
        "unit.capaian_skp",
        # survey.py
        "skm.element",
        "skm.index",
        "skm.mutu",
        # proration.py
        "target.prorated",
        # parts.py
        "parts.part",
        "parts.missing_skipped",
        "parts.no_data",
        "parts.combined",
        # legacy.py
        "pp46.ratio",
        "pp46.time_efficient",
        "pp46.time_very_efficient",
        "pp46.not_done",
        "pp46.mean",
        "pp46.prestasi",
        "pp46.band",
        "pp30.final",
        "pp30.skp",
        "legacy.behaviour",
        "legacy.no_data",
    }
)

StepValue = Decimal | str | None


@dataclass(frozen=True)
class Step:
    """One line of "bagaimana nilai ini dihitung"."""

    code: str
    formula: str
    values: Mapping[str, StepValue] = field(default_factory=dict)


def step(code: str, formula: str = "", **values: Decimal | str | int | None) -> Step:
    """Build a step; the engine only emits codes that Django is known to translate."""
    if code not in STEP_CODES:
        raise ValueError(f"unknown step code {code!r}")
    clean: dict[str, StepValue] = {}
    for name, value in values.items():
        # StrEnum members become plain strings and ints become Decimals so the JSON stays simple.
        if isinstance(value, bool):
            raise TypeError(f"step value {name!r} must not be a bool")
        if isinstance(value, int):
            clean[name] = Decimal(value)
        elif isinstance(value, str):
            clean[name] = str(value)
        else:
            clean[name] = value
    return Step(code, formula, clean)


@dataclass(frozen=True)
class Scored(Generic[T]):
    """A result together with the steps that produced it."""

    value: T
    steps: tuple[Step, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form, stored beside the score so it can be shown later."""
        return {
            "value": _encode(self.value),
            "steps": [
                {
                    "code": s.code,
                    "formula": s.formula,
                    "values": {k: _encode(v) for k, v in s.values.items()},
                }
                for s in self.steps
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scored[Any]:
        steps = tuple(
            Step(s["code"], s["formula"], {k: _decode(v) for k, v in s["values"].items()})
            for s in data["steps"]
        )
        return cls(_decode(data["value"]), steps)


def quantize(value: Decimal, places: int = 2) -> Decimal:
    """Round for display only; formulas keep full precision."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# Result types register here so from_dict can rebuild them without importing the whole package.
_REGISTRY: dict[str, type] = {}


def serializable(cls: C) -> C:
    _REGISTRY[cls.__name__] = cls
    return cls


def _encode(x: object) -> Any:
    # Tags keep Decimals, enums and plain strings apart, so a round trip restores the same types.
    if x is None or isinstance(x, bool | int):
        return x
    if isinstance(x, Decimal):
        return {"$decimal": str(x)}
    if isinstance(x, Enum):
        return {"$enum": type(x).__name__, "value": x.value}
    if isinstance(x, str):
        return x
    if isinstance(x, tuple | list):
        return [_encode(i) for i in x]
    if isinstance(x, frozenset):
        return {"$set": sorted((_encode(i) for i in x), key=repr)}
    if isinstance(x, Mapping):
        return {"$map": [[_encode(k), _encode(v)] for k, v in x.items()]}
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        fields = {f.name: _encode(getattr(x, f.name)) for f in dataclasses.fields(x)}
        return {"$type": type(x).__name__, "fields": fields}
    raise TypeError(f"cannot serialise {type(x).__name__}")


def _decode(x: Any) -> Any:
    if isinstance(x, list):
        return tuple(_decode(i) for i in x)
    if not isinstance(x, dict):
        return x
    decoders: dict[str, Callable[[dict[str, Any]], Any]] = {
        "$decimal": lambda d: Decimal(d["$decimal"]),
        "$enum": lambda d: _REGISTRY[d["$enum"]](d["value"]),
        "$set": lambda d: frozenset(_decode(i) for i in d["$set"]),
        "$map": lambda d: {_decode(k): _decode(v) for k, v in d["$map"]},
        "$type": lambda d: _REGISTRY[d["$type"]](**{k: _decode(v) for k, v in d["fields"].items()}),
    }
    for tag, decode in decoders.items():
        if tag in x:
            return decode(x)
    raise ValueError(f"unrecognised serialised value {x!r}")

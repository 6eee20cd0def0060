"""Capaian kinerja organisasi: the capaian of a unit, which is its head's Rating Hasil Kerja.

PermenPANRB 6/2022: where the pegawai heads a unit, the unit's capaian is the
Rating Hasil Kerja. A unit's capaian for a period is the capaian of its
Perjanjian Kinerja: the RHKs of the head's SKP linked to the PK's goals
(``PlannedResult.goal``), rolled up by the scoring engine with the realisasi up
to the end of the period. One SKP is measured, never the staff's: a unit of
hundreds costs the same as a unit of three. When no RHK is linked yet, the
head's whole SKP stands in, and the explanation says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kinerja import scoring
from kinerja.cycles.models import Period
from kinerja.evaluations.snapshot import measure
from kinerja.organisation.models import Unit
from kinerja.plans.models import PerformancePlan
from kinerja.scoring.explain import step


@dataclass(frozen=True)
class UnitCapaian:
    unit_id: int
    unit_name: str
    plan_id: int
    achievement: Decimal | None
    proposed_rating: str
    # "pk": the RHKs linked to the Perjanjian Kinerja; "skp": the head's whole SKP.
    source: str
    linked: int
    explanation: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit_id,
            "unit_name": self.unit_name,
            "plan": self.plan_id,
            "achievement": None if self.achievement is None else str(self.achievement),
            "proposed_rating": self.proposed_rating,
            "source": self.source,
            "linked": self.linked,
            "explanation": self.explanation,
        }


def unit_capaian_of_plan(
    plan: PerformancePlan, period: Period, *, whole: dict[str, Any] | None = None
) -> UnitCapaian | None:
    """The capaian of the unit `plan`'s position heads, or None if it heads no unit.

    `whole` is the SKP's own snapshot when the caller has it, so the fallback
    does not measure the same SKP twice.
    """
    position = plan.position
    if not position.heads_unit:
        return None
    unit = position.unit
    linked = measure(plan, period, goal_results_only=True)
    count = int(linked["linked"])
    if count:
        source, data, code = "pk", linked, "unit.capaian_pk"
    else:
        source, data, code = "skp", whole or measure(plan, period), "unit.capaian_skp"
    first = scoring.Scored(None, (step(code, unit=unit.name, linked=count),)).to_dict()
    explanation = {
        "value": data["explanation"].get("value"),
        "steps": [*first["steps"], *data["explanation"].get("steps", [])],
    }
    achievement = data["achievement"]
    return UnitCapaian(
        unit_id=unit.pk,
        unit_name=unit.name,
        plan_id=plan.pk,
        achievement=None if achievement is None else Decimal(str(achievement)),
        proposed_rating=str(data["proposed_rating"]),
        source=source,
        linked=count,
        explanation=explanation,
    )


def head_plan(unit: Unit, period: Period) -> PerformancePlan | None:
    """The SKP of the position heading `unit` in force at the end of `period`, if any."""
    return (
        PerformancePlan.objects.filter(
            year_id=period.year_id,
            position__unit=unit,
            position__heads_unit=True,
            start__lte=period.end,
        )
        .select_related("position__unit", "year", "employee")
        .order_by("-start", "-pk")
        .first()
    )


def unit_capaian(unit: Unit, period: Period) -> UnitCapaian | None:
    """The capaian kinerja organisasi of `unit` for `period`; None without a head's SKP."""
    plan = head_plan(unit, period)
    return None if plan is None else unit_capaian_of_plan(plan, period)

"""The demo's Perjanjian Kinerja: one per dinas, with the goals its kepala dinas works toward.

Each goal that shares its text with an RHK of the kepala dinas's SKP becomes
that RHK's source (PlannedResult.goal), as the JPT form of the SKP requires.
One goal of Dinas Pendidikan Jambi is left without an RHK on purpose, so the
Matriks Peran Hasil has a goal nobody works toward to show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kinerja.agreements.models import PerformanceAgreement, Perspective
from kinerja.agreements.services import agreement_create, goal_add, indicator_add
from kinerja.cycles.models import AppraisalYear
from kinerja.demo.content import CATALOGUE
from kinerja.organisation.models import Position, Unit
from kinerja.plans.models import PlannedResult


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    unit: str
    target: float
    perspective: str


@dataclass(frozen=True)
class GoalSpec:
    text: str
    indicators: tuple[IndicatorSpec, ...]


def _catalogue(code: str, target: float, perspective: str) -> IndicatorSpec:
    item = CATALOGUE[code]
    return IndicatorSpec(item.name, item.unit, target, perspective)


SERVICE = Perspective.SERVICE_USERS.value
PROCESS = Perspective.BUSINESS_PROCESS.value
INTERNAL = Perspective.INTERNAL.value
BUDGET = Perspective.BUDGET.value

# (instansi code, unit code of the dinas) → its goals.
AGREEMENTS: dict[tuple[str, str], tuple[GoalSpec, ...]] = {
    ("jambi", "disdik"): (
        GoalSpec(
            "Meningkatnya mutu pembelajaran pendidikan menengah dan pendidikan khusus",
            (
                _catalogue("nilai-belajar", 5, SERVICE),
                _catalogue("program-pendidikan", 48, PROCESS),
            ),
        ),
        GoalSpec(
            "Meningkatnya kepuasan masyarakat terhadap layanan pendidikan",
            (_catalogue("ikm-pendidikan", 82, SERVICE),),
        ),
        GoalSpec(
            "Meningkatnya akuntabilitas kinerja dan keuangan Dinas Pendidikan",
            (
                IndicatorSpec("Nilai evaluasi SAKIP Dinas Pendidikan", "nilai", 75, INTERNAL),
                IndicatorSpec("Persentase realisasi anggaran", "%", 95, BUDGET),
            ),
        ),
    ),
    ("jambi", "dinkes"): (
        GoalSpec(
            "Meningkatnya mutu pelayanan kesehatan rujukan",
            (
                _catalogue("waktu-tunggu-rajal", 60, PROCESS),
                _catalogue("ikm-pasien", 80, SERVICE),
            ),
        ),
        GoalSpec(
            "Meningkatnya mutu fasilitas dan sumber daya pelayanan kesehatan",
            (
                _catalogue("pembinaan-fasyankes", 40, PROCESS),
                _catalogue("nakes-dilatih", 400, INTERNAL),
            ),
        ),
    ),
    ("palangkaraya", "dinkes"): (
        GoalSpec(
            "Meningkatnya cakupan imunisasi dasar lengkap",
            (
                _catalogue("imunisasi-dasar-lengkap", 95, SERVICE),
                _catalogue("posyandu-didampingi", 240, PROCESS),
            ),
        ),
        GoalSpec(
            "Meningkatnya kepuasan masyarakat terhadap layanan puskesmas",
            (_catalogue("ikm-puskesmas", 82, SERVICE),),
        ),
    ),
    ("palangkaraya", "disdik"): (
        GoalSpec(
            "Meningkatnya akses pendidikan dasar",
            (_catalogue("aps-7-12", 99, SERVICE),),
        ),
        GoalSpec(
            "Meningkatnya mutu layanan pendidikan dasar",
            (
                _catalogue("ikm-pendidikan", 82, SERVICE),
                _catalogue("program-pendidikan", 36, PROCESS),
            ),
        ),
    ),
}


def demo_agreements_load(years: list[AppraisalYear]) -> int:
    """Add each demo dinas's PK for these years, skipping one that exists; returns the count."""
    created = 0
    for year in years:
        for (code, unit_code), goals in AGREEMENTS.items():
            if year.instansi.code != code:
                continue
            unit = Unit.objects.filter(instansi=year.instansi, code=unit_code).first()
            head = Position.objects.filter(unit=unit, heads_unit=True).order_by("pk").first()
            if unit is None or head is None:
                continue
            if PerformanceAgreement.objects.filter(unit=unit, year=year).exists():
                continue
            agreement = agreement_create(
                unit=unit, year=year, position=head, signed_on=dt.date(year.year, 1, 15)
            )
            rhks = {
                r.text: r
                for r in PlannedResult.objects.filter(
                    plan__position=head, plan__year=year, goal__isnull=True
                )
            }
            for spec in goals:
                goal = goal_add(agreement=agreement, text=spec.text)
                for item in spec.indicators:
                    indicator_add(
                        goal=goal,
                        name=item.name,
                        unit_of_measure=item.unit,
                        target_value=Decimal(str(item.target)),
                        perspective=item.perspective,
                    )
                if spec.text in rhks:
                    PlannedResult.objects.filter(pk=rhks[spec.text].pk).update(goal=goal)
            created += 1
    return created

"""A Perjanjian Kinerja and a cascade with every kind of gap, on top of the shared cast.

Dinas Pendidikan signs a Perjanjian Kinerja with two goals. The kepala dinas
(JPT) links an RHK to the first goal; the kepala bidang's RHK supports it; the
pegawai's RHK supports the kepala bidang's. Then, one of each gap:
- the second goal: nobody works toward it;
- the outsider's RHK and a second JPT RHK: no parent;
- a second RHK of the pegawai hung under the kepala dinas's RHK, although the
  pegawai's superior is the kepala bidang: the superior changed;
- a new analyst in Bidang SD: no SKP;
- an IKI of the pegawai whose target was lost: no target.

The PK rows are made through kinerja.agreements models (its services are written
in parallel); the SKPs through kinerja.plans.services. Linking an RHK to a goal
is a field the editor's services set; until then the tests set it directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kinerja.agreements.models import AgreementGoal, AgreementIndicator, PerformanceAgreement
from kinerja.organisation.models import Employee, Position, Unit
from kinerja.organisation.services import assignment_create, employee_create, position_create
from kinerja.plans.models import PlanIndicator, PlannedResult
from kinerja.plans.services import indicator_add, plan_create, result_add
from tests.conftest import Cast, make_nip


@dataclass
class CascadeWorld:
    cast: Cast
    dinas: Unit
    bidang: Unit
    agreement: PerformanceAgreement
    goal: AgreementGoal
    lonely_goal: AgreementGoal
    jpt_result: PlannedResult
    jpt_orphan: PlannedResult
    chief_result: PlannedResult
    staff_result: PlannedResult
    moved_result: PlannedResult
    outsider_result: PlannedResult
    no_target: PlanIndicator
    newcomer: Employee


def link_goal(result: PlannedResult, goal: AgreementGoal) -> PlannedResult:
    PlannedResult.objects.filter(pk=result.pk).update(goal=goal)
    result.refresh_from_db()
    return result


def build_cascade_world(cast: Cast) -> CascadeWorld:
    head = Position.objects.get(unit__instansi=cast.instansi, name="Kepala Dinas")
    dinas = head.unit
    bidang = Unit.objects.get(instansi=cast.instansi, code="sd")
    agreement = PerformanceAgreement.objects.create(
        unit=dinas, year=cast.year, position=head, signed_on=dt.date(cast.year.year, 1, 5)
    )
    goal = AgreementGoal.objects.create(
        agreement=agreement, text="Meningkatnya akses pendidikan dasar", order=1
    )
    AgreementIndicator.objects.create(
        goal=goal,
        name="Angka Partisipasi Sekolah 7-12",
        unit_of_measure="%",
        target_value=Decimal(95),
        perspective="service_users",
    )
    lonely_goal = AgreementGoal.objects.create(
        agreement=agreement, text="Meningkatnya kompetensi guru", order=2
    )

    jpt_plan = plan_create(employee=cast.atasan, position=head, year=cast.year)
    jpt_result = link_goal(
        result_add(plan=jpt_plan, text="Meningkatnya partisipasi sekolah SD"), goal
    )
    indicator_add(
        result=jpt_result,
        name="APS 7-12 kabupaten",
        target_value=Decimal(95),
        unit_of_measure="%",
        polarity="higher_better",
        aggregation="latest",
    )
    jpt_orphan = result_add(plan=jpt_plan, text="Terselenggaranya reformasi birokrasi dinas")

    chief_result = cast.pegawai_plan.results.get().supports
    assert chief_result is not None
    PlannedResult.objects.filter(pk=chief_result.pk).update(supports=jpt_result)
    chief_result.refresh_from_db()
    staff_result = cast.pegawai_plan.results.get()

    moved_result = result_add(
        plan=cast.pegawai_plan, text="Tersusunnya laporan partisipasi", supports=jpt_result
    )
    no_target = indicator_add(
        result=moved_result,
        name="Laporan partisipasi tersusun",
        target_value=Decimal(4),
        unit_of_measure="laporan",
        polarity="higher_better",
        aggregation="sum",
    )
    PlanIndicator.objects.filter(pk=no_target.pk).update(target_value=None)

    outsider_plan = cast.outsider.plans.get()
    outsider_result = result_add(plan=outsider_plan, text="Tersusunnya data pokok SMP")

    staff_post = Position.objects.get(unit=bidang, name="Analis Kurikulum")
    newcomer = employee_create(
        instansi=cast.instansi, nip=make_nip(60), name="Dewi Anggraini", username="dewi"
    )
    assignment_create(employee=newcomer, position=staff_post, start=dt.date(cast.year.year, 1, 1))
    return CascadeWorld(
        cast=cast,
        dinas=dinas,
        bidang=bidang,
        agreement=agreement,
        goal=goal,
        lonely_goal=lonely_goal,
        jpt_result=jpt_result,
        jpt_orphan=jpt_orphan,
        chief_result=chief_result,
        staff_result=staff_result,
        moved_result=moved_result,
        outsider_result=outsider_result,
        no_target=no_target,
        newcomer=newcomer,
    )


def add_staff(world: CascadeWorld, count: int, *, serial_from: int = 100) -> list[Employee]:
    """`count` more analysts in Bidang SD, each with an SKP, an RHK under the chief's and an IKI."""
    cast = world.cast
    post = position_create(
        unit=world.bidang,
        name="Pengelola Data SD",
        kind="pelaksana",
        parent=Position.objects.get(unit=world.bidang, name="Kepala Bidang SD"),
    )
    people = []
    for n in range(count):
        employee = employee_create(
            instansi=cast.instansi, nip=make_nip(serial_from + n), name=f"Staf {n:03d}"
        )
        assignment_create(employee=employee, position=post, start=dt.date(cast.year.year, 1, 1))
        plan = plan_create(employee=employee, position=post, year=cast.year)
        result = result_add(plan=plan, text=f"Data sekolah {n}", supports=world.chief_result)
        indicator_add(
            result=result,
            name="Sekolah terdata",
            target_value=Decimal(10),
            unit_of_measure="sekolah",
            polarity="higher_better",
            aggregation="sum",
        )
        people.append(employee)
    return people

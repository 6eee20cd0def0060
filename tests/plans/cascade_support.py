"""A Perjanjian Kinerja and a cascade with every kind of gap, on top of the shared cast.

Dinas Pendidikan signs a Perjanjian Kinerja with two goals. The kepala dinas
(JPT) draws an RHK from the first goal; the kepala bidang's RHK supports it; the
pegawai's RHK supports the kepala bidang's. Then, one of each gap:
- the second goal: nobody works toward it;
- the outsider's RHK and a second JPT RHK: no parent;
- a second RHK of the pegawai hung under the kepala dinas's RHK while the
  Analis Kurikulum post was on file directly under the Kepala Dinas; HR then
  put the post back under the Kepala Bidang SD: the superior changed;
- a new curriculum developer in Bidang SD: no SKP;
- an IKI of the pegawai whose target was lost: no target.

Everything goes through the services, as in the application: the PK through
kinerja.agreements.services, the SKPs (drafts, the only state whose content may
change) through kinerja.plans.services, the reporting line through
kinerja.organisation.services. The only direct write is the lost target, which
no service can produce (PlanIndicator.clean refuses an IKI without one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kinerja.agreements import services as agreements
from kinerja.agreements.models import AgreementGoal, PerformanceAgreement
from kinerja.organisation.models import Assignment, Employee, Position, Unit
from kinerja.organisation.services import (
    assignment_create,
    employee_create,
    position_create,
    position_reparent,
)
from kinerja.plans.cascade import Cascade, GapCounts, GapKind
from kinerja.plans.models import PlanIndicator, PlannedResult
from kinerja.plans.services import indicator_add, plan_create, result_add, result_update
from tests.conftest import Cast, make_nip


@dataclass
class CascadeWorld:
    cast: Cast
    dinas: Unit
    bidang: Unit
    smp: Unit
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


def relink(
    result: PlannedResult,
    *,
    supports: PlannedResult | None = None,
    goal: AgreementGoal | None = None,
) -> PlannedResult:
    """Hang an RHK under another parent through the editor's service, keeping its text and kind."""
    return result_update(
        result=result, text=result.text, kind=result.kind, supports=supports, goal=goal
    )


def reparent(cast: Cast, position: Position, new_parent: Position, reason: str) -> None:
    """HR moves `position` under `new_parent` (kinerja.organisation.services.position_reparent)."""
    position_reparent(position=position, new_parent=new_parent, actor=cast.hr_admin, reason=reason)


def posts(cast: Cast) -> tuple[Position, Position, Position]:
    """The Kepala Dinas, Kepala Bidang SD and Analis Kurikulum posts of the cast."""
    head = Position.objects.get(unit__instansi=cast.instansi, name="Kepala Dinas")
    chief = Position.objects.get(unit__instansi=cast.instansi, name="Kepala Bidang SD")
    staff = Position.objects.get(unit__instansi=cast.instansi, name="Analis Kurikulum")
    return head, chief, staff


def build_cascade_world(cast: Cast) -> CascadeWorld:
    head, chief, staff_post = posts(cast)
    dinas = head.unit
    bidang = Unit.objects.get(instansi=cast.instansi, code="sd")
    agreement = agreements.agreement_create(
        unit=dinas, year=cast.year, position=head, signed_on=dt.date(cast.year.year, 1, 5)
    )
    goal = agreements.goal_add(agreement=agreement, text="Meningkatnya akses pendidikan dasar")
    agreements.indicator_add(
        goal=goal,
        name="Angka Partisipasi Sekolah 7-12",
        unit_of_measure="%",
        target_value=Decimal(95),
        perspective="service_users",
    )
    lonely_goal = agreements.goal_add(agreement=agreement, text="Meningkatnya kompetensi guru")

    jpt_plan = plan_create(employee=cast.atasan, position=head, year=cast.year)
    jpt_result = result_add(plan=jpt_plan, text="Meningkatnya partisipasi sekolah SD", goal=goal)
    indicator_add(
        result=jpt_result,
        name="APS 7-12 kabupaten",
        target_value=Decimal(95),
        unit_of_measure="%",
        polarity="higher_better",
        aggregation="latest",
        perspective="service_users",
    )
    jpt_orphan = result_add(plan=jpt_plan, text="Terselenggaranya reformasi birokrasi dinas")

    # The kepala bidang links her RHK (made before the kepala dinas had an SKP) to his.
    chief_result = cast.pegawai_plan.results.get().supports
    assert chief_result is not None
    chief_result = relink(chief_result, supports=jpt_result)
    staff_result = cast.pegawai_plan.results.get()

    # The Analis Kurikulum post was on file directly under the Kepala Dinas for a while;
    # the pegawai hung a second RHK under the kepala dinas's then. HR corrected it after.
    reparent(cast, staff_post, head, "Diperbantukan langsung kepada Kepala Dinas")
    moved_result = result_add(
        plan=cast.pegawai_plan, text="Tersusunnya laporan partisipasi", supports=jpt_result
    )
    reparent(cast, staff_post, chief, "Kembali di bawah Kepala Bidang SD")
    no_target = indicator_add(
        result=moved_result,
        name="Laporan partisipasi tersusun",
        target_value=Decimal(4),
        unit_of_measure="laporan",
        polarity="higher_better",
        aggregation="sum",
    )
    # Direct on purpose: no service saves an IKI without a target (PlanIndicator.clean),
    # but rows from before that rule, or imported, can lack one; the matrix must show it.
    PlanIndicator.objects.filter(pk=no_target.pk).update(target_value=None)

    outsider_plan = cast.outsider.plans.get()
    outsider_result = result_add(plan=outsider_plan, text="Tersusunnya data pokok SMP")

    # A post of her own: the pegawai stays the only holder of Analis Kurikulum, so a post
    # put under it (test_rhks_supporting_each_other_in_a_circle...) has one penilai.
    developer_post = position_create(
        unit=bidang, name="Pengembang Kurikulum", kind="pelaksana", parent=chief
    )
    newcomer = employee_create(
        instansi=cast.instansi, nip=make_nip(60), name="Dewi Anggraini", username="dewi"
    )
    assignment_create(
        employee=newcomer, position=developer_post, start=dt.date(cast.year.year, 1, 1)
    )
    return CascadeWorld(
        cast=cast,
        dinas=dinas,
        bidang=bidang,
        smp=Unit.objects.get(instansi=cast.instansi, code="smp"),
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


def add_gapped_staff(world: CascadeWorld) -> list[Employee]:
    """Five more people in Bidang SD, with the cases the SQL counts must get right: one
    without an SKP; one RHK without a parent; one IKI whose target was lost; one employee
    also acting (Plt.) on a second post; one with two SKP parts in the year, the earlier
    one (with a parentless RHK) no longer in force unless today is in the first half."""
    cast = world.cast
    year = cast.year.year
    chief_post = Position.objects.get(unit=world.bidang, name="Kepala Bidang SD")
    post = position_create(
        unit=world.bidang, name="Statistisi", kind="fungsional", parent=chief_post
    )
    acting_post = position_create(
        unit=world.bidang, name="Kepala Seksi Kurikulum", kind="pengawas", parent=chief_post
    )
    people = []
    for n, name in enumerate(["Tanpa SKP", "Tanpa Induk", "Tanpa Target", "Plt.", "Dua SKP"]):
        employee = employee_create(instansi=cast.instansi, nip=make_nip(300 + n), name=name)
        assignment_create(employee=employee, position=post, start=dt.date(year, 1, 1))
        people.append(employee)
    no_plan, no_parent, no_target, acting, two_parts = people
    del no_plan  # has no SKP

    def rhk(employee: Employee, text: str, **where: object) -> PlannedResult:
        plan = plan_create(employee=employee, position=post, year=cast.year)
        result = result_add(plan=plan, text=text, **where)  # type: ignore[arg-type]
        indicator_add(
            result=result,
            name=f"IKI {text}",
            target_value=Decimal(1),
            unit_of_measure="dokumen",
            polarity="higher_better",
            aggregation="sum",
        )
        return result

    rhk(no_parent, "Tersusunnya statistik tanpa induk")
    lost = rhk(no_target, "Tersusunnya statistik guru", supports=world.chief_result)
    PlanIndicator.objects.filter(result=lost).update(target_value=None)  # as in the world
    rhk(acting, "Tersusunnya statistik sekolah", supports=world.chief_result)
    # Direct on purpose: an acting assignment (Plt.) is entered in the admin, no service
    # makes one. The definitive post is the one that counts.
    Assignment.objects.create(
        employee=acting, position=acting_post, kind="acting", start=dt.date(year, 2, 1)
    )
    first = plan_create(
        employee=two_parts,
        position=post,
        year=cast.year,
        start=dt.date(year, 1, 1),
        end=dt.date(year, 6, 30),
    )
    result_add(plan=first, text="RHK bagian pertama tanpa induk")
    second = plan_create(
        employee=two_parts,
        position=post,
        year=cast.year,
        start=dt.date(year, 7, 1),
        end=dt.date(year, 12, 31),
    )
    result_add(plan=second, text="RHK bagian kedua", supports=world.chief_result)
    return people


def counts_of(cascade: Cascade) -> dict[str, int]:
    """A full-depth matrix's sizes and gap counts, without "superior changed"."""
    counts = {
        kind: count for kind, _label, count in cascade.summary if kind != GapKind.SUPERIOR_CHANGED
    }
    return {
        "staff": cascade.staff_count,
        "plans": cascade.plan_count,
        "results": cascade.result_count,
        "indicators": cascade.indicator_count,
        **counts,
    }


def sql_counts_of(counts: GapCounts) -> dict[str, int]:
    """The same figures from cascade_gap_counts."""
    return {
        "staff": counts.staff,
        "plans": counts.plans,
        "results": counts.results,
        "indicators": counts.indicators,
        **{kind: counts.gaps[kind] for kind in GapKind.values if kind in counts.gaps},
    }

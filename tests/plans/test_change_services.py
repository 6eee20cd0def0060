"""Closing and continuing an SKP during the year: transfer, new position, new superior."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.measurements.services import MeasurementError, standing_recompute_year
from kinerja.organisation.models import Assignment, Position
from kinerja.organisation.selectors import assignment_current, reporting_line
from kinerja.organisation.services import assignment_create, employee_create, position_create
from kinerja.plans.changes import (
    PlanChangeError,
    employee_transfer,
    plan_close_and_continue,
)
from kinerja.plans.models import (
    BehaviourExpectation,
    ChangeReason,
    PerformancePlan,
    PlanEvent,
    PlanIndicator,
)
from kinerja.plans.services import plan_update
from tests.conftest import make_nip
from tests.plans.change_support import day, post_in_smp, transfer
from tests.support import record


@pytest.fixture
def new_post(cast) -> Position:
    """A post in the other bidang to move the pegawai to."""
    return post_in_smp(cast)


def _state(cast) -> dict[str, object]:
    """Everything a change writes, to prove a refused one wrote nothing."""
    return {
        "plans": list(
            PerformancePlan.objects.order_by("pk").values_list(
                "pk", "start", "end", "closed_reason", "previous_id", "status"
            )
        ),
        "events": PlanEvent.objects.count(),
        "assignments": list(
            Assignment.objects.order_by("pk").values_list("pk", "position_id", "start", "end")
        ),
        "ikis": PlanIndicator.objects.count(),
    }


def _new_superior(cast, on: dt.date) -> None:
    """Siti leaves the Kepala Bidang SD post on `on`; Rudi takes it over."""
    chief = Position.objects.get(name="Kepala Bidang SD")
    other = Position.objects.get(name="Kepala Bidang SMP")
    assignment_create(employee=cast.penilai, position=other, start=on)
    rudi = employee_create(instansi=cast.instansi, nip=make_nip(40), name="Rudi Hartono")
    assignment_create(employee=rudi, position=chief, start=on)


def test_a_transfer_closes_the_skp_and_opens_an_empty_one_in_the_new_post(cast, new_post):
    on = day(cast, 4, 15)
    old_plan = cast.pegawai_plan

    result = employee_transfer(
        employee=cast.pegawai,
        position=new_post,
        on=on,
        actor=cast.hr_admin,
        reason=ChangeReason.TRANSFER,
    )

    old_plan.refresh_from_db()
    assert (old_plan.end, old_plan.closed_reason) == (day(cast, 4, 14), "transfer")
    new = result.plan
    assert new is not None
    assert (new.start, new.end) == (on, day(cast, 12, 31))
    assert new.position == new_post
    assert new.previous == old_plan
    assert new.status == PerformancePlan.Status.DRAFT
    assert not new.results.exists()
    assert BehaviourExpectation.objects.filter(plan=new).count() == 7
    # The assignments follow: the old one ends the day before, the new one starts on the day.
    old_assignment = Assignment.objects.get(employee=cast.pegawai, start=day(cast, 1, 1))
    assert old_assignment.end == day(cast, 4, 14)
    assert result.assignment.position == new_post
    assert assignment_current(cast.pegawai, on=on).position == new_post
    closed = PlanEvent.objects.get(plan=old_plan, action=PlanEvent.Action.CLOSED)
    created = PlanEvent.objects.get(plan=new, action=PlanEvent.Action.CREATED)
    continued = PlanEvent.objects.get(plan=new, action=PlanEvent.Action.CONTINUED)
    assert closed.actor == created.actor == continued.actor == cast.hr_admin
    assert "14 April" in closed.note and "mutasi" in closed.note
    assert "Analis Kurikulum" in continued.note and "kosong" in continued.note


def test_a_new_superior_copies_the_content_and_clears_the_links_to_the_old_one(cast):
    on = day(cast, 7, 1)
    old_plan = cast.pegawai_plan
    BehaviourExpectation.objects.filter(plan=old_plan, value="kompeten").update(
        expectation="Mengikuti pelatihan kurikulum merdeka"
    )
    _new_superior(cast, on)
    assert reporting_line(cast.pegawai, on=on).penilai.name == "Rudi Hartono"

    new = plan_close_and_continue(
        plan=old_plan, on=on, reason=ChangeReason.NEW_SUPERIOR, actor=cast.hr_admin
    )

    assert new.position_id == old_plan.position_id
    result = new.results.get()
    assert result.text == "Terlaksananya program pendidikan SD"
    assert result.supports is None  # Rudi has no SKP yet: the link must be made again
    copied = {
        i.name: (i.target_value, i.weight) for i in PlanIndicator.objects.filter(result=result)
    }
    assert copied == {
        cast.programmes.name: (Decimal(12), Decimal(1)),
        cast.coverage.name: (Decimal(95), Decimal(1)),
    }
    # The standings are not copied: the new part starts measuring from its own months.
    assert not PlanIndicator.objects.filter(result=result, achievement__isnull=False).exists()
    assert (
        BehaviourExpectation.objects.get(plan=new, value="kompeten").expectation
        == "Mengikuti pelatihan kurikulum merdeka"
    )
    continued = PlanEvent.objects.get(plan=new, action=PlanEvent.Action.CONTINUED)
    assert "disalin" in continued.note


def test_links_stay_when_the_penilai_is_the_same(cast):
    chief = Position.objects.get(name="Kepala Bidang SD")
    sibling = position_create(
        unit=chief.unit, name="Pengembang Kurikulum", kind="fungsional", parent=chief
    )
    result = employee_transfer(
        employee=cast.pegawai,
        position=sibling,
        on=day(cast, 3, 1),
        actor=cast.hr_admin,
        reason=ChangeReason.NEW_POSITION,
        copy_content=True,
    )
    assert result.plan is not None
    copied = result.plan.results.get()
    assert copied.supports == cast.penilai_plan.results.get()


def test_content_can_start_empty_on_request(cast):
    new = plan_close_and_continue(
        plan=cast.pegawai_plan,
        on=day(cast, 7, 1),
        reason=ChangeReason.NEW_SUPERIOR,
        actor=cast.hr_admin,
        copy_content=False,
    )
    assert not new.results.exists()


def test_the_default_position_is_the_one_held_on_the_day(cast, new_post):
    assignment_create(employee=cast.pegawai, position=new_post, start=day(cast, 5, 1))
    new = plan_close_and_continue(
        plan=cast.pegawai_plan,
        on=day(cast, 5, 1),
        reason=ChangeReason.NEW_POSITION,
        actor=cast.hr_admin,
    )
    assert new.position == new_post
    assert not new.results.exists()  # another position starts empty


def test_realisasi_after_the_change_goes_to_the_part_in_force_at_the_months_end(cast):
    record(cast.programmes, 3, "1")
    new = transfer(cast, day(cast, 4, 15))
    with pytest.raises(MeasurementError, match="tidak termasuk masa berlaku"):
        record(cast.programmes, 4, "1")  # April ended under the new SKP
    iki = _an_iki(new)
    record(iki, 4, "2")
    with pytest.raises(MeasurementError, match="tidak termasuk masa berlaku"):
        record(iki, 3, "2")


def _an_iki(plan: PerformancePlan) -> PlanIndicator:
    from kinerja.plans.services import indicator_add, result_add

    result = result_add(plan=plan, text="Tersusunnya data pendidikan SMP")
    return indicator_add(
        result=result,
        name="Jumlah laporan data",
        unit_of_measure="laporan",
        polarity="higher_better",
        aggregation="sum",
        target_value=Decimal(12),
    )


def test_a_closed_part_is_measured_on_its_own_months_however_late_it_is(cast, monkeypatch):
    for number in (1, 2, 3):
        record(cast.programmes, number, "1")  # one programme a month: on track for 12
    transfer(cast, day(cast, 4, 15))
    monkeypatch.setattr("kinerja.core.clock.today", lambda: day(cast, 11, 20))
    standing_recompute_year(year_id=cast.year.pk)
    programmes = PlanIndicator.objects.get(pk=cast.programmes.pk)
    # Three months of a yearly target of 12 is 3: still 100 %, not 3 / 10 months due.
    assert programmes.achievement == 100


# Refusals: a clear message, and nothing written.


@pytest.mark.parametrize(
    ("on", "message"),
    [
        ((1, 1), "harus setelah"),  # the SKP's first day leaves nothing to close
        ("next-year", "dalam tahun penilaian"),
    ],
)
def test_a_date_outside_the_skp_is_refused(cast, on, message):
    date = dt.date(cast.year.year + 1, 1, 1) if on == "next-year" else day(cast, *on)
    before = _state(cast)
    with pytest.raises(PlanChangeError, match=message):
        plan_close_and_continue(
            plan=cast.pegawai_plan, on=date, reason=ChangeReason.NEW_SUPERIOR, actor=cast.hr_admin
        )
    assert _state(cast) == before


def test_a_date_that_would_take_a_recorded_month_from_the_skp_is_refused(cast, new_post):
    record(cast.programmes, 5, "1")
    before = _state(cast)
    with pytest.raises(PlanChangeError, match=r"bulan Mei sudah dicatat.*1 Juni"):
        employee_transfer(
            employee=cast.pegawai, position=new_post, on=day(cast, 5, 20), actor=cast.hr_admin
        )
    assert _state(cast) == before
    # The first day after the recorded month is accepted.
    assert transfer(cast, day(cast, 6, 1), new_post).start == day(cast, 6, 1)


def test_a_closed_skp_cannot_be_closed_again(cast, new_post):
    transfer(cast, day(cast, 4, 15), new_post)
    cast.pegawai_plan.refresh_from_db()
    before = _state(cast)
    with pytest.raises(PlanChangeError, match="sudah ditutup"):
        plan_close_and_continue(
            plan=cast.pegawai_plan,
            on=day(cast, 3, 1),
            reason=ChangeReason.NEW_SUPERIOR,
            actor=cast.hr_admin,
        )
    assert _state(cast) == before


@pytest.mark.parametrize("role", ["pegawai", "penilai", "atasan", "auditor", "foreigner"])
def test_only_hr_of_the_instansi_records_a_change(cast, new_post, role):
    before = _state(cast)
    with pytest.raises(PermissionDenied):
        employee_transfer(
            employee=cast.pegawai, position=new_post, on=day(cast, 4, 15), actor=cast.user(role)
        )
    with pytest.raises(PermissionDenied):
        plan_close_and_continue(
            plan=cast.pegawai_plan,
            on=day(cast, 4, 15),
            reason=ChangeReason.NEW_SUPERIOR,
            actor=cast.user(role),
        )
    assert _state(cast) == before


def test_a_post_of_another_instansi_is_refused(cast):
    foreign_post = Position.objects.get(instansi=cast.other_instansi)
    before = _state(cast)
    with pytest.raises(PlanChangeError, match="instansi pegawai"):
        employee_transfer(
            employee=cast.pegawai, position=foreign_post, on=day(cast, 4, 15), actor=cast.hr_admin
        )
    assert _state(cast) == before


def test_reason_and_position_must_agree(cast, new_post):
    before = _state(cast)
    with pytest.raises(PlanChangeError, match="jabatan tetap sama"):
        plan_close_and_continue(
            plan=cast.pegawai_plan,
            on=day(cast, 4, 15),
            reason=ChangeReason.NEW_SUPERIOR,
            actor=cast.hr_admin,
            position=new_post,
        )
    with pytest.raises(PlanChangeError, match="jabatan yang berbeda"):
        plan_close_and_continue(
            plan=cast.pegawai_plan,
            on=day(cast, 4, 15),
            reason=ChangeReason.TRANSFER,
            actor=cast.hr_admin,
        )
    with pytest.raises(PlanChangeError, match="sudah memegang jabatan"):
        employee_transfer(
            employee=cast.pegawai,
            position=cast.pegawai_plan.position,
            on=day(cast, 4, 15),
            actor=cast.hr_admin,
        )
    with pytest.raises(PlanChangeError, match="mutasi atau jabatan baru"):
        employee_transfer(
            employee=cast.pegawai,
            position=new_post,
            on=day(cast, 4, 15),
            actor=cast.hr_admin,
            reason=ChangeReason.NEW_SUPERIOR,
        )
    assert _state(cast) == before


def test_a_transfer_without_a_running_skp_moves_the_assignment_only(cast, new_post):
    newcomer = employee_create(instansi=cast.instansi, nip=make_nip(41), name="Dewi Lestari")
    assignment_create(
        employee=newcomer,
        position=Position.objects.get(name="Analis Kurikulum"),
        start=day(cast, 1, 1),
    )
    result = employee_transfer(
        employee=newcomer, position=new_post, on=day(cast, 4, 15), actor=cast.hr_admin
    )
    assert result.plan is None
    assert assignment_current(newcomer, on=day(cast, 4, 15)).position == new_post


def test_the_continuation_keeps_the_approach(cast):
    # The outsider's running SKP (a draft of the cast) is switched to the kualitatif approach:
    # a second SKP for the same year would be refused, one running SKP at a time.
    plan = plan_update(
        plan=PerformancePlan.objects.get(employee=cast.outsider, year=cast.year),
        approach=PerformancePlan.Approach.QUALITATIVE,
    )
    new = plan_close_and_continue(
        plan=plan, on=day(cast, 8, 1), reason=ChangeReason.NEW_SUPERIOR, actor=cast.hr_admin
    )
    assert new.approach == PerformancePlan.Approach.QUALITATIVE


def test_closing_recomputes_the_closed_part_on_its_own_months(cast, monkeypatch):
    monkeypatch.setattr("kinerja.core.clock.today", lambda: day(cast, 11, 20))
    for number in (1, 2, 3):
        record(cast.programmes, number, "1")
    # Before the change ten months are due: 3 of the 10 due is 30 %.
    assert PlanIndicator.objects.get(pk=cast.programmes.pk).achievement == 30
    transfer(cast, day(cast, 4, 15))
    assert PlanIndicator.objects.get(pk=cast.programmes.pk).achievement == 100
    assert PerformancePlan.objects.get(pk=cast.pegawai_plan.pk).achievement == 100

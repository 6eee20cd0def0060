"""HR correcting a wrong superior: the position moves, every holder follows, the record stays."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.organisation.access import today
from kinerja.organisation.models import Position, ReportingCorrection
from kinerja.organisation.selectors import reporting_line
from kinerja.organisation.services import (
    assignment_create,
    employee_create,
    position_create,
    position_reparent,
)
from tests.conftest import make_nip


def positions(cast):
    staff = cast.pegawai.assignments.get().position
    chief = cast.penilai.assignments.get().position
    head = cast.atasan.assignments.get().position
    other_chief = Position.objects.get(name="Kepala Bidang SMP")
    return staff, chief, head, other_chief


def snapshot():
    return (
        list(Position.objects.order_by("pk").values_list("pk", "parent_id")),
        ReportingCorrection.objects.count(),
    )


def test_hr_moves_a_position_under_the_right_superior_and_it_is_recorded(cast):
    staff, chief, _head, other_chief = positions(cast)
    correction = position_reparent(
        position=staff, new_parent=other_chief, actor=cast.hr_admin, reason="Salah input SK"
    )
    staff.refresh_from_db()
    assert staff.parent == other_chief
    assert (correction.old_parent, correction.new_parent) == (chief, other_chief)
    assert correction.actor == cast.hr_admin
    assert correction.reason == "Salah input SK"
    # Kepala Bidang SMP is vacant, so the penilai becomes the kepala dinas above it.
    assert reporting_line(cast.pegawai, on=today()).penilai == cast.atasan


def test_all_seventy_teachers_of_one_position_follow_at_once(cast):
    staff, chief, head, _other = positions(cast)
    school = position_create(
        unit=staff.unit, name="Kepala Sekolah", kind="fungsional", parent=chief
    )
    teachers_post = position_create(
        unit=staff.unit, name="Guru Kelas", kind="fungsional", parent=head
    )
    teachers = []
    for serial in range(100, 170):
        teacher = employee_create(
            instansi=cast.instansi, nip=make_nip(serial), name=f"Guru {serial}"
        )
        assignment_create(employee=teacher, position=teachers_post, start=today().replace(day=1))
        teachers.append(teacher)
    principal = employee_create(instansi=cast.instansi, nip=make_nip(99), name="Kepala SD 1")
    assignment_create(employee=principal, position=school, start=today().replace(day=1))
    assert {reporting_line(t, on=today()).penilai for t in teachers} == {cast.atasan}

    position_reparent(
        position=teachers_post,
        new_parent=school,
        actor=cast.hr_admin,
        reason="Guru di bawah kepsek",
    )

    assert len(teachers) == 70
    assert {reporting_line(t, on=today()).penilai for t in teachers} == {principal}
    assert ReportingCorrection.objects.filter(position=teachers_post).count() == 1


def test_a_position_cannot_go_under_itself_or_its_own_subordinates(cast):
    staff, chief, head, _other = positions(cast)
    before = snapshot()
    for target in (head, chief, staff):
        with pytest.raises(ValidationError, match="lingkaran"):
            position_reparent(position=head, new_parent=target, actor=cast.hr_admin, reason="x")
    assert snapshot() == before


def test_a_superior_from_another_instansi_is_refused(cast):
    staff, *_ = positions(cast)
    foreign = cast.foreigner.assignments.get().position
    before = snapshot()
    with pytest.raises(ValidationError, match="instansi yang sama"):
        position_reparent(position=staff, new_parent=foreign, actor=cast.hr_admin, reason="x")
    assert snapshot() == before


@pytest.mark.parametrize("reason", ["", "  "])
def test_a_correction_needs_a_reason(cast, reason):
    staff, _chief, _head, other_chief = positions(cast)
    before = snapshot()
    with pytest.raises(ValidationError, match="Alasan koreksi wajib diisi"):
        position_reparent(
            position=staff, new_parent=other_chief, actor=cast.hr_admin, reason=reason
        )
    assert snapshot() == before


def test_the_same_superior_is_not_a_correction(cast):
    staff, chief, *_ = positions(cast)
    before = snapshot()
    with pytest.raises(ValidationError, match="sudah menjadi atasan"):
        position_reparent(position=staff, new_parent=chief, actor=cast.hr_admin, reason="x")
    assert snapshot() == before


@pytest.mark.parametrize("role", ["pegawai", "penilai", "atasan", "foreigner", "auditor"])
def test_only_hr_of_the_instansi_corrects(cast, role):
    staff, _chief, _head, other_chief = positions(cast)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        position_reparent(position=staff, new_parent=other_chief, actor=cast.user(role), reason="x")
    assert snapshot() == before

"""The penilai and atasan penilai follow the position tree and the assignments' dates."""

from __future__ import annotations

import datetime as dt

import pytest

from kinerja.organisation.models import Assignment, Position
from kinerja.organisation.selectors import assignment_current, reporting_line
from kinerja.organisation.services import assignment_create, employee_create
from tests.conftest import make_nip


def _position(cast, name: str) -> Position:
    return Position.objects.get(instansi=cast.instansi, name=name)


def _day(cast, month: int, day: int = 1) -> dt.date:
    return dt.date(cast.year.year, month, day)


def _newcomer(cast, serial: int, name: str):
    return employee_create(instansi=cast.instansi, nip=make_nip(serial), name=name)


def _acting(employee, position: Position, start: dt.date) -> Assignment:
    """A Plt.: held besides the employee's own post (assignment_create would end that post)."""
    assignment = Assignment(employee=employee, position=position, start=start, kind="acting")
    assignment.full_clean()
    assignment.save()
    return assignment


def test_penilai_and_atasan_are_the_holders_of_the_positions_above(cast):
    line = reporting_line(cast.pegawai, on=_day(cast, 6))
    assert line.position == _position(cast, "Analis Kurikulum")
    assert (line.penilai, line.atasan) == (cast.penilai, cast.atasan)
    assert line.penilai_position == _position(cast, "Kepala Bidang SD")
    assert line.atasan_position.name == "Kepala Dinas"


def test_vacant_superior_position_is_skipped(cast):
    # The outsider's Kepala Bidang SMP is vacant: the Kepala Dinas evaluates instead.
    line = reporting_line(cast.outsider, on=_day(cast, 6))
    assert line.penilai == cast.atasan
    assert line.penilai_position.name == "Kepala Dinas"
    assert line.atasan is None


def test_head_of_the_tree_has_no_penilai(cast):
    line = reporting_line(cast.atasan, on=_day(cast, 6))
    assert line.position.name == "Kepala Dinas"
    assert (line.penilai, line.atasan) == (None, None)


def test_employee_without_assignment_has_no_reporting_line(cast):
    newcomer = _newcomer(cast, 60, "Calon Pegawai")
    line = reporting_line(newcomer, on=_day(cast, 6))
    assert line == type(line)(None, None, None, None, None)


def test_ended_assignment_no_longer_counts(cast):
    Assignment.objects.filter(employee=cast.penilai).update(end=_day(cast, 6, 30))

    assert reporting_line(cast.pegawai, on=_day(cast, 6, 30)).penilai == cast.penilai
    after = reporting_line(cast.pegawai, on=_day(cast, 7, 1))
    assert after.penilai == cast.atasan  # the bidang chief's post is now vacant
    assert after.atasan is None


def test_new_holder_is_penilai_from_the_start_date(cast):
    Assignment.objects.filter(employee=cast.penilai).update(end=_day(cast, 6, 30))
    successor = _newcomer(cast, 61, "Rudi Hartono")
    assignment_create(
        employee=successor, position=_position(cast, "Kepala Bidang SD"), start=_day(cast, 7)
    )

    assert reporting_line(cast.pegawai, on=_day(cast, 6, 15)).penilai == cast.penilai
    assert reporting_line(cast.pegawai, on=_day(cast, 7, 15)).penilai == successor


def test_transfer_closes_the_old_assignment_and_changes_the_penilai(cast):
    assignment_create(
        employee=cast.pegawai, position=_position(cast, "Pengelola Data"), start=_day(cast, 8)
    )

    old = Assignment.objects.get(employee=cast.pegawai, position__name="Analis Kurikulum")
    assert old.end == _day(cast, 7, 31)
    assert reporting_line(cast.pegawai, on=_day(cast, 7, 31)).penilai == cast.penilai
    assert reporting_line(cast.pegawai, on=_day(cast, 8, 1)).penilai == cast.atasan


def test_definitive_holder_wins_over_an_acting_one(cast):
    plt = _newcomer(cast, 62, "Plt. Kabid SD")
    _acting(plt, _position(cast, "Kepala Bidang SD"), _day(cast, 2))
    assert reporting_line(cast.pegawai, on=_day(cast, 6)).penilai == cast.penilai


def test_acting_holder_of_a_vacant_post_is_penilai(cast):
    # The penilai also becomes Plt. Kepala Bidang SMP, the outsider's vacant superior post.
    _acting(cast.penilai, _position(cast, "Kepala Bidang SMP"), _day(cast, 3))

    assert reporting_line(cast.outsider, on=_day(cast, 2)).penilai == cast.atasan
    line = reporting_line(cast.outsider, on=_day(cast, 6))
    assert (line.penilai, line.atasan) == (cast.penilai, cast.atasan)


@pytest.mark.parametrize("acting_start_month", [1, 5])
def test_own_definitive_post_wins_over_an_acting_one(cast, acting_start_month):
    # Whether the Plt. started before or after, the penilai's own post stays definitive.
    _acting(cast.penilai, _position(cast, "Kepala Bidang SMP"), _day(cast, acting_start_month))
    current = assignment_current(cast.penilai, on=_day(cast, 6))
    assert current.kind == Assignment.Kind.DEFINITIVE
    assert current.position.name == "Kepala Bidang SD"
    assert reporting_line(cast.pegawai, on=_day(cast, 6)).penilai == cast.penilai

"""Fixtures for the tests of change during the year: a post to move to, and a split SKP."""

from __future__ import annotations

import datetime as dt

from kinerja.organisation.models import Position
from kinerja.organisation.services import position_create
from kinerja.plans.changes import employee_transfer
from kinerja.plans.models import ChangeReason, PerformancePlan
from tests.conftest import Cast


def day(cast: Cast, month: int, number: int) -> dt.date:
    return dt.date(cast.year.year, month, number)


def post_in_smp(cast: Cast, name: str = "Analis Data Pendidikan") -> Position:
    """A pelaksana post in the other bidang (under Kepala Bidang SMP, held by nobody)."""
    chief = Position.objects.get(name="Kepala Bidang SMP")
    return position_create(unit=chief.unit, name=name, kind="pelaksana", parent=chief)


def transfer(cast: Cast, on: dt.date, position: Position | None = None) -> PerformancePlan:
    """The pegawai moves to the other bidang on `on`, recorded by HR; the new SKP."""
    result = employee_transfer(
        employee=cast.pegawai,
        position=position or post_in_smp(cast),
        on=on,
        actor=cast.hr_admin,
        reason=ChangeReason.TRANSFER,
    )
    assert result.plan is not None
    return result.plan

"""Colleagues of the cast's pegawai, for the peer input tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kinerja.organisation.models import Employee, Position
from kinerja.organisation.services import assignment_create, employee_create, position_create
from kinerja.plans.services import plan_create
from tests.conftest import PASSWORD, Cast, make_nip


def peers_of_pegawai(cast: Cast, count: int) -> list[Employee]:
    """`count` employees in positions under the pegawai's superior position (peers), with SKPs."""
    staff = cast.pegawai_plan.position
    people = []
    for n in range(count):
        position = position_create(
            unit=staff.unit,
            name=f"Pengelola Program {n + 1}",
            kind="pelaksana",
            parent=staff.parent,
        )
        people.append(_person(cast, 20 + n, f"Rekan {n + 1}", f"rekan{n + 1}", position))
    return people


def subordinates_of_pegawai(cast: Cast, count: int) -> list[Employee]:
    """`count` employees in positions directly under the pegawai's position."""
    staff = cast.pegawai_plan.position
    people = []
    for n in range(count):
        position = position_create(
            unit=staff.unit, name=f"Staf Kurikulum {n + 1}", kind="pelaksana", parent=staff
        )
        people.append(_person(cast, 40 + n, f"Staf {n + 1}", f"staf{n + 1}", position))
    return people


def _person(cast: Cast, serial: int, name: str, username: str, position: Position) -> Employee:
    employee = employee_create(
        instansi=cast.instansi,
        nip=make_nip(serial),
        name=name,
        username=username,
        password=PASSWORD,
    )
    jan1 = dt.date(timezone.localdate().year, 1, 1)
    assignment_create(employee=employee, position=position, start=jan1)
    plan_create(employee=employee, position=position, year=cast.year)
    return employee

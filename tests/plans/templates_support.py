"""Helpers for the position-template tests: many holders of one position, and a template."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kinerja.indicators.models import Indicator
from kinerja.organisation.models import Employee, Position
from kinerja.organisation.services import assignment_create, employee_create, position_create
from kinerja.plans.models import PlanTemplate
from kinerja.plans.position_templates import (
    template_create,
    template_indicator_add,
    template_result_add,
)
from tests.conftest import Cast, make_nip


def teacher_position(cast: Cast) -> Position:
    """A position reporting to the penilai's (Kepala Bidang SD) position."""
    chief = cast.penilai.assignments.get().position
    return position_create(unit=chief.unit, name="Guru Kelas", kind="fungsional", parent=chief)


def holders(
    cast: Cast, position: Position, count: int, *, first: int = 0, with_accounts: bool = False
) -> list[Employee]:
    """`count` employees holding `position` since 1 January, created through the services."""
    jan1 = dt.date(cast.year.year, 1, 1)
    people = []
    for serial in range(first, first + count):
        employee = employee_create(
            instansi=cast.instansi,
            nip=make_nip(serial, birth="19900101", appointed="201501"),
            name=f"Guru {serial + 1:03d}",
            username=f"guru{serial + 1:03d}" if with_accounts else None,
            password="kinerja-uji-123" if with_accounts else None,
        )
        assignment_create(employee=employee, position=position, start=jan1)
        people.append(employee)
    return people


def teaching_template(cast: Cast, position: Position) -> PlanTemplate:
    """A template with one RHK and two IKIs (one from the catalogue), 60% of the weight."""
    template = template_create(position=position, name="SKP Guru Kelas", actor=cast.hr_admin)
    result = template_result_add(template=template, text="Terlaksananya pembelajaran bermutu")
    template_indicator_add(
        result=result,
        name="Persentase siswa tuntas KKM",
        unit_of_measure="%",
        polarity="higher_better",
        aggregation="latest",
        target_value=Decimal(85),
        weight=Decimal(40),
    )
    template_indicator_add(
        result=result,
        catalogue=Indicator.objects.get(code="program-pendidikan"),
        target_value=Decimal(4),
        weight=Decimal(20),
    )
    return template

"""reporting_lines answers for many employees exactly as reporting_line answers for one."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kinerja.organisation.models import Assignment, Employee, Position
from kinerja.organisation.selectors import reporting_line, reporting_lines
from kinerja.organisation.services import assignment_create


def _all_agree(on: dt.date) -> None:
    people = list(Employee.objects.order_by("pk"))
    many = reporting_lines(people, on=on)
    assert many == {e.pk: reporting_line(e, on=on) for e in people}


def test_the_cast_reads_the_same_one_by_one_and_all_at_once(cast):
    _all_agree(timezone.localdate())


def test_a_vacant_post_and_an_acting_holder_read_the_same(cast):
    today = timezone.localdate()
    chief = Position.objects.get(name="Kepala Bidang SD")
    Assignment.objects.filter(employee=cast.penilai).update(end=today - dt.timedelta(days=1))
    _all_agree(today)  # the chief post is vacant: the pegawai's penilai is the Kepala Dinas
    assignment_create(employee=cast.outsider, position=chief, start=today)
    Assignment.objects.filter(employee=cast.outsider, position=chief).update(kind="acting")
    _all_agree(today)


def test_many_employees_cost_a_fixed_number_of_queries(cast):
    with CaptureQueriesContext(connection) as queries:
        reporting_lines(list(Employee.objects.all()), on=timezone.localdate())
    assert len(queries.captured_queries) <= 5

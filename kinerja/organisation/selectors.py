"""Reads about the organisation: who holds a position, who reports to whom."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kinerja.organisation import tree
from kinerja.organisation.models import Assignment, Employee, Position


@dataclass(frozen=True)
class ReportingLine:
    """The derived superiors of an employee at a date (either may be missing)."""

    position: Position | None
    penilai: Employee | None
    penilai_position: Position | None
    atasan: Employee | None
    atasan_position: Position | None


def assignment_current(employee: Employee, *, on: dt.date) -> Assignment | None:
    """The employee's assignment on `on`; a definitive one wins over an acting one."""
    return (
        Assignment.objects.filter(Assignment.active_on(on), employee=employee)
        .select_related("position__unit")
        .order_by("-kind", "-start")  # "definitive" sorts after "acting"
        .first()
    )


def reporting_line(employee: Employee, *, on: dt.date) -> ReportingLine:
    """Penilai and atasan penilai: the holders of the nearest held positions above.

    A vacant superior position is skipped, so nobody is left without a penilai
    because one post is empty.
    """
    assignment = assignment_current(employee, on=on)
    if assignment is None:
        return ReportingLine(None, None, None, None, None)
    chain = tree.chain_above(assignment.position_id)
    by_pk = Position.objects.select_related("unit").in_bulk(chain)
    ancestors = [by_pk[pk] for pk in chain]  # nearest superior first
    holders: dict[int, Employee] = {}
    for held in (
        Assignment.objects.filter(Assignment.active_on(on), position__in=ancestors)
        .exclude(employee=employee)
        .select_related("employee")
        .order_by("kind", "start")  # a definitive holder overwrites an acting one
    ):
        holders[held.position_id] = held.employee
    held_above = [(p, holders[p.pk]) for p in ancestors if p.pk in holders]
    penilai = held_above[0] if held_above else (None, None)
    atasan = held_above[1] if len(held_above) > 1 else (None, None)
    return ReportingLine(assignment.position, penilai[1], penilai[0], atasan[1], atasan[0])

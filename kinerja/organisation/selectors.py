"""Reads about the organisation: who holds a position, who reports to whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
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
    return reporting_lines([employee], on=on)[employee.pk]


def reporting_lines(employees: Iterable[Employee], *, on: dt.date) -> dict[int, ReportingLine]:
    """reporting_line for many employees in four queries however many: pk to line.

    The same rule, read once for a whole list, so a page of many rows never asks
    row by row (and the row and the single answer cannot disagree).
    """
    people = {e.pk: e for e in employees}
    if not people:
        return {}
    current: dict[int, Assignment] = {}
    for assignment in (
        Assignment.objects.filter(Assignment.active_on(on), employee_id__in=people)
        .select_related("position__unit")
        .order_by("-kind", "-start")  # as assignment_current: "definitive" sorts after "acting"
    ):
        current.setdefault(assignment.employee_id, assignment)
    chains = tree.chains_above({a.position_id for a in current.values()})
    above = {pk for chain in chains.values() for pk in chain}
    by_pk = Position.objects.select_related("unit").in_bulk(above)
    held_by: dict[int, list[Employee]] = {}
    for held in (
        Assignment.objects.filter(Assignment.active_on(on), position__in=above)
        .select_related("employee")
        .order_by("kind", "start")  # a definitive holder overwrites an acting one
    ):
        held_by.setdefault(held.position_id, []).append(held.employee)
    lines: dict[int, ReportingLine] = {}
    for pk in people:
        own = current.get(pk)
        if own is None:
            lines[pk] = ReportingLine(None, None, None, None, None)
            continue
        held_above: list[tuple[Position, Employee]] = []
        for position_id in chains.get(own.position_id, []):
            # The last holder in that order, never the employee themselves.
            holders = [e for e in held_by.get(position_id, []) if e.pk != pk]
            if holders:
                held_above.append((by_pk[position_id], holders[-1]))
            if len(held_above) == 2:
                break
        penilai = held_above[0] if held_above else (None, None)
        atasan = held_above[1] if len(held_above) > 1 else (None, None)
        lines[pk] = ReportingLine(own.position, penilai[1], penilai[0], atasan[1], atasan[0])
    return lines

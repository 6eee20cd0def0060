"""Change during the year: a transfer, a new position or a new superior splits the SKP.

PermenPANRB 6/2022 lets the SKP change when the employee's position or superior
does. The running SKP is closed the day before the change (`end`,
`closed_reason`) and a new one opens on the day of the change for the rest of
the year (`previous` points back), so both parts stay in the record.

Two calendar rules make the parts count fairly (see docs/panduan/perencanaan-perubahan.md):

- Realisasi is recorded per month per IKI, so each month belongs to exactly one
  part: the one in force on the month's last day (`months_of_part`). A change
  on 15 April hands April to the new SKP; a change on 1 May keeps April in the
  old one. A change that would take away a month already recorded in the old
  SKP is refused.
- A target of an IKI is always a yearly target: a summed indicator in a part is
  compared with the share of the target for the months that part owns.

Evaluations then count each part by the days it was in force (scoring.combine_parts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import Assignment, Employee, Position
from kinerja.organisation.selectors import assignment_current, reporting_line
from kinerja.organisation.services import assignment_create
from kinerja.plans.models import (
    BehaviourExpectation,
    ChangeReason,
    PerformancePlan,
    PlanEvent,
    PlanIndicator,
    PlannedResult,
)
from kinerja.plans.services import plan_create, plan_event_record

# The standing of an SKP (its stored capaian) is computed by measurements, a layer
# above plans. Closing an SKP changes the months it owns, so its stored standing
# must be recomputed in the same transaction: measurements registers how, once,
# when Django starts (measurements.apps), and the services below call it explicitly.
_standing_refreshers: list[Callable[[PerformancePlan], None]] = []


def on_months_changed(refresh: Callable[[PerformancePlan], None]) -> None:
    """Register how to recompute the stored standing of an SKP whose months changed."""
    if refresh not in _standing_refreshers:
        _standing_refreshers.append(refresh)


class PlanChangeError(ValidationError):
    """A change that cannot be recorded as asked; the message is shown beside the form."""


def month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return following - dt.timedelta(days=1)


def months_of_part(start: dt.date, end: dt.date) -> range:
    """The months (1-12 of `start`'s year) whose realisasi belongs to an SKP running start..end.

    A month belongs to the SKP in force on its last day, so a part that closes
    mid-month hands that month to the part that follows it. The range is empty
    for a part that holds no month-end.
    """
    if end < start:
        return range(1, 1)
    if end.year > start.year:
        last = 12
    elif end >= month_end(end.year, end.month):
        last = end.month
    else:
        last = end.month - 1
    return range(start.month, max(start.month, last + 1))


def plan_months(plan: PerformancePlan) -> range:
    """The months whose realisasi counts in `plan` (all twelve for an unchanged SKP)."""
    return months_of_part(plan.start, plan.end)


def overlap_days(start: dt.date, end: dt.date, span_start: dt.date, span_end: dt.date) -> int:
    """Days (inclusive) that start..end and span_start..span_end have in common."""
    first, last = max(start, span_start), min(end, span_end)
    return max(0, (last - first).days + 1)


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")


def _require_hr(actor: User, employee: Employee) -> None:
    viewer = viewer_for(actor)
    if not (viewer.is_superuser or employee.instansi_id in viewer.hr_instansi_ids):
        raise PermissionDenied(
            _("Hanya admin kepegawaian instansi pegawai ini yang dapat mencatat perubahan.")
        )


def _check_close(plan: PerformancePlan, on: dt.date) -> None:
    """Refuse a closing date the SKP cannot take; every message says what would work."""
    if plan.closed_reason or plan.continued_by.exists():
        raise PlanChangeError(
            _("SKP ini sudah ditutup per %(end)s dan dilanjutkan oleh SKP lain.")
            % {"end": _day(plan.end)}
        )
    year = plan.year.year
    if on.year != year:
        raise PlanChangeError(
            _("Tanggal perubahan harus dalam tahun penilaian %(year)s.") % {"year": year},
            code="on",
        )
    if not plan.start < on <= plan.end:
        raise PlanChangeError(
            _("Tanggal perubahan harus setelah %(start)s dan paling lambat %(end)s.")
            % {"start": _day(plan.start), "end": _day(plan.end)},
            code="on",
        )
    kept = months_of_part(plan.start, on - dt.timedelta(days=1))
    recorded = _recorded_months(plan)
    lost = sorted(m for m in recorded if m not in kept)
    if lost:
        earliest = month_end(year, lost[-1]) + dt.timedelta(days=1)
        raise PlanChangeError(
            _(
                "Realisasi bulan %(month)s sudah dicatat pada SKP ini. Bulan dihitung pada SKP "
                "yang berlaku di akhir bulan, jadi perubahan paling cepat berlaku %(earliest)s."
            )
            % {"month": MONTHS[lost[-1]], "earliest": _day(earliest)},
            code="on",
        )


def _recorded_months(plan: PerformancePlan) -> set[int]:
    # Read through the reverse relation so plans does not import measurements (layering).
    months = PlanIndicator.objects.filter(
        result__plan=plan, measurements__superseded_at__isnull=True
    ).values_list("measurements__period__number", flat=True)
    return {m for m in months if m is not None}


def _copy_content(source: PerformancePlan, target: PerformancePlan, *, on: dt.date) -> None:
    """Copy RHKs, IKIs (targets and weights), lampiran and expectations into `target`.

    A link to a superior's RHK is kept only when that RHK belongs to the SKP of
    the penilai in force on `on`: after a new superior the links must be made again.
    """
    penilai = reporting_line(target.employee, on=on).penilai
    results = list(
        PlannedResult.objects.filter(plan=source)
        .select_related("supports__plan")
        .prefetch_related("indicators")
    )
    for result in results:
        supports = result.supports
        keep = (
            supports is not None
            and penilai is not None
            and supports.plan.employee_id == penilai.pk
            and supports.plan.year_id == target.year_id
        )
        copy = PlannedResult.objects.create(
            plan=target,
            supports=supports if keep else None,
            goal=result.goal,
            template_result=result.template_result,
            kind=result.kind,
            text=result.text,
            order=result.order,
        )
        PlanIndicator.objects.bulk_create(
            PlanIndicator(result=copy, perspective=iki.perspective, **iki.definition())
            for iki in result.indicators.all()
        )
    target.approach = source.approach
    target.supporting_resources = source.supporting_resources
    target.accountability_scheme = source.accountability_scheme
    target.consequences = source.consequences
    target.save(
        update_fields=[
            "approach",
            "supporting_resources",
            "accountability_scheme",
            "consequences",
        ]
    )
    expectations = dict(
        BehaviourExpectation.objects.filter(plan=source).values_list("value", "expectation")
    )
    rows = list(BehaviourExpectation.objects.filter(plan=target))
    for row in rows:
        row.expectation = expectations.get(row.value, "")
    BehaviourExpectation.objects.bulk_update(rows, ["expectation"])


def plan_close_and_continue(
    *,
    plan: PerformancePlan,
    on: dt.date,
    reason: str,
    actor: User,
    position: Position | None = None,
    copy_content: bool | None = None,
) -> PerformancePlan:
    """Close `plan` on the day before `on` and open its continuation from `on` to the year's end.

    The new SKP is a draft in `position` (default: the position the employee
    holds on `on`). Its content is copied when the position stays the same
    (a new superior) unless `copy_content` says otherwise; in another position
    it starts empty. Both SKPs get a history row, in the same transaction (the new
    one two: CREATED and CONTINUED, both by `actor`).
    """
    employee = plan.employee
    _require_hr(actor, employee)
    if reason not in ChangeReason.values:
        raise PlanChangeError(_("Pilih alasan perubahan."), code="reason")
    with transaction.atomic():
        plan = PerformancePlan.objects.select_for_update().select_related("year").get(pk=plan.pk)
        _check_close(plan, on)
        if position is None:
            assignment = assignment_current(employee, on=on)
            if assignment is None:
                raise PlanChangeError(
                    _("Pegawai tidak memegang jabatan apa pun pada %(on)s.") % {"on": _day(on)},
                    code="position",
                )
            position = assignment.position
        if position.instansi_id != employee.instansi_id:
            raise PlanChangeError(_("Jabatan baru harus dari instansi pegawai."), code="position")
        same_position = position.pk == plan.position_id
        if reason == ChangeReason.NEW_SUPERIOR and not same_position:
            raise PlanChangeError(
                _(
                    "Atasan baru berarti jabatan tetap sama. Untuk jabatan lain pilih "
                    "alasan mutasi atau jabatan baru."
                ),
                code="position",
            )
        if reason != ChangeReason.NEW_SUPERIOR and same_position:
            raise PlanChangeError(
                _("Mutasi atau jabatan baru memerlukan jabatan yang berbeda dari %(name)s.")
                % {"name": position.name},
                code="position",
            )
        closed_on = on - dt.timedelta(days=1)
        plan.end = closed_on
        plan.closed_reason = reason
        plan.save(update_fields=["end", "closed_reason"])
        for refresh in _standing_refreshers:
            refresh(plan)
        successor = plan_create(
            employee=employee,
            position=position,
            year=plan.year,
            start=on,
            end=dt.date(plan.year.year, 12, 31),
            approach=plan.approach,
            status=PerformancePlan.Status.DRAFT,
            actor=actor,
        )
        successor.previous = plan
        successor.save(update_fields=["previous"])
        copy = same_position if copy_content is None else copy_content
        if copy:
            _copy_content(plan, successor, on=on)
        label = ChangeReason(reason).label
        plan_event_record(
            plan=plan,
            action=PlanEvent.Action.CLOSED,
            actor=actor,
            note=_(
                "Ditutup per %(end)s karena %(reason)s; dilanjutkan mulai %(on)s (%(position)s)."
            )
            % {
                "end": _day(closed_on),
                "reason": str(label).lower(),
                "on": _day(on),
                "position": position.name,
            },
        )
        plan_event_record(
            plan=successor,
            action=PlanEvent.Action.CONTINUED,
            actor=actor,
            note=(
                _("Melanjutkan SKP %(start)s–%(end)s (%(position)s) karena %(reason)s.")
                % {
                    "start": _day(plan.start),
                    "end": _day(closed_on),
                    "position": plan.position.name,
                    "reason": str(label).lower(),
                }
            )
            + " "
            + (_("Isi SKP disalin.") if copy else _("Isi SKP dimulai kosong.")),
        )
    return successor


@dataclass(frozen=True)
class Transfer:
    """What a transfer wrote: the new assignment and, if an SKP was running, its continuation."""

    assignment: Assignment
    plan: PerformancePlan | None


def employee_transfer(
    *,
    employee: Employee,
    position: Position,
    on: dt.date,
    actor: User,
    reason: str = ChangeReason.TRANSFER,
    copy_content: bool | None = None,
    plan: PerformancePlan | None = None,
) -> Transfer:
    """Move `employee` to `position` from `on`: end the old assignment, split the running SKP.

    The SKP split is `plan` when given (the page it was asked from), else the
    one in force on `on`. A new superior without a change of position is not a
    transfer: use `plan_close_and_continue(reason=ChangeReason.NEW_SUPERIOR)`.
    """
    _require_hr(actor, employee)
    if reason not in (ChangeReason.TRANSFER, ChangeReason.NEW_POSITION):
        raise PlanChangeError(
            _("Pindah jabatan dicatat dengan alasan mutasi atau jabatan baru."), code="reason"
        )
    if position.instansi_id != employee.instansi_id:
        raise PlanChangeError(_("Jabatan baru harus dari instansi pegawai."), code="position")
    with transaction.atomic():
        current = assignment_current(employee, on=on)
        if current is not None and current.position_id == position.pk:
            raise PlanChangeError(
                _("Pegawai sudah memegang jabatan %(name)s pada %(on)s.")
                % {"name": position.name, "on": _day(on)},
                code="position",
            )
        plans = PerformancePlan.objects.filter(employee=employee).select_related(
            "year", "employee", "position"
        )
        if plan is not None:
            running = plans.filter(pk=plan.pk).first()
            if running is None:
                raise PlanChangeError(_("SKP ini bukan milik pegawai tersebut."))
        else:
            running = plans.filter(year__year=on.year, start__lte=on, end__gte=on).first()
        if running is not None:
            _check_close(running, on)
        assignment = assignment_create(employee=employee, position=position, start=on)
        successor = None
        if running is not None:
            successor = plan_close_and_continue(
                plan=running,
                on=on,
                reason=reason,
                actor=actor,
                position=position,
                copy_content=copy_content,
            )
    return Transfer(assignment, successor)

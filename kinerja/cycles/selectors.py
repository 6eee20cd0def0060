"""Reads about appraisal years, their periods and their scoring policy."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from kinerja.cycles.models import AppraisalYear, Cadence, Period, PeriodKind, PolicyChange
from kinerja.cycles.policy_labels import PolicyDifference, policy_differences
from kinerja.scoring import ScoringPolicy


def evaluation_periods(year: AppraisalYear) -> list[Period]:
    """The periods at which the year's SKPs are evaluated, the annual one last."""
    kind = PeriodKind.MONTH if year.cadence == Cadence.MONTHLY else PeriodKind.QUARTER
    return list(
        Period.objects.filter(year=year, kind__in=[kind, PeriodKind.YEAR])
        .select_related("year")
        .order_by("end", "kind")
    )


def evaluation_period_current(year: AppraisalYear, *, on: dt.date) -> Period | None:
    """The evaluation period containing `on` (the last one after the year has ended)."""
    periods = [p for p in evaluation_periods(year) if p.kind != PeriodKind.YEAR]
    for period in periods:
        if period.contains(on):
            return period
    return periods[-1] if periods and on > periods[-1].end else None


def month_periods_until(year: AppraisalYear, *, on: dt.date) -> list[Period]:
    """The months of `year` that have started by `on`: where realisasi may be recorded."""
    return list(
        Period.objects.filter(year=year, kind=PeriodKind.MONTH, start__lte=on)
        .select_related("year")
        .order_by("number")
    )


def evaluation_periods_open(year: AppraisalYear, *, on: dt.date) -> list[Period]:
    """Periods a penilai can evaluate on `on`: the current one, and the annual one
    from the start of the year's last evaluation period onwards."""
    periods = evaluation_periods(year)
    periodic = [p for p in periods if p.kind != PeriodKind.YEAR]
    current = evaluation_period_current(year, on=on)
    open_periods = [current] if current else []
    if periodic and on >= periodic[-1].start:
        open_periods += [p for p in periods if p.kind == PeriodKind.YEAR]
    return open_periods


def evaluation_period_opened(period: Period, *, on: dt.date) -> bool:
    """Whether `period` can be evaluated on `on`: once it has begun, and from then on.

    A period stays open after it ends, because a late evaluation must still be
    possible; only a period that has not begun yet (Triwulan IV in April, the
    annual evaluation before the year's last period) is refused. The annual
    period opens with the start of the year's last evaluation period.
    """
    if period.kind == PeriodKind.YEAR:
        periodic = [p for p in evaluation_periods(period.year) if p.kind != PeriodKind.YEAR]
        return bool(periodic) and on >= periodic[-1].start
    return on >= period.start


@dataclass(frozen=True)
class PolicyHistoryEntry:
    change: PolicyChange
    # None when a stored side no longer loads (written under older validation rules).
    differences: list[PolicyDifference] | None


def policy_history(year: AppraisalYear) -> list[PolicyHistoryEntry]:
    """Every change of `year`'s scoring policy, newest first, with what it changed (1 query)."""
    entries = []
    for change in PolicyChange.objects.filter(year=year).select_related("changed_by"):
        try:
            before = ScoringPolicy.from_dict(change.before)
            after = ScoringPolicy.from_dict(change.after)
        except (ValueError, TypeError, KeyError, ArithmeticError):
            entries.append(PolicyHistoryEntry(change, None))
            continue
        entries.append(PolicyHistoryEntry(change, policy_differences(before, after)))
    return entries


def policy_of_version(year: AppraisalYear, version: str) -> ScoringPolicy | None:
    """The scoring policy `year` had as `version`, or None when no record of it loads.

    The one in force when it carries that version (no query); otherwise the policy a
    recorded change saved under it; otherwise the one in force before the first recorded
    change (written straight into the year); otherwise the engine's default when `version`
    is the default's. A final evaluation stores the version it was scored under, so its
    figures are read with this, never with whatever the year holds today.
    """
    current = year.scoring_policy()
    if current.version == version:
        return current
    changes = PolicyChange.objects.filter(year=year)
    data = changes.filter(version=version).values_list("after", flat=True).first()
    if data is None:
        data = (
            changes.filter(before__version=version)
            .order_by("number")
            .values_list("before", flat=True)
            .first()
        )
    if data is not None:
        try:
            return ScoringPolicy.from_dict(data)
        except (ValueError, TypeError, KeyError, ArithmeticError):
            return None  # written under older validation rules
    default = ScoringPolicy()
    return default if version == default.version else None


# The key under which a change of the objection deadlines is kept in the year's change log.
OBJECTION_DAYS_LOG = "objection_days"


@dataclass(frozen=True)
class ObjectionDaysEntry:
    entry: LogEntry
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str


def objection_days_history(year: AppraisalYear) -> list[ObjectionDaysEntry]:
    """Every recorded change of `year`'s objection deadlines, newest first."""
    entries = []
    for entry in LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(AppraisalYear), object_id=str(year.pk)
    ).select_related("user"):
        try:
            data = json.loads(entry.change_message)[OBJECTION_DAYS_LOG]
        except (ValueError, TypeError, KeyError):
            continue  # another kind of change of the year (the admin's own)
        entries.append(ObjectionDaysEntry(entry, data["before"], data["after"], data["reason"]))
    return entries


@dataclass(frozen=True)
class ObjectionDaysChange:
    """One recorded change of ``objection_days``: when, and the value before and after."""

    at: dt.datetime
    before: int
    after: int


def objection_days_changes(year: AppraisalYear) -> list[ObjectionDaysChange]:
    """The recorded changes of `year`'s window to object, oldest first.

    evaluations.objections reads them so that a change applies to the windows still
    open on the day it is made, and a window that had already closed stays closed.
    """
    return [
        ObjectionDaysChange(
            h.entry.action_time,
            int(h.before.get("objection_days", 0)),
            int(h.after.get("objection_days", 0)),
        )
        for h in reversed(objection_days_history(year))
    ]

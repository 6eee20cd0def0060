"""A unit's organisational predikat per period: who sets it, the summary in view, history.

SE MenPANRB 3/2023: the leader one level up sets the predikat kinerja
organisasi of each unit. Here that is the holder of the position heading the
PARENT unit; for a top-level unit of the instansi (or when the parent unit's
head post is vacant, so nobody is stuck) an HR admin of the instansi. Each
decision is a new row superseding the current one, so the history is kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from kinerja.core import clock
from kinerja.cycles.models import AppraisalYear, Period
from kinerja.cycles.selectors import evaluation_periods
from kinerja.evaluations.distribution import predikat_counts
from kinerja.evaluations.models import OrgPredikatChoice, UnitPredikat
from kinerja.evaluations.unit_capaian import unit_capaian
from kinerja.organisation.access import Viewer
from kinerja.organisation.models import Assignment, Position, Unit
from kinerja.plans.cascade import unit_subtree
from kinerja.plans.models import PerformancePlan


class UnitPredikatError(ValueError):
    """A unit predikat that cannot be set as asked; the message is shown to the user."""


@dataclass(frozen=True)
class UnitPredikatRights:
    see: bool
    set: bool
    # An HR admin setting for the leader one level up: a top-level unit, or a
    # parent unit whose head post is vacant. The decision is recorded as such.
    on_behalf: bool = False


def _heads(viewer: Viewer, unit_ids: list[int]) -> bool:
    return bool(viewer.position_ids) and (
        Position.objects.filter(
            pk__in=viewer.position_ids, heads_unit=True, unit_id__in=unit_ids
        ).exists()
    )


def _headed_unit_ids(*, on: dt.date) -> QuerySet[Assignment, int]:
    """The ids of the units whose head post somebody holds on `on`, for `__in`."""
    return Assignment.objects.filter(
        Assignment.active_on(on), position__heads_unit=True
    ).values_list("position__unit_id", flat=True)


def unit_predikat_rights(viewer: Viewer, unit: Unit) -> UnitPredikatRights:
    """Who sets `unit`'s predikat (the leader one level up) and who may read it."""
    hr = unit.instansi_id in viewer.hr_instansi_ids
    on_behalf = False
    if unit.parent_id is None:
        setter = on_behalf = hr
    elif _heads(viewer, [unit.parent_id]):
        setter = True
    else:
        headed = _headed_unit_ids(on=clock.today()).filter(position__unit_id=unit.parent_id)
        setter = on_behalf = hr and not headed.exists()
    see = (
        setter
        or viewer.is_superuser
        or unit.instansi_id in viewer.office_instansi_ids
        or _heads(viewer, [unit.pk])
    )
    return UnitPredikatRights(see=see, set=setter, on_behalf=on_behalf)


def unit_summary(unit: Unit, period: Period) -> dict[str, Any]:
    """The unit's capaian summary the leader has in view, as plain data (stored with a decision).

    Cheap by design: the head's SKP is measured once (unit_capaian); the staff's
    figures are the stored current standings and evaluations, never recomputed.
    """
    units = unit_subtree([unit.pk])
    capaian = unit_capaian(unit, period)
    plans = PerformancePlan.objects.filter(
        year_id=period.year_id, position__unit_id__in=units, continued_by__isnull=True
    )
    ratings = {"above": 0, "meets": 0, "below": 0, "none": 0}
    for row in plans.values("proposed_rating").annotate(n=Count("pk")).order_by():
        ratings[row["proposed_rating"] or "none"] += row["n"]
    return {
        "unit_capaian": None if capaian is None else capaian.to_dict(),
        "staff": plans.values("employee_id").distinct().count(),
        "proposed_ratings": ratings,
        "predikat": predikat_counts(unit, period),
    }


def unit_predikat_history(unit: Unit, period: Period) -> list[UnitPredikat]:
    """Every decision on `unit`'s predikat for `period`, newest first (the current one first)."""
    return list(
        UnitPredikat.objects.filter(unit=unit, period=period)
        .select_related("set_by")
        .order_by("-set_at", "-pk")
    )


def unit_predikat_set(
    *, viewer: Viewer, user: object, unit: Unit, period: Period, predikat: str, note: str
) -> UnitPredikat:
    """Set `unit`'s organisational predikat for `period`; the current decision is superseded.

    An HR admin setting for the leader one level up (rights.on_behalf) is kept
    in the decision's summary ("on_behalf"), and the pages say so.
    """
    rights = unit_predikat_rights(viewer, unit)
    if not rights.set:
        raise PermissionDenied(
            _("Predikat organisasi unit ini ditetapkan oleh pimpinan satu tingkat di atasnya.")
        )
    if predikat not in OrgPredikatChoice.values:
        raise UnitPredikatError(_("Pilih salah satu predikat kinerja organisasi."))
    note = note.strip()
    if not note:
        raise UnitPredikatError(_("Tuliskan dasar penetapan predikat ini."))
    if period.year.instansi_id != unit.instansi_id:
        raise UnitPredikatError(_("Periode ini bukan periode instansi unit ini."))
    summary = unit_summary(unit, period)
    if rights.on_behalf:
        summary["on_behalf"] = True
    try:
        with transaction.atomic():
            # The unit's row is the lock: with no current decision there is no row
            # to lock, and two first decisions at once would both insert.
            Unit.objects.select_for_update().filter(pk=unit.pk).first()
            current = UnitPredikat.objects.filter(
                unit=unit, period=period, superseded_at__isnull=True
            ).first()
            if current is not None:
                current.superseded_at = clock.now()
                current.save(update_fields=["superseded_at"])
            return UnitPredikat.objects.create(
                unit=unit,
                period=period,
                predikat=predikat,
                note=note,
                summary=summary,
                set_by=user,  # type: ignore[misc]
            )
    except IntegrityError as error:
        # The partial unique index (one current decision) caught a concurrent one.
        raise UnitPredikatError(
            _(
                "Predikat unit ini baru saja ditetapkan oleh orang lain. Muat ulang halaman "
                "dan periksa penetapan terakhir sebelum menetapkan lagi."
            )
        ) from error


@dataclass(frozen=True)
class UnitPredikatRow:
    unit: Unit
    can_set: bool
    cells: list[tuple[Period, UnitPredikat | None]]


def unit_predikat_overview(viewer: Viewer) -> list[UnitPredikatRow]:
    """The units whose predikat `viewer` sets or reads, with the current predikat per period.

    Periods are the evaluation periods of this year that have started.
    """
    today = clock.today()
    headed = list(
        Position.objects.filter(pk__in=viewer.position_ids, heads_unit=True).values_list(
            "unit_id", flat=True
        )
    )
    # The same three cases as unit_predikat_rights: the units below a unit the
    # viewer heads, and for HR the top-level units and those under a vacant head post.
    to_set = set(Unit.objects.filter(parent_id__in=headed).values_list("pk", flat=True))
    to_set |= set(
        Unit.objects.filter(instansi_id__in=viewer.hr_instansi_ids)
        .filter(Q(parent__isnull=True) | ~Q(parent_id__in=_headed_unit_ids(on=today)))
        .values_list("pk", flat=True)
    )
    readable = set(headed)
    readable |= set(
        UnitPredikat.objects.filter(
            unit__instansi_id__in=viewer.office_instansi_ids, superseded_at__isnull=True
        ).values_list("unit_id", flat=True)
    )
    units = list(
        Unit.objects.filter(pk__in=to_set | readable).select_related("instansi").order_by("name")
    )
    years = {
        y.instansi_id: y
        for y in AppraisalYear.objects.filter(
            instansi_id__in={u.instansi_id for u in units}, year=today.year
        )
    }
    periods = {
        instansi: [p for p in evaluation_periods(year) if p.start <= today]
        for instansi, year in years.items()
    }
    current = {
        (row.unit_id, row.period_id): row
        for row in UnitPredikat.objects.filter(
            unit__in=units, superseded_at__isnull=True, period__year__in=years.values()
        )
    }
    return [
        UnitPredikatRow(
            unit=u,
            can_set=u.pk in to_set,
            cells=[(p, current.get((u.pk, p.pk))) for p in periods.get(u.instansi_id, [])],
        )
        for u in units
    ]

"""Demo organisational predikats: the calibration page shows one unit within its curve and
one breaking it, and the featured penilai's current quarter stays open for the visitor."""

from __future__ import annotations

import datetime as dt

from kinerja import scoring
from kinerja.cycles.models import AppraisalYear, Period
from kinerja.cycles.selectors import evaluation_period_current, evaluation_periods
from kinerja.evaluations.distribution import predikat_counts
from kinerja.evaluations.models import UnitPredikat
from kinerja.evaluations.unit_predikat import unit_predikat_set
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import Assignment, Position, Unit

NOTES = {
    True: "Capaian Perjanjian Kinerja unit sesuai target; hasil reviu Inspektorat baik.",
    False: "Capaian Perjanjian Kinerja unit di atas target dan layanan publik meningkat.",
}


def _leader_user(unit: Unit, today: dt.date) -> object | None:
    """The user holding the post that heads `unit`'s parent: who sets `unit`'s predikat."""
    if unit.parent_id is None:
        return None
    held = (
        Assignment.objects.filter(
            Assignment.active_on(today), position__unit_id=unit.parent_id, position__heads_unit=True
        )
        .select_related("employee__user")
        .first()
    )
    return None if held is None else held.employee.user


def _choose(unit: Unit, period: Period, *, fits: bool) -> str | None:
    """The first organisational predikat whose curve the unit's staff meet (or break)."""
    counts = predikat_counts(unit, period)
    if not sum(counts.values()):
        return None
    policy = period.year.scoring_policy()
    for org in scoring.OrgPredikat:
        result = scoring.check_distribution(
            org, {scoring.Predikat(p): n for p, n in counts.items()}, policy
        )
        if result.value.ok == fits:
            return org.value
    return None


def _set(unit: Unit, period: Period, predikat: str, user: object, *, fits: bool) -> int:
    if UnitPredikat.objects.filter(unit=unit, period=period).exists():
        return 0
    unit_predikat_set(
        viewer=viewer_for(user),
        user=user,
        unit=unit,
        period=period,
        predikat=predikat,
        note=NOTES[fits],
    )
    return 1


def load(*, years: list[AppraisalYear], today: dt.date, team_of: Position | None) -> dict[str, int]:
    """Predikats for the ended periods of the featured penilai's unit (breaking its curve in
    the last one) and of a sibling unit (within its curve); the featured unit's current
    period gets a predikat too, so the visitor's calibration has a curve to meet."""
    if team_of is None:
        return {"predikat unit": 0}
    featured = team_of.unit
    leader = _leader_user(featured, today)
    if leader is None:
        return {"predikat unit": 0}
    siblings = list(
        Unit.objects.filter(parent_id=featured.parent_id).exclude(pk=featured.pk).order_by("name")
    )
    written = 0
    for year in (y for y in years if y.instansi_id == featured.instansi_id):
        periods = evaluation_periods(year)
        ended = [p for p in periods if p.kind != "year" and p.end < today]
        for index, period in enumerate(ended):
            last = index == len(ended) - 1
            choice = _choose(featured, period, fits=not last)
            if choice:
                written += _set(featured, period, choice, leader, fits=not last)
            for sibling in siblings:
                choice = _choose(sibling, period, fits=True)
                if choice:
                    written += _set(sibling, period, choice, leader, fits=True)
                    break
        current = evaluation_period_current(year, on=today)
        if current is not None and current.end >= today:
            written += _set(featured, current, "baik", leader, fits=True)
    return {"predikat unit": written}

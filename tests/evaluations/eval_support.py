"""Helpers for the evaluate area's tests: units of the cast, rating and predikat setting."""

from __future__ import annotations

from kinerja import scoring
from kinerja.core import clock
from kinerja.cycles.models import Period
from kinerja.cycles.selectors import evaluation_period_current
from kinerja.evaluations.models import Evaluation, UnitPredikat
from kinerja.evaluations.services import evaluation_open, evaluation_rate
from kinerja.evaluations.unit_predikat import unit_predikat_set
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import Unit
from tests.conftest import Cast
from tests.support import behaviour


def open_period(cast: Cast) -> Period:
    """The evaluation period open on the domain's (possibly pinned) today."""
    period = evaluation_period_current(cast.year, on=clock.today())
    assert period is not None
    return period


def bidang(cast: Cast) -> Unit:
    return cast.pegawai_plan.position.unit


def dinas(cast: Cast) -> Unit:
    unit = bidang(cast).parent
    assert unit is not None
    return unit


def rated_draft(
    cast: Cast,
    period: Period,
    *,
    result: str | None = None,
    rating: str = "meets",
    reason: str = "",
) -> Evaluation:
    """The pegawai's evaluation for `period`, rated by the penilai and left as a draft."""
    user = cast.penilai.user
    evaluation = evaluation_open(plan=cast.pegawai_plan, period=period, user=user)
    return evaluation_rate(
        evaluation=evaluation,
        user=user,
        result_rating=scoring.Rating(result or evaluation.proposed_rating or "meets"),
        reason=reason,
        behaviour=behaviour(rating),
    )


def set_predikat(cast: Cast, unit: Unit, period: Period, predikat: str) -> UnitPredikat:
    """Set `unit`'s predikat as the leader one level up: the atasan, or HR for the dinas."""
    user = cast.atasan.user if unit.parent_id else cast.hr_admin
    return unit_predikat_set(
        viewer=viewer_for(user),
        user=user,
        unit=unit,
        period=period,
        predikat=predikat,
        note="Capaian unit dan hasil reviu Inspektorat",
    )

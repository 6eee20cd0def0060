"""A final evaluation of the cast's pegawai and a pinned "today", for the objection tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kinerja.evaluations.models import Evaluation
from kinerja.evaluations.objections import finalised_on
from kinerja.evaluations.services import evaluation_finalise, evaluation_open
from kinerja.scoring import Rating
from tests.conftest import Cast
from tests.support import behaviour, quarter


def final_evaluation(cast: Cast, *, number: int = 1, rating: str = "meets") -> Evaluation:
    """The pegawai's evaluation of quarter `number`, finalised now by the penilai."""
    penilai = cast.penilai.user
    evaluation = evaluation_open(
        plan=cast.pegawai_plan, period=quarter(cast.year, number), user=penilai
    )
    return evaluation_finalise(
        evaluation=evaluation,
        user=penilai,
        result_rating=Rating(rating),
        reason="sesuai bukti dukung",
        behaviour=behaviour(rating),
    )


class Today:
    """The domain's today, moved by the test: `today.set(finalised + 14 days)`.

    clock.now() moves with it (same time of day), so a step stamped "now" falls on "today".
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.day = timezone.localdate()
        monkeypatch.setattr("kinerja.core.clock.today", lambda: self.day)
        monkeypatch.setattr("kinerja.core.clock.now", self.now)

    def now(self) -> dt.datetime:
        moment = timezone.localtime()
        return moment + dt.timedelta(days=(self.day - moment.date()).days)

    def set(self, day: dt.date) -> None:
        self.day = day

    def days_after_finalising(self, evaluation: Evaluation, days: int) -> dt.date:
        base = finalised_on(evaluation)
        assert base is not None
        self.day = base + dt.timedelta(days=days)
        return self.day

"""A change of objection_days reaches the windows still open; a closed window stays closed;
objections already filed keep their deadlines (what the policy page says)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kinerja.cycles.services import objection_days_change
from kinerja.evaluations.models import Evaluation
from kinerja.evaluations.objections import (
    ObjectionError,
    objection_file,
    objection_reminders_send,
    objection_window_closes,
)
from tests.evaluations.objection_support import Today, final_evaluation
from tests.matrix import client_as

DAYS = dt.timedelta


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Today:
    return Today(monkeypatch)


@pytest.fixture
def evaluation(cast, today: Today) -> Evaluation:
    return final_evaluation(cast)


def _set_days(cast, objection_days: int) -> None:
    objection_days_change(
        year=cast.year,
        actor=cast.hr_admin,
        values={
            "objection_days": objection_days,
            "objection_explain_days": cast.year.objection_explain_days,
            "objection_decide_days": cast.year.objection_decide_days,
        },
        reason="Surat edaran.",
    )


def _file(cast, evaluation):
    return objection_file(evaluation=evaluation, user=cast.pegawai.user, reason="Keberatan.")


def test_a_longer_window_reaches_a_window_still_open(cast, evaluation, today):
    finalised = today.days_after_finalising(evaluation, 0)
    today.days_after_finalising(evaluation, 10)
    _set_days(cast, 21)
    assert objection_window_closes(evaluation) == finalised + DAYS(days=21)
    today.days_after_finalising(evaluation, 21)
    assert _file(cast, evaluation).evaluation_id == evaluation.pk


def test_a_longer_window_does_not_reopen_a_closed_one(cast, evaluation, today):
    finalised = today.days_after_finalising(evaluation, 0)
    today.days_after_finalising(evaluation, 16)  # closed on day 14
    _set_days(cast, 21)
    assert objection_window_closes(evaluation) == finalised + DAYS(days=14)
    today.days_after_finalising(evaluation, 17)
    with pytest.raises(ObjectionError, match="Batas pengajuan keberatan sudah lewat"):
        _file(cast, evaluation)


def test_a_shorter_window_reaches_a_window_still_open(cast, evaluation, today):
    finalised = today.days_after_finalising(evaluation, 0)
    today.days_after_finalising(evaluation, 5)
    _set_days(cast, 7)
    assert objection_window_closes(evaluation) == finalised + DAYS(days=7)
    today.days_after_finalising(evaluation, 8)
    with pytest.raises(ObjectionError):
        _file(cast, evaluation)


def test_a_filed_objection_keeps_its_deadlines(cast, evaluation, today):
    objection = _file(cast, evaluation)
    explain_due, decide_due = objection.explain_due, objection.decide_due
    objection_days_change(
        year=cast.year,
        actor=cast.hr_admin,
        values={"objection_days": 30, "objection_explain_days": 1, "objection_decide_days": 2},
        reason="Surat edaran.",
    )
    objection.refresh_from_db()
    assert (objection.explain_due, objection.decide_due) == (explain_due, decide_due)


def test_the_pegawai_is_warned_by_the_window_in_force_after_a_change(cast, evaluation, today):
    today.days_after_finalising(evaluation, 2)
    _set_days(cast, 21)
    today.days_after_finalising(evaluation, 14 - 3)  # the old window would warn today
    assert objection_reminders_send() == 0
    today.days_after_finalising(evaluation, 21 - 3)
    assert objection_reminders_send() == 1


def test_the_policy_page_says_what_a_change_reaches(cast):
    page = client_as(cast, "hr_admin").get(reverse("cycles:policy", args=[cast.year.pk]))
    text = page.content.decode()
    assert "masih terbuka pada hari perubahan" in text
    assert "tidak dibuka kembali" in text
    assert "difinalisasi" not in text

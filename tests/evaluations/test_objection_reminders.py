"""Objection deadline reminders: who hears what on which day, and never twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from kinerja.evaluations.objections import (
    WINDOW_WARNING_DAYS,
    objection_explain,
    objection_file,
    objection_reminders_send,
)
from kinerja.evaluations.tasks import objection_reminders
from kinerja.notifications.models import Kind, Notification
from tests.evaluations.objection_support import Today, final_evaluation

DAY = dt.timedelta(days=1)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Today:
    return Today(monkeypatch)


def _reminded() -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(kind=Kind.OBJECTION_DEADLINE).values_list(
            "recipient__username", "key"
        )
    )


def _filed(cast):
    evaluation = final_evaluation(cast)
    objection = objection_file(evaluation=evaluation, user=cast.pegawai.user, reason="Keberatan.")
    return evaluation, objection


def test_the_penilai_hears_the_day_before_and_on_the_explain_deadline_only(cast, today):
    _evaluation, objection = _filed(cast)
    today.set(objection.explain_due - 2 * DAY)
    assert objection_reminders_send() == 0
    today.set(objection.explain_due - DAY)
    assert objection_reminders_send() == 1
    today.set(objection.explain_due)
    assert objection_reminders_send() == 1
    assert [who for who, _key in _reminded()] == ["penilai", "penilai"]


def test_running_twice_on_one_day_reminds_once(cast, today):
    _evaluation, objection = _filed(cast)
    today.set(objection.explain_due)
    assert objection_reminders() == 1  # the Celery task, run in-process
    assert objection_reminders_send() == 0
    call_command("objection_reminders")
    assert len(_reminded()) == 1


def test_the_atasan_hears_when_the_explanation_did_not_come_and_around_decide_due_then_hr(
    cast, today
):
    _evaluation, objection = _filed(cast)
    today.set(objection.explain_due + DAY)
    objection_reminders_send()
    today.set(objection.decide_due - DAY)
    objection_reminders_send()
    today.set(objection.decide_due + DAY)
    objection_reminders_send()
    today.set(objection.decide_due + 2 * DAY)
    objection_reminders_send()
    pk = objection.pk
    assert _reminded() == sorted(
        [
            ("atasan", f"objection:{pk}:unexplained"),
            ("atasan", f"objection:{pk}:decide-due:{(objection.decide_due - DAY).isoformat()}"),
            ("atasan", f"objection:{pk}:decide-overdue"),
            # Once decide_due has passed, HR of the instansi hears once (escalation).
            ("hr_admin", f"objection:{pk}:escalated"),
        ]
    )


def test_after_the_explanation_only_the_atasan_is_reminded(cast, today):
    evaluation, objection = _filed(cast)
    objection_explain(evaluation=evaluation, user=cast.penilai.user, explanation="Penjelasan.")
    today.set(objection.decide_due)
    objection_reminders_send()
    assert [who for who, _key in _reminded()] == ["atasan"]


def test_the_pegawai_hears_three_days_before_the_window_closes_unless_they_objected(cast, today):
    evaluation = final_evaluation(cast)
    today.days_after_finalising(evaluation, cast.year.objection_days - WINDOW_WARNING_DAYS - 1)
    assert objection_reminders_send() == 0
    today.days_after_finalising(evaluation, cast.year.objection_days - WINDOW_WARNING_DAYS)
    assert objection_reminders_send() == 1
    assert objection_reminders_send() == 0
    assert _reminded() == [("pegawai", f"objection-window:{evaluation.pk}")]

    Notification.objects.all().delete()
    objection_file(evaluation=evaluation, user=cast.pegawai.user, reason="Keberatan.")
    assert objection_reminders_send() == 0

"""Writing feedback: who may write what, and bad input that saves nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.core import clock
from kinerja.feedback.models import CheckIn, FeedbackMessage, FollowUpPlan
from kinerja.feedback.services import (
    MAX_TEXT,
    FeedbackError,
    check_in_record,
    feedback_post,
    follow_up_add,
    follow_up_close,
)
from kinerja.plans.models import PlannedResult
from kinerja.plans.services import indicator_add
from tests.feedback.feedback_support import coverage_behind, rights


@pytest.fixture
def rhk(cast) -> PlannedResult:
    return cast.pegawai_plan.results.get()


@pytest.mark.parametrize("role", ["pegawai", "penilai", "atasan"])
def test_the_reporting_line_writes_on_an_rhk_and_its_role_is_kept(cast, rhk, role):
    message = feedback_post(
        rights=rights(cast, role), plan=cast.pegawai_plan, result=rhk, text="  Bagus.  "
    )
    assert message.author_role == role
    assert message.author == getattr(cast, role)
    assert message.text == "Bagus."


@pytest.mark.parametrize("role", ["hr_admin", "auditor", "outsider"])
def test_readers_and_strangers_cannot_write(cast, rhk, role):
    with pytest.raises(PermissionDenied):
        feedback_post(rights=rights(cast, role), plan=cast.pegawai_plan, result=rhk, text="x")
    assert not FeedbackMessage.objects.exists()


def test_a_thread_on_a_behaviour_value(cast):
    feedback_post(
        rights=rights(cast, "penilai"), plan=cast.pegawai_plan, value="kolaboratif", text="Ok"
    )
    assert FeedbackMessage.objects.get().value == "kolaboratif"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"value": "jujur"}, "tidak dikenal"),
        ({"value": ""}, "Pilih satu RHK"),
        ({"text": "   "}, "Tulis umpan balik"),
        ({"text": "a" * (MAX_TEXT + 1)}, "terlalu panjang"),
    ],
)
def test_bad_messages_are_refused(cast, kwargs, message):
    args = {"value": "akuntabel", "text": "Baik"} | kwargs
    with pytest.raises(FeedbackError, match=message):
        feedback_post(rights=rights(cast, "penilai"), plan=cast.pegawai_plan, **args)
    assert not FeedbackMessage.objects.exists()


def test_an_rhk_of_another_skp_is_refused(cast):
    other = cast.penilai_plan.results.get()
    with pytest.raises(FeedbackError, match="bukan bagian"):
        feedback_post(
            rights=rights(cast, "penilai"), plan=cast.pegawai_plan, result=other, text="x"
        )


def _check_in(cast, role, **overrides):
    data = {
        "held_on": clock.today(),
        "went_well": "Program berjalan",
        "to_improve": "",
        "agreed_actions": "",
    } | overrides
    return check_in_record(rights=rights(cast, role), plan=cast.pegawai_plan, **data)


def test_the_penilai_records_a_check_in(cast):
    check_in = _check_in(cast, "penilai", agreed_actions="  Kunjungi sekolah  ")
    assert check_in.recorded_by == cast.penilai
    assert check_in.agreed_actions == "Kunjungi sekolah"


@pytest.mark.parametrize("role", ["pegawai", "atasan", "hr_admin"])
def test_only_the_penilai_records_a_check_in(cast, role):
    with pytest.raises(PermissionDenied):
        _check_in(cast, role)
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"held_on": clock.today() + dt.timedelta(days=1)}, "masa depan"),
        ({"held_on": dt.date(2000, 1, 1)}, "masa berlaku SKP"),
        ({"went_well": " "}, "paling sedikit satu"),
        ({"to_improve": "a" * (MAX_TEXT + 1)}, "terlalu panjang"),
    ],
)
def test_bad_check_ins_are_refused(cast, overrides, message):
    with pytest.raises(FeedbackError, match=message):
        _check_in(cast, "penilai", **overrides)
    assert not CheckIn.objects.exists()


def _follow_up(cast, role, **overrides):
    data = {
        "indicator": cast.coverage,
        "action": "Pendataan ulang anak tidak sekolah",
        "owner": cast.pegawai,
        "due": clock.today() + dt.timedelta(days=30),
    } | overrides
    return follow_up_add(rights=rights(cast, role), plan=cast.pegawai_plan, **data)


@pytest.mark.parametrize("role", ["penilai", "pegawai"])
def test_the_pair_agrees_a_follow_up_and_keeps_the_capaian_of_that_day(cast, role):
    coverage = coverage_behind(cast)
    follow_up = _follow_up(cast, role, indicator=coverage, owner=cast.penilai)
    assert follow_up.status == FollowUpPlan.Status.OPEN
    assert follow_up.owner == cast.penilai
    assert follow_up.created_by == getattr(cast, role)
    assert follow_up.achievement_then == coverage.achievement < Decimal(100)


@pytest.mark.parametrize("role", ["atasan", "hr_admin", "auditor"])
def test_others_cannot_agree_a_follow_up(cast, role):
    with pytest.raises(PermissionDenied):
        _follow_up(cast, role)
    assert not FollowUpPlan.objects.exists()


def test_bad_follow_ups_are_refused(cast):
    cases = [
        ({"owner": cast.outsider}, "Penanggung jawab"),
        ({"owner": cast.atasan}, "Penanggung jawab"),
        ({"due": clock.today() - dt.timedelta(days=1)}, "Tenggat"),
        ({"action": ""}, "Tulis tindakan"),
    ]
    for overrides, message in cases:
        with pytest.raises(FeedbackError, match=message):
            _follow_up(cast, "penilai", **overrides)
    # An IKI of the penilai's own SKP is no IKI of the pegawai's.
    iki = indicator_add(
        result=cast.penilai_plan.results.get(),
        catalogue=cast.programmes.indicator,
        target_value=Decimal(4),
    )
    with pytest.raises(FeedbackError, match="bukan bagian"):
        _follow_up(cast, "penilai", indicator=iki)
    assert not FollowUpPlan.objects.exists()


def test_the_pegawai_closes_a_follow_up_once(cast):
    follow_up = _follow_up(cast, "penilai")
    closed = follow_up_close(rights=rights(cast, "pegawai"), follow_up=follow_up, note=" Sudah ")
    assert closed.status == FollowUpPlan.Status.DONE
    assert closed.closing_note == "Sudah"
    assert closed.closed_by == cast.pegawai
    assert closed.closed_at is not None
    with pytest.raises(FeedbackError, match="sudah diselesaikan"):
        follow_up_close(rights=rights(cast, "penilai"), follow_up=follow_up, note="lagi")
    assert FollowUpPlan.objects.get().closing_note == "Sudah"


def test_closing_needs_a_note_and_a_party_of_the_plan(cast):
    follow_up = _follow_up(cast, "penilai")
    with pytest.raises(FeedbackError, match="catatan penyelesaian"):
        follow_up_close(rights=rights(cast, "pegawai"), follow_up=follow_up, note=" ")
    with pytest.raises(PermissionDenied):
        follow_up_close(rights=rights(cast, "atasan"), follow_up=follow_up, note="Selesai")
    assert FollowUpPlan.objects.get().status == FollowUpPlan.Status.OPEN

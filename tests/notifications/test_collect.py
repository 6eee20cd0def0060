"""notifications_collect: SKP steps and waiting realisasi become notifications, once each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kinerja.measurements.models import Measurement
from kinerja.measurements.services import measurements_verify
from kinerja.notifications.models import CollectCursor, Kind, Notification
from kinerja.notifications.services import (
    PLAN_EVENTS,
    Collected,
    notification_mark_read,
    notifications_collect,
    preference_save,
)
from kinerja.plans.models import PerformancePlan, PlanEvent
from kinerja.plans.services import indicator_add, result_add
from kinerja.plans.workflow import plan_approve, plan_return, plan_submit
from tests.plans.workflow_support import make_draft
from tests.support import record


def _of(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


@pytest.fixture
def draft(cast):
    return make_draft(cast)


def test_submitted_skp_reaches_the_penilai_once_however_often_it_runs(cast, draft):
    plan_submit(plan=draft, actor=cast.pegawai.user)

    first = notifications_collect()
    second = notifications_collect()

    [item] = _of(cast.penilai.user)
    assert item.kind == Kind.SKP_SUBMITTED
    assert cast.pegawai.name in item.text and str(cast.year.year) in item.text
    assert item.link == reverse("plans:inbox")
    assert item.read_at is None
    assert (first.created, second.created, second.updated) == (1, 0, 0)
    assert _of(cast.pegawai.user) == []
    assert _of(cast.atasan.user) == []


def test_returned_skp_reaches_the_pegawai_with_the_note_and_not_the_penilai(cast, draft):
    plan_submit(plan=draft, actor=cast.pegawai.user)
    plan_return(plan=draft, actor=cast.penilai.user, note="Target IKI kedua terlalu rendah")

    notifications_collect()

    [item] = _of(cast.pegawai.user)
    assert item.kind == Kind.SKP_RETURNED
    assert "Target IKI kedua terlalu rendah" in item.text
    assert item.link == reverse("plans:detail", args=[draft.pk])
    # The submission was decided before the collector saw it: no longer news for the penilai.
    assert _of(cast.penilai.user) == []


def test_approval_reaches_the_pegawai(cast, draft):
    plan_submit(plan=draft, actor=cast.pegawai.user)
    notifications_collect()
    plan_approve(plan=draft, actor=cast.penilai.user)

    notifications_collect()
    notifications_collect()

    assert [n.kind for n in _of(cast.pegawai.user)] == [Kind.SKP_APPROVED]
    assert [n.kind for n in _of(cast.penilai.user)] == [Kind.SKP_SUBMITTED]


def test_hr_acting_for_the_penilai_is_still_news_for_the_pegawai(cast, draft):
    plan_submit(plan=draft, actor=cast.pegawai.user)
    plan_approve(plan=draft, actor=cast.hr_admin)

    notifications_collect()

    assert [n.kind for n in _of(cast.pegawai.user)] == [Kind.SKP_APPROVED]
    assert _of(cast.hr_admin) == []


def test_nobody_is_told_about_their_own_step(cast, draft):
    # The pegawai submits and the penilai returns; the returner is never the recipient,
    # and HR submitting for the pegawai does not notify HR.
    plan_submit(plan=draft, actor=cast.hr_admin)
    notifications_collect()
    assert _of(cast.hr_admin) == []
    assert [n.kind for n in _of(cast.penilai.user)] == [Kind.SKP_SUBMITTED]


def test_first_run_skips_history_older_than_a_week(cast, draft):
    plan_submit(plan=draft, actor=cast.pegawai.user)
    PlanEvent.objects.filter(plan=draft).update(at=timezone.now() - dt.timedelta(days=10))

    assert notifications_collect().created == 0
    assert _of(cast.penilai.user) == []


def test_event_past_the_cursor_is_collected_even_when_it_is_old(cast, draft):
    notifications_collect()  # the cursor exists and stands at the last event
    plan_submit(plan=draft, actor=cast.pegawai.user)
    # The collector was down for an hour: the event is outside the re-read window.
    PlanEvent.objects.filter(plan=draft).update(at=timezone.now() - dt.timedelta(hours=1))

    assert notifications_collect().created == 1
    cursor = CollectCursor.objects.get(name=PLAN_EVENTS)
    assert cursor.last_id == PlanEvent.objects.latest("pk").pk
    assert len(_of(cast.penilai.user)) == 1


def test_muted_kind_is_not_created(cast, draft):
    preference_save(user=cast.penilai.user, email_daily=True, muted_kinds=[Kind.SKP_SUBMITTED])
    plan_submit(plan=draft, actor=cast.pegawai.user)

    notifications_collect()

    assert _of(cast.penilai.user) == []


# --- pending realisasi ---------------------------------------------------------------


def test_pending_realisasi_make_one_item_per_penilai_kept_current(cast):
    record(cast.programmes, 1, "2")
    record(cast.programmes, 2, "3")
    record(cast.coverage, 1, numerator="90", denominator="100")

    assert notifications_collect() == Collected(created=1, updated=0, removed=0)
    assert notifications_collect() == Collected(created=0, updated=0, removed=0)

    [item] = _of(cast.penilai.user)
    assert item.kind == Kind.REALISASI_PENDING
    assert item.text.startswith("3 realisasi")
    assert item.link == reverse("measurements:verify_inbox")
    assert _of(cast.pegawai.user) == [] and _of(cast.atasan.user) == []

    record(cast.programmes, 3, "1")
    done = notifications_collect()
    [item] = _of(cast.penilai.user)
    assert (done.created, done.updated) == (0, 1)
    assert item.text.startswith("4 realisasi")


def test_pending_item_goes_once_everything_is_verified(cast):
    record(cast.programmes, 1, "2")
    notifications_collect()
    ids = list(Measurement.objects.values_list("pk", flat=True))
    measurements_verify(cast.penilai.user, ids, "")

    done = notifications_collect()

    assert done.removed == 1
    assert _of(cast.penilai.user) == []


def test_a_read_pending_item_returns_only_when_more_arrive(cast):
    record(cast.programmes, 1, "2")
    notifications_collect()
    [item] = _of(cast.penilai.user)
    notification_mark_read(user=cast.penilai.user, notification_id=item.pk)

    assert notifications_collect().created == 0
    assert len(_of(cast.penilai.user)) == 1

    record(cast.programmes, 2, "2")
    assert notifications_collect().created == 1
    read, new = _of(cast.penilai.user)
    assert read.read_at is not None and new.read_at is None
    assert new.text.startswith("2 realisasi")


def test_pending_realisasi_skip_a_vacant_superior_and_read_only_the_chains_above(cast):
    # The outsider's superior post (Kepala Bidang SMP) is vacant: the kepala dinas verifies.
    plan = PerformancePlan.objects.get(employee=cast.outsider)
    result = result_add(plan=plan, text="Tersedianya data pokok pendidikan SMP")
    iki = indicator_add(
        result=result,
        catalogue=cast.programmes.indicator,
        target_value=Decimal(12),
        weight=Decimal(1),
    )
    record(iki, 1, "1")
    record(cast.programmes, 1, "2")

    with CaptureQueriesContext(connection) as queries:
        notifications_collect()

    assert [n.text for n in _of(cast.atasan.user)] == ["1 realisasi menunggu verifikasi Anda."]
    assert [n.text for n in _of(cast.penilai.user)] == ["1 realisasi menunggu verifikasi Anda."]
    # The penilai are found from the waiting employees' posts upward, not by reading
    # every position of the instansi (plans.workflow.penilai_by_employee does that).
    assert not any(
        '"organisation_position"."instansi_id"' in q["sql"] for q in queries.captured_queries
    )

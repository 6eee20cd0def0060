"""Feeding IKIs: only the touched groups, only the matching IKIs, only the SKP's months."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kinerja.cycles.models import Period, PeriodKind
from kinerja.indicators.models import SourceKind
from kinerja.measurements.models import DataSource, Measurement, MeasurementStatus
from kinerja.measurements.services import (
    Origin,
    measurement_record,
    measurement_submit,
    measurement_verify,
)
from kinerja.plans.changes import plan_close_and_continue
from kinerja.plans.models import PlanIndicator
from kinerja.servicetimes.services import events_ingest
from tests.servicetimes.support import at, build_queue, current, whole


@pytest.fixture
def queue(cast):
    return build_queue(cast)


def _pegawai_day(cast, day: int, waits: list[int], services: list[int], *, month: int = 1):
    """Tickets served by the pegawai on one day: each with its waiting and service minutes."""
    y = cast.year.year
    events = []
    for n, (wait, service) in enumerate(zip(waits, services, strict=True)):
        arrived = dt.datetime.fromisoformat(at(y, month, day, 8, n))
        called = arrived + dt.timedelta(minutes=wait)
        finished = called + dt.timedelta(minutes=service)
        events.append(
            whole(
                f"{month}-{day}-{n}",
                arrived.isoformat(),
                called.isoformat(),
                finished.isoformat(),
                nip=cast.pegawai.nip,
            )
        )
    return events


def test_officer_scope_feeds_only_the_officers_own_iki(cast, queue):
    result = events_ingest(
        source=queue.source, events=_pegawai_day(cast, 6, [10, 20, 60], [5, 7, 9])
    )

    wait = current(queue.pegawai_wait, 1)
    assert wait is not None and wait.value == 30  # mean of 10, 20, 60
    assert wait.status == MeasurementStatus.VERIFIED
    assert current(queue.outsider_wait, 1) is None
    assert result.feed.outside_months == 0
    queue.pegawai_wait.refresh_from_db()
    assert queue.pegawai_wait.computed_at is not None  # standings were recomputed


def test_unit_scope_feeds_every_holder_of_a_position_in_the_unit(cast, queue):
    events_ingest(source=queue.source, events=_pegawai_day(cast, 6, [10, 20, 60], [5, 7, 9]))

    for iki in (queue.pegawai_service, queue.penilai_service):
        value = current(iki, 1)
        assert value is not None and value.value == 7  # median of the unit's 5, 7, 9
    # Nothing else of the cast's SKPs gets a value from the queue.
    others = Measurement.objects.exclude(
        plan_indicator__in=[queue.pegawai_wait, queue.pegawai_service, queue.penilai_service]
    )
    assert not others.exists()


def test_a_unit_without_holders_feeds_nobody(cast, queue):
    y = cast.year.year
    events_ingest(
        source=queue.source,
        events=[whole("S-1", at(y, 1, 6, 8), at(y, 1, 6, 8, 5), at(y, 1, 6, 8, 9), unit="smp")],
    )
    # The outsider holds a position in Bidang SMP but has no unit-scope IKI.
    assert not Measurement.objects.exists()


def test_only_touched_months_are_recomputed(cast, queue):
    events_ingest(source=queue.source, events=_pegawai_day(cast, 6, [10], [5], month=1))
    january = current(queue.pegawai_wait, 1)

    result = events_ingest(source=queue.source, events=_pegawai_day(cast, 3, [40], [5], month=2))

    assert current(queue.pegawai_wait, 1) == january
    assert current(queue.pegawai_wait, 2).value == 40
    # (officer, February) and (unit, February) only.
    assert result.feed.groups == 2


def test_outliers_stay_out_of_the_fed_value(cast, queue):
    waits = [10, 11, 12, 13, 14, 15, 16, 17, 600]
    events_ingest(source=queue.source, events=_pegawai_day(cast, 6, waits, [5] * len(waits)))

    # 600 minutes is beyond the 480-minute maximum: the mean is of the other eight.
    assert current(queue.pegawai_wait, 1).value == Decimal("13.5")


def test_months_outside_the_skp_are_skipped_and_counted(cast, queue):
    y = cast.year.year
    plan_close_and_continue(
        plan=cast.pegawai_plan,
        on=dt.date(y, 3, 1),
        reason="new_superior",
        actor=cast.hr_admin,
    )
    continued = cast.pegawai_plan.continued_by.get()
    continued_wait = PlanIndicator.objects.get(result__plan=continued, indicator=queue.wait_officer)

    result = events_ingest(source=queue.source, events=_pegawai_day(cast, 4, [25], [5], month=3))

    assert current(continued_wait, 3).value == 25
    assert current(queue.pegawai_wait, 3) is None
    assert result.feed.outside_months >= 1
    assert result.feed.errors == []


def test_an_untrusted_source_feeds_values_that_wait_for_verification(cast):
    queue = build_queue(cast, trusted=False)
    events_ingest(source=queue.source, events=_pegawai_day(cast, 6, [10], [5]))
    assert current(queue.pegawai_wait, 1).status == MeasurementStatus.PENDING


def _january(cast) -> Period:
    return Period.objects.get(year=cast.year, kind=PeriodKind.MONTH, number=1)


def test_a_value_the_penilai_verified_is_kept_and_counted(cast, queue):
    typed = measurement_record(
        user=cast.pegawai.user,
        plan_indicator=queue.pegawai_wait,
        period=_january(cast),
        value=Decimal(25),
    )
    measurement_verify(cast.penilai.user, typed)

    result = events_ingest(source=queue.source, events=_pegawai_day(cast, 6, [10], [5]))

    kept = current(queue.pegawai_wait, 1)
    assert kept is not None and kept.pk == typed.pk and kept.value == 25
    assert kept.status == MeasurementStatus.VERIFIED
    assert result.feed.kept_verified == 1
    assert result.as_dict()["pengisian"]["terverifikasi_dipertahankan"] == 1
    # The unit-scope IKIs had no verified value: they are fed as usual.
    assert current(queue.pegawai_service, 1) is not None


def test_a_verified_value_of_another_source_is_kept(cast, queue):
    other = DataSource.objects.create(
        instansi=cast.instansi, name="Rekap manual loket", kind="api", trusted=True
    )
    sent = measurement_submit(
        plan_indicator=queue.pegawai_wait,
        period=_january(cast),
        origin=Origin(kind=SourceKind.API, data_source=other),
        value=Decimal(42),
    ).measurement
    assert sent.status == MeasurementStatus.VERIFIED

    result = events_ingest(source=queue.source, events=_pegawai_day(cast, 6, [10], [5]))

    assert current(queue.pegawai_wait, 1).pk == sent.pk
    assert result.feed.kept_verified == 1


def test_this_sources_value_verified_by_the_penilai_is_corrected(cast):
    queue = build_queue(cast, trusted=False)
    events_ingest(source=queue.source, events=_pegawai_day(cast, 6, [10], [5]))
    first = current(queue.pegawai_wait, 1)
    measurement_verify(cast.penilai.user, first)

    result = events_ingest(source=queue.source, events=_pegawai_day(cast, 7, [30], [5]))

    latest = current(queue.pegawai_wait, 1)
    assert latest.value == 20 and latest.version == 2 and latest.correction_reason
    assert result.feed.kept_verified == 0

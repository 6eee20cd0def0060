"""The demo's queue machine: loaded where loader.py calls it, it feeds the puskesmas IKIs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction
from pytest_django import DjangoDbBlocker

from kinerja.demo import loader, servicetimes
from kinerja.measurements.models import DataSource, Measurement, MeasurementStatus
from kinerja.plans.models import PlanIndicator
from kinerja.servicetimes.models import ServiceTicket

REFERENCE_DAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[dict[str, int]]:
    counts: dict[str, int] = {}
    load = servicetimes.load

    # loader.py calls the queue demo once while loading Palangka Raya; the
    # wrapper only keeps the counts it returns.
    def load_and_count(**kwargs: object) -> dict[str, int]:
        result = load(**kwargs)  # type: ignore[arg-type]
        counts.update(result)
        return result

    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setattr(servicetimes, "load", load_and_count)
        with transaction.atomic():
            loader.demo_load(today=REFERENCE_DAY)
            yield counts
            transaction.set_rollback(True)


def test_queue_events_become_tickets_and_verified_values(demo, db):
    assert demo["events"] > 0 and demo["refused"] == 0
    source = DataSource.objects.get(name=servicetimes.SOURCE_NAME)
    assert source.trusted and source.instansi.code == "palangkaraya"
    assert ServiceTicket.objects.filter(data_source=source).count() == demo["tickets"]
    fed = Measurement.objects.filter(data_source=source, superseded_at__isnull=True)
    # Two officers and the head of the puskesmas, January to October.
    assert fed.count() == 3 * (REFERENCE_DAY.month - 1)
    assert set(fed.values_list("status", flat=True)) == {MeasurementStatus.VERIFIED}


def test_one_officer_meets_the_target_and_one_does_not(demo, db):
    waits = PlanIndicator.objects.filter(indicator__code="waktu-tunggu-rajal").filter(
        result__plan__year__instansi__code="palangkaraya"
    )
    achieved = sorted(i.achieved_value for i in waits)
    assert len(achieved) == 2
    assert achieved[0] <= 60 < achieved[1]


def test_weights_of_the_fed_skps_still_add_up_to_100(demo, db):
    fed_plans = PlanIndicator.objects.filter(
        indicator__service_metric__gt="", result__plan__year__instansi__code="palangkaraya"
    ).values("result__plan")
    for plan_id in {row["result__plan"] for row in fed_plans}:
        weights = PlanIndicator.objects.filter(result__plan_id=plan_id).values_list(
            "weight", flat=True
        )
        assert sum(weights) == 100


def test_outliers_are_present_and_left_out(demo, db):
    negative = [
        t
        for t in ServiceTicket.objects.all()
        if t.times.waiting is not None and t.times.waiting < 0
    ]
    assert negative, "the demo shows a wrong clock somewhere"

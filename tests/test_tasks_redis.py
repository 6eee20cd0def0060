"""Background tasks: in-process without a broker, and through real Redis and a real worker.

The worker and its rules are in tests/celery_worker.py. A worker can only read
data the test has committed to a database it can open: the recompute round
trip therefore runs on PostgreSQL only (pytest-django's SQLite test database
lives in memory).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from kinerja.cycles.models import Period
from kinerja.measurements.services import measurement_record
from kinerja.plans.models import PerformancePlan, PlanIndicator
from tests.celery_worker import (
    Worker,
    redis_url_or_skip,
    started_worker,
    worker_database_url,
)
from tests.conftest import Cast, build_cast


@pytest.fixture(scope="module")
def redis_url() -> str:
    return redis_url_or_skip()


@pytest.fixture(scope="module")
def worker(
    redis_url: str, django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Worker]:
    """One worker for this module, reading the test database of this session."""
    tmp = tmp_path_factory.mktemp("celery")
    with started_worker(
        redis_url=redis_url, database_url=worker_database_url(tmp), folder=tmp
    ) as running:
        yield running


def test_without_a_broker_tasks_run_in_the_calling_process() -> None:
    if settings.CELERY_BROKER_URL is not None:
        pytest.skip("CELERY_BROKER_URL is set in this environment, so tasks are not eager")
    from kinerja.celery import app
    from kinerja.core.tasks import ping

    assert app.conf.task_always_eager
    answer = ping.delay().get(timeout=5)
    assert answer["pong"] is True
    assert answer["eager"] is True
    assert answer["pid"] == os.getpid()


def _record_some_realisasi(cast: Cast) -> None:
    month = Period.objects.get(year=cast.year, kind="month", number=1)
    user = cast.pegawai.user
    assert user is not None
    measurement_record(user=user, plan_indicator=cast.programmes, period=month, value=Decimal(6))
    measurement_record(
        user=user,
        plan_indicator=cast.coverage,
        period=month,
        numerator=Decimal(90),
        denominator=Decimal(100),
    )


def _standings(cast: Cast) -> dict[str, dict[int, object]]:
    """The stored capaian of the year's IKIs, and capaian and proposed rating of its SKPs."""
    indicators = PlanIndicator.objects.filter(result__plan__year=cast.year)
    plans = PerformancePlan.objects.filter(year=cast.year)
    return {
        "iki": dict(indicators.values_list("pk", "achievement")),
        "skp": dict(plans.values_list("pk", "achievement")),
        "rating": dict(plans.values_list("pk", "proposed_rating")),
    }


def _forget_standings(cast: Cast) -> None:
    """Blank the stored standings, as if the scoring policy had changed under them."""
    PlanIndicator.objects.filter(result__plan__year=cast.year).update(
        achieved_value=None, achievement=None, explanation={}
    )
    PerformancePlan.objects.filter(year=cast.year).update(
        achievement=None, proposed_rating="", explanation={}
    )


def test_without_a_broker_recompute_year_runs_in_process(cast: Cast) -> None:
    if settings.CELERY_BROKER_URL is not None:
        pytest.skip("CELERY_BROKER_URL is set in this environment, so tasks are not eager")
    from kinerja.measurements.tasks import recompute_year

    _record_some_realisasi(cast)
    expected = _standings(cast)
    _forget_standings(cast)

    assert recompute_year.delay(cast.year.pk).get(timeout=5) == 3
    assert _standings(cast) == expected


@pytest.mark.redis
def test_task_round_trips_through_redis_and_a_worker(worker: Worker) -> None:
    answer = worker.run("core.ping")

    assert isinstance(answer, dict)
    assert answer["pong"] is True
    assert answer["eager"] is False
    # The solo pool runs tasks in the worker's main process: the subprocess we started.
    assert answer["pid"] == worker.process.pid
    assert answer["hostname"] == worker.hostname


@pytest.mark.redis
def test_worker_recomputes_a_year_in_the_test_database(
    transactional_db: None, request: pytest.FixtureRequest
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "the worker process cannot open pytest-django's in-memory SQLite test database; "
            "this round trip runs with DATABASE_URL=postgres://…"
        )
    # Asked for only now, so the skip above does not pay for starting a worker.
    worker: Worker = request.getfixturevalue("worker")
    cast = build_cast()
    _record_some_realisasi(cast)
    expected = _standings(cast)
    assert expected["skp"][cast.pegawai_plan.pk] is not None
    _forget_standings(cast)
    started = dt.datetime.now(tz=dt.UTC)

    recomputed = worker.run("measurements.recompute_year", cast.year.pk)

    assert recomputed == PerformancePlan.objects.filter(year=cast.year).count() == 3
    assert _standings(cast) == expected
    plan = PerformancePlan.objects.get(pk=cast.pegawai_plan.pk)
    assert plan.computed_at is not None
    assert plan.computed_at >= started

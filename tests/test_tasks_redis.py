"""Background tasks: in-process without a broker, and through real Redis and a real worker.

The Redis tests start `celery -A kinerja.celery worker` as a subprocess that
listens on a queue no other worker knows, send it tasks through a Celery
client of their own (the project's app is left as configured), and wait for
the results. When Redis does not answer they are skipped with the reason, or
fail when KINERJA_CI is set (CI starts Redis, so a skip there would hide a
broken set-up).

A worker is another process, so it can only read data the test has committed
to a database it can open: the recompute round trip therefore runs on
PostgreSQL only (pytest-django's SQLite test database lives in memory).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from kinerja.cycles.models import Period
from kinerja.measurements.services import measurement_record
from kinerja.plans.models import PerformancePlan, PlanIndicator
from tests.conftest import Cast, build_cast

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
WORKER_START_SECONDS = 60
TASK_SECONDS = 30
REPO_ROOT = Path(__file__).resolve().parent.parent


def _unavailable(reason: str) -> None:
    """Skip with `reason`, or fail when running in CI where the service must be there."""
    if os.environ.get("KINERJA_CI"):
        pytest.fail(f"{reason} (KINERJA_CI is set, so this is a failure, not a skip)")
    pytest.skip(reason)


def _redis_problem(url: str) -> str | None:
    """Why Redis at `url` cannot be used, or None when it answers PING."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        return f"no Redis answers at {url}: {error}"
    finally:
        client.close()
    return None


def _worker_database_url(tmp: Path) -> str:
    """A DATABASE_URL that points the worker at the database this test session uses.

    On PostgreSQL that is the test database pytest-django created (its name
    carries the xdist suffix when there is one). On SQLite the worker gets a
    throwaway file so it never opens the developer's data/kinerja.sqlite3.
    """
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp / 'worker.sqlite3'}"
    user = quote(str(db["USER"] or ""), safe="")
    password = quote(str(db["PASSWORD"] or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{db['PORT']}" if db["PORT"] else ""
    options = f"?{urlencode(db['OPTIONS'])}" if db.get("OPTIONS") else ""
    return f"postgres://{credentials}{db['HOST']}{port}/{quote(str(db['NAME']))}{options}"


@dataclass
class Worker:
    """A running worker subprocess and a client that can reach it."""

    process: subprocess.Popen[bytes]
    client: Celery
    queue: str
    hostname: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def run(self, task_name: str, *args: object) -> object:
        """Send `task_name` to this worker's queue and wait for its result."""
        result = self.client.send_task(task_name, args=args, queue=self.queue)
        try:
            return result.get(timeout=TASK_SECONDS, propagate=True)
        except Exception as error:
            pytest.fail(f"{task_name} did not come back: {error!r}\nworker log:\n{self.output()}")
        finally:
            result.forget()


def _wait_until_ready(worker: Worker) -> None:
    """Block until the worker answers a control ping, so no task is sent into the void."""
    deadline = time.monotonic() + WORKER_START_SECONDS
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            pytest.fail(f"celery worker exited with {worker.process.returncode}\n{worker.output()}")
        if worker.client.control.ping(destination=[worker.hostname], timeout=0.5):
            return
    pytest.fail(f"celery worker not ready after {WORKER_START_SECONDS}s\n{worker.output()}")


def _forget_queue(url: str, token: str) -> None:
    """Delete the queue list and binding sets kombu left in Redis for our one-off queue.

    Best effort: a leftover empty key harms nobody, so a failure here never fails a test.
    """
    import redis

    with contextlib.suppress(redis.RedisError), redis.Redis.from_url(url) as client:
        for key in list(client.scan_iter(match=f"*kinerja-test-{token}*")):
            client.delete(key)


@pytest.fixture(scope="module")
def redis_url() -> str:
    problem = _redis_problem(REDIS_URL)
    if problem:
        _unavailable(problem)
    return REDIS_URL


@pytest.fixture(scope="module")
def worker(
    redis_url: str, django_db_setup: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Worker]:
    """One worker for this module, on a queue and node name unique to this run.

    The unique queue keeps stray workers (another checkout, another engineer's
    run on the same Redis) from stealing our tasks, and ours from stealing theirs.
    """
    tmp = tmp_path_factory.mktemp("celery")
    token = uuid.uuid4().hex[:12]
    queue = f"kinerja-test-{token}"
    hostname = f"kinerja-test-{token}@{os.uname().nodename}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kinerja.settings",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "DATABASE_URL": _worker_database_url(tmp),
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp / "worker.log"
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "kinerja.celery",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=INFO",
        "-Q",
        queue,
        "-n",
        hostname,
        # Gossip, mingle and heartbeats talk to other workers: slower start, no use here.
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    # A client of our own: the project's app stays eager and untouched for the other tests.
    client = Celery(
        "kinerja-test-client", broker=redis_url, backend=redis_url, set_as_current=False
    )
    client.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json")
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    running = Worker(process=process, client=client, queue=queue, hostname=hostname, log=log)
    try:
        _wait_until_ready(running)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        client.close()
        _forget_queue(redis_url, token)


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

"""A real Celery worker on Redis for the tests that need one.

The worker runs `celery -A kinerja.celery worker` as a subprocess listening on
a queue no other worker knows; the tests send it tasks through a Celery client
of their own (the project's app is left as configured) and wait for the
results. When Redis does not answer the tests are skipped with the reason, or
fail when KINERJA_CI is set (CI starts Redis, so a skip there would hide a
broken set-up).

A worker is another process, so it can only read data committed to a database
it can open: pytest-django's SQLite test database lives in memory, so such
tests run on PostgreSQL or prepare a database file of their own.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from celery import Celery
from django.db import connection

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
WORKER_START_SECONDS = 60
TASK_SECONDS = 30
REPO_ROOT = Path(__file__).resolve().parent.parent


def unavailable(reason: str) -> None:
    """Skip with `reason`, or fail when running in CI where the service must be there."""
    if os.environ.get("KINERJA_CI"):
        pytest.fail(f"{reason} (KINERJA_CI is set, so this is a failure, not a skip)")
    pytest.skip(reason)


def redis_problem(url: str) -> str | None:
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


def worker_database_url(tmp: Path) -> str:
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


def wait_until_ready(worker: Worker) -> None:
    """Block until the worker answers a control ping, so no task is sent into the void."""
    deadline = time.monotonic() + WORKER_START_SECONDS
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            pytest.fail(f"celery worker exited with {worker.process.returncode}\n{worker.output()}")
        if worker.client.control.ping(destination=[worker.hostname], timeout=0.5):
            return
    pytest.fail(f"celery worker not ready after {WORKER_START_SECONDS}s\n{worker.output()}")


def forget_queue(url: str, token: str) -> None:
    """Delete the queue list and binding sets kombu left in Redis for our one-off queue.

    Best effort: a leftover empty key harms nobody, so a failure here never fails a test.
    """
    import redis

    with contextlib.suppress(redis.RedisError), redis.Redis.from_url(url) as client:
        for key in list(client.scan_iter(match=f"*kinerja-test-{token}*")):
            client.delete(key)


def redis_url_or_skip() -> str:
    """The Redis URL of the tests, after checking that Redis answers (see `unavailable`)."""
    problem = redis_problem(REDIS_URL)
    if problem:
        unavailable(problem)
    return REDIS_URL


@contextlib.contextmanager
def started_worker(
    *, redis_url: str, database_url: str, folder: Path, env: Mapping[str, str] | None = None
) -> Iterator[Worker]:
    """A worker on a queue and node name unique to this run, stopped and cleaned up after.

    The unique queue keeps stray workers (another checkout, another engineer's
    run on the same Redis) from stealing our tasks, and ours from stealing theirs.
    """
    token = uuid.uuid4().hex[:12]
    queue = f"kinerja-test-{token}"
    hostname = f"kinerja-test-{token}@{os.uname().nodename}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kinerja.settings",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    log = folder / "worker.log"
    command = [
        sys.executable, "-m", "celery", "-A", "kinerja.celery", "worker",
        "--pool=solo", "--concurrency=1", "--loglevel=INFO", "-Q", queue, "-n", hostname,
        # Gossip, mingle and heartbeats talk to other workers: slower start, no use here.
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    # A client of our own: the project's app stays eager and untouched for the other tests.
    client = Celery(
        "kinerja-test-client", broker=redis_url, backend=redis_url, set_as_current=False
    )
    client.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json")
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=environment, stdout=sink, stderr=subprocess.STDOUT
        )
    running = Worker(process=process, client=client, queue=queue, hostname=hostname, log=log)
    try:
        wait_until_ready(running)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        client.close()
        forget_queue(redis_url, token)

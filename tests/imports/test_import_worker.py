"""The background import through the real Redis and a real Celery worker.

The worker is another process: it reads the batch from the test database and
the uploaded file from MEDIA_ROOT, so both are shared with it (the database
must be PostgreSQL, see tests/test_tasks_redis.py, whose helpers this reuses).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from celery import Celery
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from kinerja.imports.services import import_batch_create
from kinerja.measurements.models import ImportBatch
from tests.conftest import build_cast
from tests.imports.support import csv_bytes, current, ratio_row, row
from tests.test_tasks_redis import (
    REPO_ROOT,
    Worker,
    _forget_queue,
    _unavailable,
    _wait_until_ready,
    _worker_database_url,
)

pytestmark = pytest.mark.redis


@pytest.fixture
def import_worker(
    redis_url: str, tmp_path_factory: pytest.TempPathFactory, settings
) -> Iterator[Worker]:
    """A worker on a queue of its own that shares this test's database and MEDIA_ROOT."""
    tmp = tmp_path_factory.mktemp("import-worker")
    media = tmp / "media"
    settings.MEDIA_ROOT = media
    token = uuid.uuid4().hex[:12]
    queue = f"kinerja-test-{token}"
    hostname = f"kinerja-test-{token}@{os.uname().nodename}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kinerja.settings",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "DATABASE_URL": _worker_database_url(tmp),
        "MEDIA_ROOT": str(media),
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp / "worker.log"
    command = [
        sys.executable, "-m", "celery", "-A", "kinerja.celery", "worker", "--pool=solo",
        "--concurrency=1", "--loglevel=INFO", "-Q", queue, "-n", hostname,
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    client = Celery(
        "kinerja-import-test", broker=redis_url, backend=redis_url, set_as_current=False
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


@pytest.fixture
def redis_url() -> str:
    from tests.test_tasks_redis import REDIS_URL, _redis_problem

    problem = _redis_problem(REDIS_URL)
    if problem:
        _unavailable(problem)
    return REDIS_URL


def test_a_worker_checks_and_writes_an_uploaded_file(
    transactional_db: None, request: pytest.FixtureRequest
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "the worker process cannot open pytest-django's in-memory SQLite test database; "
            "this round trip runs with DATABASE_URL=postgres://…"
        )
    worker: Worker = request.getfixturevalue("import_worker")
    cast = build_cast()
    content = csv_bytes([row(cast, realisasi="6"), ratio_row(cast), row(cast, bulan=2)])
    batch = import_batch_create(
        user=cast.hr_admin,
        instansi=cast.instansi,
        upload=SimpleUploadedFile("realisasi.csv", content),
        mode=ImportBatch.Mode.ALL_OR_NOTHING,
    ).batch
    assert batch is not None
    assert Path(batch.file.path).exists()

    status = worker.run("imports.run_batch", batch.pk)

    assert status == "done", worker.output()
    batch.refresh_from_db()
    assert (batch.rows_total, batch.rows_written) == (3, 3)
    assert current(cast.programmes).value == Decimal(6)
    assert current(cast.coverage).value == Decimal(90)
    assert batch.job is not None
    batch.job.refresh_from_db()
    # Both passes reported: the check pass counted the rows, the write pass doubled the total.
    assert (batch.job.status, batch.job.done, batch.job.total) == ("done", 6, 6)
    cast.programmes.refresh_from_db()
    assert cast.programmes.achieved_value == Decimal(9)  # 6 in January + 3 in February

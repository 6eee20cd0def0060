"""The background import through the real Redis and a real Celery worker.

The worker is another process: it reads the batch from the test database and
the uploaded file from MEDIA_ROOT, so both are shared with it (the database
must be PostgreSQL, see tests/celery_worker.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from kinerja.imports.services import import_batch_create
from kinerja.measurements.models import ImportBatch
from tests.celery_worker import Worker, redis_url_or_skip, started_worker, worker_database_url
from tests.conftest import build_cast
from tests.imports.support import csv_bytes, current, ratio_row, row

pytestmark = pytest.mark.redis


@pytest.fixture
def import_worker(tmp_path_factory: pytest.TempPathFactory, settings) -> Iterator[Worker]:
    """A worker that shares this test's database and MEDIA_ROOT (the uploaded file)."""
    redis_url = redis_url_or_skip()
    tmp = tmp_path_factory.mktemp("import-worker")
    media = tmp / "media"
    settings.MEDIA_ROOT = media
    with started_worker(
        redis_url=redis_url,
        database_url=worker_database_url(tmp),
        folder=tmp,
        env={"MEDIA_ROOT": str(media)},
    ) as running:
        yield running


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

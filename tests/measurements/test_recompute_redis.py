"""The recompute job through the real Redis and a real worker, with its progress.

The worker is another process, so it cannot see pytest-django's in-memory test
database. This test therefore prepares a database file of its own in a
subprocess (migrate, the shared cast, realisasi, standings blanked as after a
policy change, a queued job), points a worker at it, sends the task through
Redis, and reads the outcome back from that file. Skipped without Redis, or a
failure when KINERJA_CI is set (see tests/celery_worker.py).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.celery_worker import (
    REDIS_URL,
    REPO_ROOT,
    Worker,
    redis_problem,
    started_worker,
    unavailable,
)

pytestmark = pytest.mark.redis

PREPARE = """
import json
from decimal import Decimal

import django

django.setup()
from django.core.management import call_command

call_command("migrate", verbosity=0)
from kinerja.core.jobs import job_create
from kinerja.cycles.models import Period
from kinerja.measurements.recompute import recompute_kind
from kinerja.measurements.services import measurement_record
from kinerja.plans.models import PerformancePlan, PlanIndicator
from tests.conftest import build_cast

cast = build_cast()
month = Period.objects.get(year=cast.year, kind="month", number=1)
measurement_record(
    user=cast.pegawai.user, plan_indicator=cast.programmes, period=month, value=Decimal(6)
)
expected = str(PerformancePlan.objects.get(pk=cast.pegawai_plan.pk).achievement)
PlanIndicator.objects.update(achieved_value=None, achievement=None, explanation={})
PerformancePlan.objects.update(achievement=None, proposed_rating="", explanation={})
job = job_create(kind=recompute_kind(cast.year.pk), label="uji", started_by=cast.hr_admin)
print(json.dumps({"year": cast.year.pk, "job": job.pk, "plan": cast.pegawai_plan.pk,
                  "expected": expected}))
"""


@pytest.fixture
def prepared(tmp_path: Path) -> tuple[str, dict[str, object]]:
    problem = redis_problem(REDIS_URL)
    if problem:
        unavailable(problem)
    database = tmp_path / "recompute.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kinerja.settings",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    env.pop("CELERY_BROKER_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", PREPARE],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return str(database), json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def worker_on(prepared: tuple[str, dict[str, object]], tmp_path: Path) -> Iterator[Worker]:
    database, _ = prepared
    with started_worker(
        redis_url=REDIS_URL, database_url=f"sqlite:///{database}", folder=tmp_path
    ) as running:
        yield running


def test_worker_runs_the_recompute_job_and_reports_progress(
    prepared: tuple[str, dict[str, object]], worker_on: Worker
) -> None:
    database, ids = prepared

    recomputed = worker_on.run("measurements.recompute_year", ids["year"], ids["job"])

    assert recomputed == 3
    with sqlite3.connect(database) as db:
        status, done, total, message, started, finished = db.execute(
            "SELECT status, done, total, message, started_at, finished_at "
            "FROM core_backgroundjob WHERE id = ?",
            (ids["job"],),
        ).fetchone()
        (achievement,) = db.execute(
            "SELECT achievement FROM plans_performanceplan WHERE id = ?", (ids["plan"],)
        ).fetchone()
    assert (status, done, total) == ("done", 3, 3)
    assert message == "3 SKP dihitung ulang."
    assert started is not None and finished is not None
    assert achievement is not None
    assert f"{float(achievement):.4f}" == f"{float(str(ids['expected'])):.4f}"

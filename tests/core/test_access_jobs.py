"""Who may poll a background job's progress (job_status), role by role.

A job is the business of whoever started it: everyone else finds nothing
(404), whatever their role, so job numbers reveal nothing. Cells are read as
tests/matrix.py says.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.core.jobs import job_create
from tests.matrix import parse, wrong_get_answers

GET_TABLE = """
key        anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
job@hr     login     404     404     404    404      404       200      404
job@none   login     404     404     404    404      404       404      404
"""

COVERED = {"job_status"}

GET = parse(GET_TABLE)


@pytest.fixture
def world(cast):
    jobs = {
        "hr": job_create(kind="test", label="Impor", started_by=cast.hr_admin),
        "none": job_create(kind="test", label="Tanpa pemilik", started_by=None),
    }

    class World:
        def __init__(self) -> None:
            self.cast = cast

        def url(self, key: str) -> str:
            return reverse("job_status", args=[jobs[key.partition("@")[2]].pk])

    return World()


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)

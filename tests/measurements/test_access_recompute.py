"""Who may open the full-recompute page and start a recompute, role by role.

Only an HR admin of the year's instansi: everyone else is refused (403) and
starts nothing, whether they GET the page or POST a year to it. An HR admin
who posts a year of another instansi is told so on the form (200) and nothing
is queued. Cells are read as tests/matrix.py says.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.core.models import BackgroundJob
from kinerja.cycles.models import AppraisalYear
from tests.conftest import ROLES, Cast
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers

GET_TABLE = """
key                  anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
page                 login     403     403     403    403      403       200      403
"""

POST_TABLE = """
key                  anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
start@own            login     403     403     403    403      403       →page    403
start@foreign        login     403     403     403    403      403       200      403
start@missing        login     403     403     403    403      403       200      403
"""

COVERED = {"measurements:recompute"}

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


def url_for(cast: Cast, key: str) -> str:
    return reverse("measurements:recompute")


def year_for(cast: Cast, key: str) -> int:
    target = key.partition("@")[2]
    if target == "own":
        return cast.year.pk
    if target == "foreign":
        return AppraisalYear.objects.get(instansi=cast.other_instansi).pk
    return 999_999


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(cast, key):
    url = url_for(cast, key)
    wrong = wrong_get_answers(cast, url, GET[key], lambda k: url_for(cast, k))
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_answers_as_the_matrix_says_and_only_hr_starts_a_job(
    cast, key, role, django_capture_on_commit_callbacks
):
    url = url_for(cast, key)
    before = BackgroundJob.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(cast, role).post(url, {"year": year_for(cast, key)})

    assert outcome_matches(response, POST[key][role], url, lambda k: url_for(cast, k)), (
        f"POST {url} as {role}: expected {POST[key][role]}, got {describe(response)}"
    )
    started = BackgroundJob.objects.count() - before
    assert started == (1 if (role, key) == ("hr_admin", "start@own") else 0)

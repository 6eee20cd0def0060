"""Who gets what from the appraisal years and their scoring-policy pages, role by role.

- HR admins of the instansi change its years' policy; its auditors read it (writes 403);
  every other user is refused (403). A year of another instansi is hidden (404) even from
  HR admins and auditors; so is a year id that is not a number the database could hold.
Cells are read as tests/matrix.py says; ``→own`` is the policy page of the instansi's year.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.cycles.models import AppraisalYear, PolicyChange
from tests.conftest import ROLES, Cast
from tests.cycles.test_policy import form_data
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers

GET_TABLE = """
key              anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
years            login     403     403     403    403      403       200      200
policy@own       login     403     403     403    403      403       200      200
policy@foreign   login     403     403     403    403      403       404      404
policy@absent    login     403     403     403    403      403       404      404
"""

POST_TABLE = """
key              anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
policy@own       login     403     403     403    403      403       →own     403
policy@foreign   login     403     403     403    403      403       404      404
"""

URL_NAMES = {"years": "cycles:years", "policy": "cycles:policy"}
GET = parse(GET_TABLE)
POST = parse(POST_TABLE)
COVERED = {URL_NAMES[key.split("@")[0]] for key in [*GET, *POST]}


class World:
    """The cast and a year of each instansi. A plain class: see matrix.py."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.own = cast.year
        self.foreign = AppraisalYear.objects.get(instansi=cast.other_instansi)

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        if name == "own":
            return reverse("cycles:policy", args=[self.own.pk])
        if not target:
            return reverse(URL_NAMES[name])
        pk = {"own": self.own.pk, "foreign": self.foreign.pk, "absent": 10**6}[target]
        return reverse(URL_NAMES[name], args=[pk])


@pytest.fixture
def world(cast: Cast) -> World:
    return World(cast)


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_table_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _state() -> list[object]:
    years = list(AppraisalYear.objects.order_by("pk").values_list("pk", "policy"))
    return [years, PolicyChange.objects.count()]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_answers_and_acts_only_for_the_allowed_role(world, key, role):
    url = world.url(key)
    expected = POST[key][role]
    before = _state()

    response = client_as(world.cast, role).post(url, form_data(rating_above_min="115"))

    assert outcome_matches(response, expected, url, world.url), (
        f"POST {key} as {role}: expected {expected}, got {describe(response)}"
    )
    if role == "hr_admin" and key == "policy@own":
        world.own.refresh_from_db()
        assert world.own.scoring_policy().rating_above_min == 115
        assert PolicyChange.objects.filter(year=world.own).count() == 1
    else:
        assert _state() == before, f"POST {key} as {role} changed data"


def test_a_year_id_beyond_the_database_is_hidden_not_an_error(world):
    client = client_as(world.cast, "hr_admin")
    assert client.get(f"/tahun/{'9' * 30}/kebijakan/").status_code == 404


def test_the_rows_reach_every_covered_url(world):
    reached = {URL_NAMES[key.split("@")[0]] for key in [*GET, *POST]}
    assert reached == COVERED

"""Who gets what from the Matriks Peran Hasil, its export, the late list and the reminders.

- HR admins and auditors open the matrix of any unit of their instansi; a leader
  (the penilai of someone) the units of the posts they hold and below; anyone
  else is refused (403). A unit out of reach is hidden (404).
- The late list is for HR and auditors of the instansi; only HR sends reminders.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.http import urlencode

from kinerja.cycles.models import AppraisalYear
from kinerja.organisation.models import Unit
from kinerja.plans.models import PlanReminder
from tests.conftest import ROLES, Cast
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers

GET_TABLE = """
key             anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
cascade         login     403     200     200    403      403       200      200
cascade@sd      login     403     200     200    403      403       200      200
cascade@smp     login     403     404     200    403      403       200      200
cascade@dinas   login     403     404     200    403      403       200      200
cascade@foreign login     403     404     404    403      403       404      404
cascade@nothing login     403     404     404    403      403       404      404
xlsx            login     403     200     200    403      403       200      200
xlsx@sd         login     403     200     200    403      403       200      200
xlsx@smp        login     403     404     200    403      403       200      200
xlsx@foreign    login     403     404     404    403      403       404      404
late            login     403     403     403    403      403       200      200
late@year       login     403     403     403    403      403       200      200
late@foreign    login     403     403     403    403      403       404      404
remind          login     405     405     405    405      405       405      405
"""

POST_TABLE = """
key             anonymous pegawai penilai atasan outsider foreigner hr_admin   auditor
remind@year     login     403     403     403    403      403       →late@year 403
remind@foreign  login     403     403     403    403      403       404        404
"""

COVERED = {"plans:cascade", "plans:cascade_xlsx", "plans:late", "plans:remind"}

URL_NAMES = {
    "cascade": "plans:cascade",
    "xlsx": "plans:cascade_xlsx",
    "late": "plans:late",
    "remind": "plans:remind",
}

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


class World:
    """The cast, and the other instansi's year. A plain class: tests/matrix.py imports this
    module without registering it, which dataclasses cannot cope with."""

    def __init__(self, cast: Cast, other_year: AppraisalYear) -> None:
        self.cast = cast
        self.other_year = other_year

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        base = reverse(URL_NAMES[name])
        cast = self.cast
        if name in ("cascade", "xlsx") and target:
            units = {
                "sd": Unit.objects.get(instansi=cast.instansi, code="sd").pk,
                "smp": Unit.objects.get(instansi=cast.instansi, code="smp").pk,
                "dinas": Unit.objects.get(instansi=cast.instansi, code="disdik").pk,
                "foreign": Unit.objects.get(instansi=cast.other_instansi, code="dinkes").pk,
                "nothing": 987654,
            }
            return f"{base}?{urlencode({'unit': units[target]})}"
        if target == "year":
            return f"{base}?{urlencode({'tahun': cast.year.pk})}"
        if target == "foreign":
            return f"{base}?{urlencode({'tahun': self.other_year.pk})}"
        return base


@pytest.fixture
def world(cast) -> World:
    assert cast.pegawai_plan.status == "draft"  # the cast's SKPs are drafts: the pegawai is late
    cast.pegawai.user.email = "pegawai@jambiprov.go.id"
    cast.pegawai.user.save()
    return World(cast, AppraisalYear.objects.get(instansi=cast.other_instansi))


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _state() -> dict[str, object]:
    return {
        "reminders": list(PlanReminder.objects.values_list("employee_id", "sent_by_id")),
        "mail": len(mail.outbox),
    }


def _post_url(world: World, key: str) -> str:
    return reverse("plans:remind")


def _post_data(world: World, key: str) -> dict[str, object]:
    year = world.cast.year if key == "remind@year" else world.other_year
    return {"tahun": year.pk, "scope": "selected", "employee": [world.cast.pegawai.pk]}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_answers_and_acts_only_for_the_allowed_role(
    world, key, role, django_capture_on_commit_callbacks
):
    url = _post_url(world, key)
    expected = POST[key][role]
    before = _state()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(world.cast, role).post(url, _post_data(world, key))

    assert outcome_matches(response, expected, url, world.url), (
        f"POST {key} as {role}: expected {expected}, got {describe(response)}"
    )
    after = _state()
    if key == "remind@year" and role == "hr_admin":
        assert after["reminders"] == [(world.cast.pegawai.pk, world.cast.hr_admin.pk)]
        assert after["mail"] == 1
    else:
        assert after == before, f"POST {key} as {role} changed data"


def test_the_rows_reach_every_covered_url(world):
    reached = {URL_NAMES[key.split("@")[0]] for key in [*GET, *POST]}
    assert reached == COVERED

"""Who gets what from the source-system pages and the API's URLs, role by role.

- HR admins of the instansi manage its sources and tokens; its auditors read
  them (writes 403); every other user is refused (403). A source or token of
  another instansi is hidden (404) even from HR admins and auditors.
- The API answers to a token, never to a session: every role, logged in or not,
  gets 401 from its endpoints (token outcomes are in test_api_auth.py). Its
  OpenAPI document and interactive docs are public, so vendors can read them.
Cells are read as tests/matrix.py says; ``→created`` is the source a POST has
just created, ``→own`` the page of the instansi's source.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.api.models import ApiToken
from kinerja.api.services import source_create
from kinerja.measurements.models import DataSource
from tests.api.conftest import issue
from tests.conftest import ROLES, Cast
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers

GET_TABLE = """
key                   anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
sources               login     403     403     403    403      403       200      200
create                login     403     403     403    403      403       200      403
detail@own            login     403     403     403    403      403       200      200
detail@foreign        login     403     403     403    403      403       404      404
edit@own              login     403     403     403    403      403       200      403
edit@foreign          login     403     403     403    403      403       404      404
token_create@own      login     403     403     403    403      403       200      403
token_create@foreign  login     403     403     403    403      403       404      404
token_revoke@own      login     403     403     403    403      403       200      403
token_revoke@foreign  login     403     403     403    403      403       404      404
openapi               200       200     200     200    200      200       200      200
docs                  200       200     200     200    200      200       200      200
root                  404       404     404     404    404      404       404      404
indicators            401       401     401     401    401      401       401      401
measurements          401       401     401     401    401      401       401      401
targets               401       401     401     401    401      401       401      401
scores                401       401     401     401    401      401       401      401
"""

POST_TABLE = """
key                   anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
create                login     403     403     403    403      403       →created 403
edit@own              login     403     403     403    403      403       →own     403
edit@foreign          login     403     403     403    403      403       404      404
token_create@own      login     403     403     403    403      403       200      403
token_create@foreign  login     403     403     403    403      403       404      404
token_revoke@own      login     403     403     403    403      403       →own     403
token_revoke@foreign  login     403     403     403    403      403       404      404
push                  401       401     401     401    401      401       401      401
push_batch            401       401     401     401    401      401       401      401
queue_events          401       401     401     401    401      401       401      401
"""

URL_NAMES = {
    "sources": "api:sources",
    "create": "api:source_create",
    "detail": "api:source_detail",
    "edit": "api:source_edit",
    "token_create": "api:token_create",
    "token_revoke": "api:token_revoke",
    "openapi": "api:v1:openapi-json",
    "docs": "api:v1:openapi-view",
    "root": "api:v1:api-root",
    "indicators": "api:v1:indicators",
    "measurements": "api:v1:measurements",
    "targets": "api:v1:targets",
    "scores": "api:v1:scores",
    "push": "api:v1:push",
    "push_batch": "api:v1:push_batch",
    "queue_events": "api:v1:queue_events",
}
GET = parse(GET_TABLE)
POST = parse(POST_TABLE)
COVERED = {URL_NAMES[key.split("@")[0]] for key in [*GET, *POST]}


class World:
    """The cast, a source of each instansi and a token of each. A plain class: see matrix.py."""

    def __init__(self, cast: Cast, own: DataSource, foreign: DataSource) -> None:
        self.cast = cast
        self.own = own
        self.foreign = foreign
        self.own_token = issue(cast, own, "program-pendidikan").token
        self.foreign_token = ApiToken.objects.create(
            data_source=foreign, name="asing", prefix="knj_asing", key_hash="0" * 64
        )

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        if name == "own":
            return reverse("api:source_detail", args=[self.own.pk])
        if name == "created":
            return reverse("api:source_detail", args=[DataSource.objects.latest("pk").pk])
        if name == "token_revoke":
            token = self.own_token if target == "own" else self.foreign_token
            return reverse(URL_NAMES[name], args=[token.pk])
        if target:
            source = self.own if target == "own" else self.foreign
            return reverse(URL_NAMES[name], args=[source.pk])
        return reverse(URL_NAMES[name])


@pytest.fixture
def world(cast: Cast) -> World:
    own = source_create(actor=cast.hr_admin, instansi=cast.instansi, name="Dapodik", kind="api")
    foreign = source_create(
        actor=cast.hr_admin, instansi=cast.other_instansi, name="SIMPUS", kind="api"
    )
    return World(cast, own, foreign)


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_table_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _state() -> dict[str, object]:
    return {
        "sources": list(
            DataSource.objects.order_by("pk").values_list("pk", "name", "trusted", "active")
        ),
        "tokens": list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")),
    }


def _post_data(world: World, key: str) -> dict[str, object]:
    name = key.partition("@")[0]
    if name in {"create", "edit"}:
        return {
            "instansi": world.cast.instansi.pk,
            "name": "Register imunisasi",
            "kind": "api",
            "description": "",
            "trusted": "on",
            "active": "on",
        }
    if name == "token_create":
        source = world.own if key.endswith("@own") else world.foreign
        indicator = source.instansi.indicators.first()
        return {"name": "server", "indicators": [indicator.pk] if indicator else []}
    return {}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_answers_and_acts_only_for_the_allowed_role(world, key, role):
    url = world.url(key)
    expected = POST[key][role]
    before = _state()
    client = client_as(world.cast, role)

    if key.startswith("push"):
        response = client.post(url, "{}", content_type="application/json")
    else:
        response = client.post(url, _post_data(world, key))

    assert outcome_matches(response, expected, url, world.url), (
        f"POST {key} as {role}: expected {expected}, got {describe(response)}"
    )
    after = _state()
    acted = (
        role == "hr_admin" and key.endswith(("@own", "create")) and key != "token_create@foreign"
    )
    if not acted:
        assert after == before, f"POST {key} as {role} changed data"
    elif key == "create":
        assert after["sources"][-1][1:] == ("Register imunisasi", True, True)
    elif key == "edit@own":
        assert (world.own.pk, "Register imunisasi", True, True) in after["sources"]
    elif key == "token_create@own":
        assert len(after["tokens"]) == len(before["tokens"]) + 1
    elif key == "token_revoke@own":
        assert dict(after["tokens"])[world.own_token.pk] is not None


def test_the_rows_reach_every_covered_url(world):
    reached = {URL_NAMES[key.split("@")[0]] for key in [*GET, *POST]}
    assert reached == COVERED

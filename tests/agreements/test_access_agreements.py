"""Who gets what from every Perjanjian Kinerja URL, role by role.

The rules the tables encode:
- everyone reads the PKs of the units on their own unit chain (the pegawai and
  the outsider read the dinas's PK; only the pegawai's chain holds Bidang SD);
  a leader also reads the units below; HR admins and auditors read their
  instansi; nothing crosses instansi (the foreigner gets 404);
- HR edits every PK of its instansi, the holder of the owning position edits
  their own (the atasan the dinas's, the penilai the bidang's); everybody else
  who can read it gets 403; the auditor never writes;
- creating a PK is open to HR and to unit heads (penilai, atasan), and a unit
  head may only pick the unit they head.

Cells as in tests/matrix.py; `→pk` is a redirect to the dinas's PK page, `→created`
to the page of the PK the POST created.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.agreements.models import PerformanceAgreement
from tests.agreements.agreements_support import (
    GOOD_ROWS,
    Agreements,
    build_agreements,
    csv_upload,
    snapshot,
)
from tests.conftest import ROLES, Cast
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers

GET_TABLE = """
key                     anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
list                    login     200     200     200    200      200       200      200
create                  login     403     200     200    403      403       200      403
import_template         login     200     200     200    200      200       200      200
detail@dinas            login     200     200     200    200      404       200      200
detail@bidang           login     200     200     200    404      404       200      200
edit@dinas              login     403     403     200    403      404       200      403
edit@bidang             login     403     200     403    404      404       200      403
import@dinas            login     403     403     200    403      404       200      403
import@bidang           login     403     200     403    404      404       200      403
goal_add@dinas          login     403     403     200    403      404       200      403
goal_edit@dinas         login     403     403     200    403      404       200      403
goal_delete@dinas       login     403     403     200    403      404       200      403
indicator_add@dinas     login     403     403     200    403      404       200      403
indicator_edit@dinas    login     403     403     200    403      404       200      403
indicator_delete@dinas  login     403     403     200    403      404       200      403
"""

POST_TABLE = """
key                    anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
create                 login     403     200     200    403      403       →created 403
edit@dinas             login     403     403     →pk    403      404       →pk      403
import@dinas           login     403     403     →pk    403      404       →pk      403
goal_add@dinas         login     403     403     →pk    403      404       →pk      403
goal_edit@dinas        login     403     403     →pk    403      404       →pk      403
goal_delete@dinas      login     403     403     →pk    403      404       →pk      403
indicator_add@dinas    login     403     403     →pk    403      404       →pk      403
indicator_edit@dinas   login     403     403     →pk    403      404       →pk      403
indicator_delete@dinas login     403     403     →pk    403      404       →pk      403
"""

COVERED = {
    "agreements:list",
    "agreements:create",
    "agreements:import_template",
    "agreements:detail",
    "agreements:edit",
    "agreements:import",
    "agreements:goal_add",
    "agreements:goal_edit",
    "agreements:goal_delete",
    "agreements:indicator_add",
    "agreements:indicator_edit",
    "agreements:indicator_delete",
}

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


class World:
    def __init__(self, pk: Agreements) -> None:
        self.pk = pk

    @property
    def cast(self) -> Cast:
        return self.pk.cast

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        pk = self.pk
        if name == "pk":
            return reverse("agreements:detail", args=[pk.dinas.pk])
        if name == "created":
            created = PerformanceAgreement.objects.get(unit=pk.seksi)
            return reverse("agreements:detail", args=[created.pk])
        if not target:
            return reverse(f"agreements:{name}")
        agreement = {"dinas": pk.dinas, "bidang": pk.bidang}[target]
        if name in {"goal_edit", "goal_delete", "indicator_add"}:
            args = [pk.goal.pk]
        elif name.startswith("indicator_"):
            args = [pk.indicator.pk]
        else:
            args = [agreement.pk]
        return reverse(f"agreements:{name}", args=args)


@pytest.fixture
def world(cast: Cast) -> World:
    return World(build_agreements(cast))


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_table_says(world: World, key: str) -> None:
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _post_data(world: World, key: str) -> dict[str, object]:
    pk = world.pk
    name = key.partition("@")[0]
    if name == "create":
        return {"unit": pk.seksi.pk, "position": "", "signed_on": ""}
    if name == "edit":
        return {"position": pk.dinas.position_id, "signed_on": f"{world.cast.year.year}-01-20"}
    if name == "import":
        return {"file": csv_upload(GOOD_ROWS)}
    if name in {"goal_add", "goal_edit"}:
        return {"text": "Meningkatnya mutu dan akses layanan pendidikan"}
    if name in {"indicator_add", "indicator_edit"}:
        return {
            "name": "Indeks Kepuasan Masyarakat",
            "unit_of_measure": "indeks",
            "target_value": "85",
            "perspective": "service_users",
        }
    return {}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_answers_and_acts_only_for_the_allowed_role(world: World, key: str, role: str) -> None:
    url = world.url(key)
    expected = POST[key][role]
    before = snapshot()

    response = client_as(world.cast, role).post(url, _post_data(world, key))

    assert outcome_matches(response, expected, url, world.url), (
        f"POST {url} as {role}: expected {expected}, got {describe(response)}"
    )
    if expected.startswith("→"):
        assert snapshot() != before, f"POST {url} as {role} was accepted but changed nothing"
    else:
        assert snapshot() == before, f"POST {url} as {role} changed data"


def test_a_unit_head_cannot_create_the_pk_of_another_unit(world: World) -> None:
    """The penilai heads Bidang SD only: the seksi below is not theirs to open."""
    response = client_as(world.cast, "penilai").post(
        reverse("agreements:create"), _post_data(world, "create")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]

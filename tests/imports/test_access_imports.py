"""Who gets what from the import pages, role by role.

Only the HR admin of instansi A imports, for instansi A: every other role is
refused the pages (403) and does not see a batch (404); a batch of instansi B
is hidden even from A's HR admin. Cells are read as tests/matrix.py says;
``→created`` is the batch a POST has just created, ``→batch`` the batch's page.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.accounts.models import Role, User
from kinerja.imports.services import import_batch_create
from kinerja.measurements.models import ImportBatch, Measurement
from kinerja.organisation.services import role_grant
from tests.conftest import ROLES, Cast
from tests.imports.support import csv_bytes, row, run
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers

GET_TABLE = """
key            anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
list           login     403     403     403    403      403       200      403
upload         login     403     403     403    403      403       200      403
template       login     403     403     403    403      403       200      403
detail@batch   login     404     404     404    404      404       200      404
detail@foreign login     404     404     404    404      404       404      404
"""

POST_TABLE = """
key            anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
upload         login     403     403     403    403      403       →created 403
revert@batch   login     404     404     404    404      404       →batch   404
revert@foreign login     404     404     404    404      404       404      404
"""

URL_NAMES = {
    "list": "imports:list",
    "upload": "imports:upload",
    "template": "imports:template",
    "detail": "imports:detail",
    "revert": "imports:revert",
}

COVERED = {URL_NAMES[key.split("@")[0]] for key in [*parse(GET_TABLE), *parse(POST_TABLE)]}

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


class World:
    """The cast, a finished batch of instansi A and one of instansi B (a plain class, see
    tests/plans/test_access_templates.py)."""

    def __init__(self, cast: Cast, batch: ImportBatch, foreign: ImportBatch) -> None:
        self.cast = cast
        self.batch = batch
        self.foreign = foreign

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        if name == "created":
            return reverse("imports:detail", args=[ImportBatch.objects.latest("pk").pk])
        if name == "batch":
            return reverse("imports:detail", args=[self.batch.pk])
        objects = {"": None, "batch": self.batch, "foreign": self.foreign}
        target_object = objects[target]
        args = [] if target_object is None else [target_object.pk]
        return reverse(URL_NAMES[name], args=args)


@pytest.fixture
def world(cast, media_root) -> World:
    batch = run(cast, csv_bytes([row(cast)]))
    assert batch.status == ImportBatch.Status.DONE
    foreign_hr = User.objects.create_user(username="hr_palangka")
    role_grant(user=foreign_hr, instansi=cast.other_instansi, role=Role.HR_ADMIN)
    foreign = import_batch_create(
        user=foreign_hr,
        instansi=cast.other_instansi,
        upload=SimpleUploadedFile("b.csv", b"nip\r\n"),
        mode="all",
    ).batch
    assert foreign is not None
    return World(cast, batch, foreign)


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_table_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _state() -> dict[str, object]:
    return {
        "batches": list(ImportBatch.objects.order_by("pk").values_list("pk", "status")),
        "measurements": list(Measurement.objects.order_by("pk").values_list("pk", "value")),
    }


def _post_data(world: World, key: str) -> dict[str, object]:
    if key == "upload":
        content = csv_bytes([row(world.cast, bulan=5)])
        return {
            "instansi": world.cast.instansi.pk,
            "file": SimpleUploadedFile("baru.csv", content),
            "mode": "all",
        }
    return {}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_answers_and_acts_only_for_the_allowed_role(world, key, role):
    url = world.url(key)
    expected = POST[key][role]
    before = _state()

    response = client_as(world.cast, role).post(url, _post_data(world, key))

    assert outcome_matches(response, expected, url, world.url), (
        f"POST {url} as {role}: expected {expected}, got {describe(response)}"
    )
    after = _state()
    if expected.startswith("→") and key == "upload":
        assert len(after["batches"]) == len(before["batches"]) + 1
    elif expected.startswith("→"):
        assert after["measurements"] == []
    else:
        assert after == before, f"POST {url} as {role} changed data"


def test_the_list_shows_only_the_batches_of_the_admins_instansi(world):
    page = client_as(world.cast, "hr_admin").get(reverse("imports:list")).content.decode()

    assert reverse("imports:detail", args=[world.batch.pk]) in page
    assert reverse("imports:detail", args=[world.foreign.pk]) not in page


def test_an_upload_for_another_instansi_is_refused(world):
    content = csv_bytes([row(world.cast, bulan=6)])

    response = client_as(world.cast, "hr_admin").post(
        reverse("imports:upload"),
        {
            "instansi": world.cast.other_instansi.pk,
            "file": SimpleUploadedFile("x.csv", content),
            "mode": "all",
        },
    )

    assert response.status_code == 200
    assert ImportBatch.objects.count() == 2

"""Who gets what from the calibration and unit predikat pages, role by role.

Calibration of a unit: the penilai of staff in it, the heads of it and of the
units above, HR admins and auditors of the instansi see it; only a penilai
finalises (HR admins and auditors 403). A unit's predikat is set by the leader
one level up: the atasan (head of the dinas) for the bidang, an HR admin for
the dinas at the top; the unit's own head, HR admins and auditors read it.
Whoever may not see finds nothing (404). A refused POST changes nothing.
Cells are read as tests/matrix.py says.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.evaluations.models import Evaluation, UnitPredikat
from tests.conftest import ROLES, Cast
from tests.evaluations.eval_support import bidang, dinas, rated_draft, set_predikat
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers
from tests.support import current_quarter

GET_TABLE = """
key                          anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
calibration_list             login     200     200     200    200      200       200      200
calibration@bidang           login     404     200     200    404      404       200      200
calibration_finalise@bidang  login     405     405     405    405      405       405      405
unit_predikat_list           login     200     200     200    200      200       200      200
unit_predikat@bidang         login     404     200     200    404      404       200      200
unit_predikat@dinas          login     404     404     200    404      404       200      200
"""

POST_TABLE = """
key                          anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
calibration_finalise@bidang  login     404     →cal    →cal   404      404       403      403
unit_predikat@bidang         login     404     403     →pred  404      404       403      403
unit_predikat@dinas          login     404     404     403    404      404       →pdinas  403
"""

COVERED = {
    "evaluations:calibration_list",
    "evaluations:calibration",
    "evaluations:calibration_finalise",
    "evaluations:unit_predikat_list",
    "evaluations:unit_predikat",
}

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


class World:
    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.period = current_quarter(cast.year)
        set_predikat(cast, bidang(cast), self.period, "baik")
        self.draft = rated_draft(cast, self.period)

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        if name in ("cal", "pred", "pdinas"):
            unit = dinas(self.cast) if name == "pdinas" else bidang(self.cast)
            view = "calibration" if name == "cal" else "unit_predikat"
            return reverse(f"evaluations:{view}", args=[unit.pk, self.period.pk])
        if not target:
            return reverse(f"evaluations:{name}")
        unit = bidang(self.cast) if target == "bidang" else dinas(self.cast)
        return reverse(f"evaluations:{name}", args=[unit.pk, self.period.pk])

    def post_data(self, key: str) -> dict[str, object]:
        if key.startswith("calibration_finalise"):
            return {"evaluation": [self.draft.pk], "acknowledge_warning": "on"}
        return {"predikat": "istimewa", "note": "Capaian unit di atas target"}


@pytest.fixture
def world(cast) -> World:
    return World(cast)


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _state() -> dict[str, object]:
    return {
        "evaluations": list(Evaluation.objects.order_by("pk").values_list("pk", "status")),
        "predikats": list(
            UnitPredikat.objects.order_by("pk").values_list("pk", "predikat", "superseded_at")
        ),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_answers_and_acts_only_for_the_allowed_role(world, key, role):
    url = world.url(key)
    expected = POST[key][role]
    before = _state()

    response = client_as(world.cast, role).post(url, world.post_data(key))

    assert outcome_matches(response, expected, url, world.url), (
        f"POST {url} as {role}: expected {expected}, got {describe(response)}"
    )
    after = _state()
    name = key.partition("@")[0]
    if not expected.startswith("→") or (name == "calibration_finalise" and role == "atasan"):
        # The atasan may finalise in the unit but has rated no draft there: nothing happens.
        assert after == before, f"POST {url} as {role} changed data"
    elif name == "calibration_finalise":
        draft = Evaluation.objects.get(pk=world.draft.pk)
        assert draft.status == Evaluation.Status.FINAL
        assert "Difinalkan dengan peringatan" in draft.distribution_note
    else:
        current = UnitPredikat.objects.get(superseded_at__isnull=True, predikat="istimewa")
        assert current.set_by == world.cast.user(role)

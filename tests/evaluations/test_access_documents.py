"""Who gets what from the evaluation documents and the unit recap, role by role.

The Dokumen Evaluasi Kinerja Pegawai of a final evaluation: whoever may see the
evaluation (pegawai, penilai, atasan, HR admin and auditor of the instansi). A draft
has no document (404). The recap of a unit: HR admin and auditor of the instansi,
the head of the unit or of a unit above it (atasan heads the dinas, penilai the
bidang); an outsider or another instansi's user finds nothing (404). Cells are
read as tests/matrix.py says.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.evaluations.models import Evaluation
from kinerja.evaluations.services import evaluation_finalise, evaluation_open
from kinerja.organisation.models import Unit
from kinerja.scoring import Rating
from tests.conftest import Cast
from tests.matrix import wrong_get_answers
from tests.support import behaviour, quarter, record

pytestmark = pytest.mark.usefixtures("start_of_year")

GET_TABLE = """
key                   anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
document@final        login     200     200     200    404      404       200      200
document@draft        login     404     404     404    404      404       404      404
document_pdf@final    login     200     200     200    404      404       200      200
recap_index@-         login     200     200     200    200      200       200      200
recap@bidang          login     404     200     200    404      404       200      200
recap@dinas           login     404     200     200    404      404       200      200
recap@foreign         login     404     404     404    404      404       404      404
recap_pdf@bidang      login     404     200     200    404      404       200      200
recap_xlsx@bidang     login     404     200     200    404      404       200      200
"""

POST_TABLE = """
key                   anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
document@final        login     405     405     405    405      405       405      405
recap_xlsx@bidang     login     405     405     405    405      405       405      405
"""

COVERED = {
    "evaluations:document",
    "evaluations:document_pdf",
    "evaluations:recap_index",
    "evaluations:recap",
    "evaluations:recap_pdf",
    "evaluations:recap_xlsx",
}

GET = {}
POST = {}


def _tables():
    from tests.matrix import parse

    return parse(GET_TABLE), parse(POST_TABLE)


GET, POST = _tables()


class World:
    def __init__(self, cast: Cast, final: Evaluation, draft: Evaluation) -> None:
        self.cast, self.final, self.draft = cast, final, draft

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        if name.startswith("document"):
            pk = self.final.pk if target == "final" else self.draft.pk
            return reverse(f"evaluations:{name}", args=[pk])
        if name == "recap_index":
            return reverse("evaluations:recap_index")
        period = self.final.period
        if target == "foreign":
            unit = Unit.objects.get(code="dinkes")
        else:
            unit = Unit.objects.get(code={"bidang": "sd", "dinas": "disdik"}[target])
        return reverse(f"evaluations:{name}", args=[unit.pk, period.pk])


def final_evaluation(cast: Cast, number: int = 4) -> Evaluation:
    record(cast.programmes, 12, "12")
    evaluation = evaluation_open(
        plan=cast.pegawai_plan, period=quarter(cast.year, number), user=cast.penilai.user
    )
    return evaluation_finalise(
        evaluation=evaluation,
        user=cast.penilai.user,
        result_rating=Rating.MEETS,
        reason="",
        behaviour=behaviour("meets"),
    )


@pytest.fixture
def world(cast) -> World:
    final = final_evaluation(cast)
    draft = evaluation_open(
        plan=cast.pegawai_plan, period=quarter(cast.year, 3), user=cast.penilai.user
    )
    return World(cast, final, draft)


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


@pytest.mark.parametrize("key", list(POST))
def test_documents_refuse_post(world, key):
    from tests.matrix import client_as, describe, outcome_matches

    url = world.url(key)
    for role, expected in POST[key].items():
        response = client_as(world.cast, role).post(url)
        assert outcome_matches(response, expected, url, world.url), (
            f"POST {url} as {role}: expected {expected}, got {describe(response)}"
        )

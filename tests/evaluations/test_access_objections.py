"""Who gets what from the objection pages (evaluations:objection_*, evaluations:objections).

The evaluation page reached through its objection (evaluations:objection) answers whoever
may see the evaluation, as its detail page does. The pegawai files, the penilai who judged
explains, the atasan penilai decides; everyone
else who may see the evaluation is refused (403) and whoever may not see it finds
nothing (404). A draft has no objection route (403). The Keberatan list answers every
logged-in user with what waits for them. A refused POST changes nothing. Cells are read
as tests/matrix.py says.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.cycles.models import AppraisalYear
from kinerja.evaluations.models import Evaluation, EvaluationRevision, Objection
from kinerja.evaluations.objections import objection_explain, objection_file
from kinerja.evaluations.services import evaluation_open
from tests.conftest import ROLES, Cast
from tests.evaluations.objection_support import final_evaluation
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers
from tests.support import quarter

GET_TABLE = """
key                     anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
objections              login     200     200     200    200      200       200      200
objection@final         login     200     200     200    404      404       200      200
objection@draft         login     403     403     403    404      404       403      403
file@final              login     405     405     405    405      405       405      405
explain@filed           login     405     405     405    405      405       405      405
decide@explained        login     405     405     405    405      405       405      405
days@year               login     405     405     405    405      405       405      405
"""

POST_TABLE = """
key              anonymous pegawai penilai atasan     outsider foreigner hr_admin auditor
file@final       login     →final  403     403        404      404       403      403
file@draft       login     403     403     403        404      404       403      403
explain@filed    login     403     →filed  403        404      404       403      403
decide@explained login     403     403     →explained 404      404       403      403
days@year        login     403     403     403        403      403       →policy  403
"""

COVERED = {
    "evaluations:objections",
    "evaluations:objection",
    "evaluations:objection_file",
    "evaluations:objection_explain",
    "evaluations:objection_decide",
    "cycles:objection_days",
}

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


class World:
    # A plain class: tests/matrix.py loads this module outside sys.modules.
    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.final = final_evaluation(cast, number=1)
        self.filed = final_evaluation(cast, number=2)
        self.explained = final_evaluation(cast, number=3)
        self.draft = evaluation_open(
            plan=cast.pegawai_plan, period=quarter(cast.year, 4), user=cast.penilai.user
        )
        pegawai = cast.pegawai.user
        for evaluation in (self.filed, self.explained):
            objection_file(evaluation=evaluation, user=pegawai, reason="Keberatan.")
        objection_explain(
            evaluation=self.explained, user=cast.penilai.user, explanation="Penjelasan."
        )

    def evaluation(self, target: str) -> Evaluation:
        return {
            "final": self.final,
            "filed": self.filed,
            "explained": self.explained,
            "draft": self.draft,
        }[target]

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        if name == "objections":
            return reverse("evaluations:objections")
        if name == "days":
            return reverse("cycles:objection_days", args=[self.cast.year.pk])
        if name == "policy":
            return reverse("cycles:policy", args=[self.cast.year.pk]) + "#objection-days"
        if name in ("final", "filed", "explained"):
            return reverse("evaluations:objection", args=[self.evaluation(name).pk]) + "#keberatan"
        if name == "objection":
            return reverse("evaluations:objection", args=[self.evaluation(target).pk])
        return reverse(f"evaluations:objection_{name}", args=[self.evaluation(target).pk])

    def post_data(self, key: str) -> dict[str, str]:
        name = key.partition("@")[0]
        return {
            "file": {"objection-reason": "Bukti Maret belum dihitung."},
            "days": {
                "objection_days": "21",
                "objection_explain_days": "7",
                "objection_decide_days": "14",
                "reason": "Surat edaran BKPSDM.",
            },
            "explain": {"objection-explanation": "Bukti diunggah terlambat."},
            "decide": {
                "objection-decision": "changed",
                "objection-result_rating": "above",
                "objection-behaviour_rating": "",
                "objection-reason": "Bukti sah.",
            },
        }[name]


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
        "objections": list(Objection.objects.order_by("pk").values()),
        "evaluations": list(
            Evaluation.objects.order_by("pk").values_list("pk", "result_rating", "predikat")
        ),
        "revisions": EvaluationRevision.objects.count(),
        "years": list(
            AppraisalYear.objects.order_by("pk").values_list(
                "objection_days", "objection_explain_days", "objection_decide_days"
            )
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
    if not expected.startswith("→"):
        assert _state() == before, f"POST {url} as {role} changed data"
        return
    name = key.partition("@")[0]
    if name == "days":
        world.cast.year.refresh_from_db()
        assert world.cast.year.objection_days == 21
        return
    objection = Objection.objects.get(evaluation=world.evaluation(expected[1:]))
    if name == "file":
        assert objection.filed_by == world.cast.pegawai.user
    elif name == "explain":
        assert objection.status == "explained"
    else:
        assert objection.status == "decided" and objection.decision == "changed"
        assert EvaluationRevision.objects.count() == 1


def test_a_late_objection_through_the_page_shows_the_message_and_saves_nothing(world, monkeypatch):
    import datetime as dt

    from kinerja.evaluations.objections import objection_window_closes

    closes = objection_window_closes(world.final)
    assert closes is not None
    monkeypatch.setattr("kinerja.core.clock.today", lambda: closes + dt.timedelta(days=1))
    before = _state()
    response = client_as(world.cast, "pegawai").post(
        world.url("file@final"), world.post_data("file@final")
    )
    assert response.status_code == 200
    assert "Batas pengajuan keberatan sudah lewat" in response.content.decode()
    assert _state() == before


def test_an_empty_reason_is_shown_beside_the_field(world):
    response = client_as(world.cast, "pegawai").post(
        world.url("file@final"), {"objection-reason": " "}
    )
    assert response.status_code == 200
    assert "Tuliskan alasan keberatan." in response.content.decode()
    assert not Objection.objects.filter(evaluation=world.final).exists()


def test_the_list_shows_each_person_what_waits_for_them(world):
    def listed(role: str, section: str) -> bool:
        page = client_as(world.cast, role).get(world.url("objections")).content.decode()
        marker = f'data-testid="{section}"'
        return marker in page

    assert listed("penilai", "to-explain") and not listed("penilai", "to-decide")
    assert listed("atasan", "to-decide") and not listed("atasan", "to-explain")
    assert listed("pegawai", "mine")
    assert listed("hr_admin", "instansi") and listed("auditor", "instansi")
    assert not listed("outsider", "instansi") and not listed("foreigner", "mine")
    assert not listed("foreigner", "instansi")

"""Who gets what from the peer input, acknowledgement, policy recompute and departures pages.

- Masukan Rekan (peer_list) answers every logged-in user with their own list.
- The input form (peer_give) is for peers and subordinates of the SKP's holder in
  the period: the cast's pegawai is the penilai's subordinate. Whoever may see the
  SKP but may not answer gets 403; to anyone else it does not exist (404).
- Acknowledging (POST only) is the evaluated pegawai's, on a final evaluation;
  a draft is refused (403, as the pegawai's detail page of a draft is).
- The evaluation recompute of a year: HR admins run it, auditors read the
  preview, everyone else is refused (403); a year of another instansi is 404.
- Departures: HR admins, auditors and unit heads (the cast's penilai and atasan).

A refused POST changes nothing. Cells are read as tests/matrix.py says.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.core.models import BackgroundJob
from kinerja.cycles.models import AppraisalYear
from kinerja.evaluations.models import Evaluation, PeerInput
from kinerja.evaluations.services import evaluation_finalise, evaluation_open
from kinerja.scoring import Rating
from tests.conftest import ROLES, Cast
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers
from tests.support import behaviour, current_quarter, quarter, record

GET_TABLE = """
key                      anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
peer_list                login     200     200     200    200      200       200      200
peer_give@penilai_plan   login     200     403     403    404      404       403      403
peer_give@pegawai_plan   login     403     403     403    404      404       403      403
acknowledge@final        login     405     405     405    405      405       405      405
policy_recompute@year    login     403     403     403    403      403       200      200
policy_recompute@other   login     403     403     403    403      403       404      404
departures               login     403     200     200    403      403       200      200
departures@csv           login     403     200     200    403      403       200      200
"""

POST_TABLE = """
key                      anonymous pegawai    penilai atasan outsider foreigner hr_admin   auditor
peer_give@penilai_plan   login     →peer_list 403     403    404      404       403        403
acknowledge@final        login     →final     403     403    404      404       403        403
acknowledge@draft        login     403        403     403    404      404       403        403
policy_recompute@year    login     403        403     403    403      403       →recompute 403
policy_recompute@other   login     403        403     403    403      403       404        404
"""

COVERED = {
    "evaluations:peer_list",
    "evaluations:peer_give",
    "evaluations:acknowledge",
    "evaluations:policy_recompute",
    "evaluations:departures",
}

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


class World:
    def __init__(self, cast: Cast, final: Evaluation, draft: Evaluation) -> None:
        self.cast, self.final, self.draft = cast, final, draft
        self.period = current_quarter(cast.year)

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        cast = self.cast
        if name == "final":
            return reverse("evaluations:detail", args=[self.final.pk])
        if name == "recompute":
            return reverse("evaluations:policy_recompute", args=[cast.year.pk])
        if name == "peer_list":
            return reverse("evaluations:peer_list")
        if name == "peer_give":
            plan = getattr(cast, target)
            return reverse("evaluations:peer_give", args=[plan.pk, self.period.pk])
        if name == "acknowledge":
            evaluation = self.final if target == "final" else self.draft
            return reverse("evaluations:acknowledge", args=[evaluation.pk])
        if name == "policy_recompute":
            year = (
                cast.year
                if target == "year"
                else AppraisalYear.objects.get(instansi=cast.other_instansi)
            )
            return reverse("evaluations:policy_recompute", args=[year.pk])
        assert name == "departures"
        return reverse("evaluations:departures") + ("?format=csv" if target == "csv" else "")

    def post_data(self, key: str) -> dict[str, str]:
        if key.startswith("peer_give"):
            return {"rating_harmonis": "above", "comment": "Membantu tim."}
        return {}


@pytest.fixture
def world(cast) -> World:
    period = current_quarter(cast.year)
    record(cast.programmes, 1, "1")  # far below target: the data proposes Di Bawah Ekspektasi
    evaluation = evaluation_open(plan=cast.pegawai_plan, period=period, user=cast.penilai.user)
    assert evaluation.proposed_rating == "below"
    final = evaluation_finalise(
        evaluation=evaluation,
        user=cast.penilai.user,
        result_rating=Rating("above"),
        reason="Inisiatif program baru di luar target",
        behaviour=behaviour("meets"),
    )
    other = next(quarter(cast.year, n) for n in (1, 2, 3, 4) if quarter(cast.year, n) != period)
    draft = evaluation_open(plan=cast.pegawai_plan, period=other, user=cast.penilai.user)
    return World(cast, final, draft)


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _state() -> dict[str, object]:
    return {
        "answers": list(PeerInput.objects.values_list("pk", "comment")),
        "acknowledged": list(
            Evaluation.objects.order_by("pk").values_list("pk", "acknowledged_at")
        ),
        "jobs": BackgroundJob.objects.count(),
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
    if not expected.startswith("→"):
        assert after == before, f"POST {url} as {role} changed data"
        return
    name = key.partition("@")[0]
    if name == "peer_give":
        assert PeerInput.objects.get().comment == "Membantu tim."
    elif name == "acknowledge":
        assert Evaluation.objects.get(pk=world.final.pk).acknowledged_at is not None
    else:
        assert after["jobs"] == 1


def test_departures_list_only_the_viewers_scope(world):
    cast = world.cast
    for role, seen in [("hr_admin", True), ("penilai", True), ("atasan", True)]:
        response = client_as(cast, role).get(reverse("evaluations:departures"))
        assert (f'data-testid="departure-{world.final.pk}"' in response.content.decode()) is seen
    response = client_as(cast, "hr_admin").get(reverse("evaluations:departures") + "?format=csv")
    body = response.content.decode()
    assert "Inisiatif program baru di luar target" in body and cast.pegawai.nip in body


def test_the_pegawai_never_sees_the_peer_answers(world):
    """Not the pegawai (not even on their final evaluation), not HR: only the penilai."""
    cast = world.cast
    PeerInput.objects.create(
        plan=cast.pegawai_plan,
        period=world.period,
        respondent_key="x" * 64,
        relation="peer",
        ratings={"loyal": "above"},
        comment="Jawaban rahasia",
        answered_on=world.period.start,
    )
    for role in ("pegawai", "hr_admin", "auditor", "atasan", "penilai"):
        response = client_as(cast, role).get(reverse("evaluations:detail", args=[world.final.pk]))
        assert "Jawaban rahasia" not in response.content.decode(), role


def test_departures_filter_by_year_period_and_unit(world):
    cast = world.cast
    client = client_as(cast, "hr_admin")
    url = reverse("evaluations:departures")
    other_unit = cast.outsider.assignments.get().position.unit
    own_unit = cast.pegawai_plan.position.unit
    marker = f'data-testid="departure-{world.final.pk}"'
    cases = [
        (f"?tahun={cast.year.year}", True),
        (f"?tahun={cast.year.year - 1}", False),
        (f"?tahun={cast.year.year}&periode={world.period.pk}", True),
        (f"?periode={world.draft.period_id}", False),
        (f"?unit={own_unit.parent_id}", True),  # the dinas takes the bidang under it
        (f"?unit={other_unit.pk}", False),
        ("?tahun=abc&periode=%C2%B2&unit=99999999999999999999999", True),  # bad input: ignored
    ]
    for query, seen in cases:
        response = client.get(url + query)
        assert response.status_code == 200, query
        assert (marker in response.content.decode()) is seen, query


def test_ids_out_of_range_are_not_found(world):
    client = client_as(world.cast, "pegawai")
    huge = "9" * 25
    assert client.get(f"/evaluasi/masukan-rekan/skp/{huge}/periode/1/").status_code == 404
    assert client.post(f"/evaluasi/{huge}/terima/").status_code == 404
    hr = client_as(world.cast, "hr_admin")
    assert hr.get(f"/evaluasi/tahun/{huge}/hitung-ulang-evaluasi/").status_code == 404

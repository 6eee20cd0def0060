"""Who gets what from the workflow pages, role by role (the permission matrix of this area).

The SKP is the pegawai's: the pegawai submits it; the penilai, or HR of the
instansi acting for them, approves, returns and reopens it. Everyone who may
see the SKP may read its history, versions and comparisons. Only HR corrects
a superior. Hidden is 404, visible but not yours to act on is 403.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.organisation.models import Position, ReportingCorrection
from kinerja.plans.models import PerformancePlan, PlanEvent, PlanVersion
from kinerja.plans.workflow import plan_approve, plan_return, plan_submit
from tests.conftest import ROLES, Cast
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers
from tests.plans.workflow_support import make_draft

GET_TABLE = """
key                  anonymous pegawai  penilai  atasan outsider foreigner hr_admin auditor
inbox                login     200      200      200    200      200       200      200
history@plan         login     200      200      200    404      404       200      200
history@foreign      login     404      404      404    404      200       404      404
version@plan         login     200      200      200    404      404       200      200
compare@plan         login     200      200      200    404      404       200      200
submit@plan          login     405      405      405    405      405       405      405
return@plan          login     405      405      405    405      405       405      405
approve@plan         login     405      405      405    405      405       405      405
reopen@plan          login     405      405      405    405      405       405      405
correct@pegawai      login     403      403      403    404      404       200      403
correct@foreigner    login     404      404      404    404      403       404      404
"""

POST_TABLE = """
key                  anonymous pegawai  penilai  atasan outsider foreigner hr_admin auditor
submit@draft         login     →history 403      403    404      404       →history 403
return@submitted     login     403      →history 403    404      404       →history 403
approve@submitted    login     403      →history 403    404      404       →history 403
reopen@approved      login     403      →history 403    404      404       →history 403
correct@pegawai      login     403      403      403    404      404       →correct 403
"""

COVERED = {
    "plans:inbox",
    "plans:history",
    "plans:version",
    "plans:compare",
    "plans:submit",
    "plans:return",
    "plans:approve",
    "plans:reopen",
    "plans:correct_superior",
}

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


class World:
    """The cast and the SKP the URLs point at (a plain class: tests/matrix.py loads this
    module outside sys.modules, where a dataclass cannot resolve its annotations)."""

    def __init__(self, cast: Cast, plan: PerformancePlan) -> None:
        self.cast = cast
        self.plan = plan

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        cast = self.cast
        if name == "inbox":
            return reverse("plans:inbox")
        if name in {"correct"}:
            employee = {"pegawai": cast.pegawai, "foreigner": cast.foreigner, "": cast.pegawai}
            return reverse("plans:correct_superior", args=[employee[target].pk])
        if name == "history" and target == "foreign":
            foreign = PerformancePlan.objects.get(employee=cast.foreigner)
            return reverse("plans:history", args=[foreign.pk])
        if name == "version":
            return reverse("plans:version", args=[self.plan.pk, 1])
        return reverse(f"plans:{name}", args=[self.plan.pk])


@pytest.fixture
def world(cast) -> World:
    return World(cast, make_draft(cast))


def _prepare(world: World, key: str) -> None:
    """Bring the SKP to the state the row acts on, through the real services."""
    cast, plan = world.cast, world.plan
    target = key.partition("@")[2]
    if target in {"submitted", "approved", "plan"}:
        plan_submit(plan=plan, actor=cast.pegawai.user)
    if target == "approved":
        plan_approve(plan=plan, actor=cast.penilai.user)
    if target == "plan":
        plan_return(plan=plan, actor=cast.penilai.user, note="Perbaiki target")


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(world, key):
    _prepare(world, key)
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _state(world: World) -> dict[str, object]:
    plan = PerformancePlan.objects.get(pk=world.plan.pk)
    return {
        "status": plan.status,
        "changed_at": plan.status_changed_at,
        "versions": PlanVersion.objects.count(),
        "events": list(PlanEvent.objects.order_by("pk").values_list("pk", "action", "note")),
        "parents": list(Position.objects.order_by("pk").values_list("pk", "parent_id")),
        "corrections": ReportingCorrection.objects.count(),
    }


def _post_data(world: World, key: str) -> dict[str, object]:
    if key.startswith("correct"):
        other_chief = Position.objects.get(name="Kepala Bidang SMP")
        return {"new_parent": other_chief.pk, "reason": "Salah input atasan"}
    return {"note": "Catatan penilai"}


EXPECTED_STATUS = {
    "submit@draft": PerformancePlan.Status.SUBMITTED,
    "return@submitted": PerformancePlan.Status.RETURNED,
    "approve@submitted": PerformancePlan.Status.APPROVED,
    "reopen@approved": PerformancePlan.Status.DRAFT,
}


def _url_of(world: World):
    def url_of(name: str) -> str:
        if name == "history":
            return reverse("plans:history", args=[world.plan.pk])
        if name == "correct":
            return reverse("plans:correct_superior", args=[world.cast.pegawai.pk])
        return world.url(name)

    return url_of


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_answers_and_acts_only_for_the_allowed_role(world, key, role):
    _prepare(world, key)
    url = world.url(key)
    expected = POST[key][role]
    before = _state(world)

    response = client_as(world.cast, role).post(url, _post_data(world, key))

    assert outcome_matches(response, expected, url, _url_of(world)), (
        f"POST {url} as {role}: expected {expected}, got {describe(response)}"
    )
    after = _state(world)
    if expected.startswith("→") and key in EXPECTED_STATUS:
        assert after["status"] == EXPECTED_STATUS[key]
        assert after["versions"] == before["versions"] + 1
        event = PlanEvent.objects.latest("pk")
        assert event.actor == world.cast.user(role)
        if role == "hr_admin" and key != "submit@draft":
            assert event.on_behalf_of == world.cast.penilai
    elif expected.startswith("→"):
        assert after["corrections"] == before["corrections"] + 1
        assert after["parents"] != before["parents"]
    else:
        assert after == before, f"POST {url} as {role} changed data"


def test_return_without_a_note_shows_the_message_beside_the_field_and_saves_nothing(world):
    _prepare(world, "return@submitted")
    before = _state(world)
    response = client_as(world.cast, "penilai").post(
        reverse("plans:return", args=[world.plan.pk]), {"note": "  "}
    )
    assert response.status_code == 200
    assert "Catatan wajib diisi" in response.content.decode()
    assert f'id="return-note-{world.plan.pk}_error"' in response.content.decode()
    assert _state(world) == before


def test_approving_a_draft_is_refused_with_a_message(world):
    before = _state(world)
    response = client_as(world.cast, "penilai").post(
        reverse("plans:approve", args=[world.plan.pk]), {"note": ""}
    )
    assert response.status_code == 200
    assert "tidak dapat disetujui" in response.content.decode()
    assert _state(world) == before


def test_submitting_an_incomplete_skp_lists_what_is_missing(world):
    from kinerja.plans.models import PlanIndicator

    PlanIndicator.objects.filter(pk=world.cast.coverage.pk).update(weight=10)
    before = _state(world)
    response = client_as(world.cast, "pegawai").post(reverse("plans:submit", args=[world.plan.pk]))
    assert response.status_code == 200
    assert "100" in response.content.decode()
    assert _state(world) == before


def test_correcting_without_reason_or_into_a_cycle_saves_nothing(world):
    client = client_as(world.cast, "hr_admin")
    url = reverse("plans:correct_superior", args=[world.cast.penilai.pk])
    staff = world.cast.pegawai.assignments.get().position
    before = _state(world)
    response = client.post(url, {"new_parent": "", "reason": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Alasan koreksi wajib diisi" in page and "Pilih jabatan atasan" in page
    # A subordinate's post is not even offered as the superior.
    response = client.post(url, {"new_parent": staff.pk, "reason": "coba"})
    assert response.status_code == 200
    assert "has-error" in response.content.decode()
    assert _state(world) == before


def test_unsafe_next_is_ignored(world):
    response = client_as(world.cast, "pegawai").post(
        reverse("plans:submit", args=[world.plan.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("plans:history", args=[world.plan.pk])


def test_inbox_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    _prepare(world, "approve@submitted")
    client = client_as(world.cast, "hr_admin")
    with django_assert_max_num_queries(15):
        response = client.get(reverse("plans:inbox"))
    assert world.cast.pegawai.name in response.content.decode()


def test_history_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    # Created, submitted and returned: three events, two versions.
    _prepare(world, "history@plan")
    client = client_as(world.cast, "penilai")
    url = reverse("plans:history", args=[world.plan.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    plan_submit(plan=world.plan, actor=world.cast.pegawai.user)
    plan_return(plan=world.plan, actor=world.cast.penilai.user, note="Sekali lagi")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    # CREATED, then two rounds of SUBMITTED and RETURNED.
    assert response.content.decode().count('data-testid="event-') == 5

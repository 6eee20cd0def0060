"""Who gets what from the feedback pages (feedback:*), role by role.

Everyone who may see the SKP reads its feedback: the pegawai, the penilai, the
atasan penilai, HR admins and auditors of the instansi. Messages are written
by the pegawai, the penilai and the atasan penilai; the penilai records
check-ins; the pegawai and the penilai agree and close follow-up plans. HR and
auditors read only (403 on every write); whoever may not see the SKP finds
nothing (404). A refused POST changes nothing. Cells are read as
tests/matrix.py says.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kinerja.core import clock
from kinerja.feedback.models import CheckIn, FeedbackMessage, FollowUpPlan
from kinerja.feedback.services import follow_up_add
from kinerja.plans.models import PerformancePlan
from tests.conftest import ROLES, Cast
from tests.feedback.feedback_support import rights
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers

GET_TABLE = """
key                     anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
plan@pegawai            login     200     200     200    404      404       200      200
plan@foreigner          login     404     404     404    404      200       404      404
result_post@pegawai     login     405     405     405    405      405       405      405
value_post@pegawai      login     405     405     405    405      405       405      405
check_in@pegawai        login     405     405     405    405      405       405      405
follow_up_add@pegawai   login     405     405     405    405      405       405      405
follow_up_close@open    login     405     405     405    405      405       405      405
"""

POST_TABLE = """
key                     anonymous pegawai    penilai    atasan  outsider foreigner hr_admin auditor
result_post@pegawai     login     →rhk       →rhk       →rhk    404      404       403      403
value_post@pegawai      login     →value     →value     →value  404      404       403      403
check_in@pegawai        login     403        →checkins  403     404      404       403      403
check_in@foreigner      login     404        404        404     404      403       404      404
follow_up_add@pegawai   login     →followups →followups 403     404      404       403      403
follow_up_close@open    login     →closed    →closed    403     404      404       403      403
"""

COVERED = {
    "feedback:plan",
    "feedback:result_post",
    "feedback:value_post",
    "feedback:check_in",
    "feedback:follow_up_add",
    "feedback:follow_up_close",
}

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


class World:
    # A plain class: tests/matrix.py loads this module outside sys.modules, where
    # dataclasses cannot resolve postponed annotations.
    def __init__(self, cast: Cast, follow_up: FollowUpPlan) -> None:
        self.cast, self.follow_up = cast, follow_up
        self.rhk = cast.pegawai_plan.results.get()

    def plan_url(self, anchor: str = "") -> str:
        return reverse("feedback:plan", args=[self.cast.pegawai_plan.pk]) + anchor

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        redirects = {
            "rhk": f"#rhk-{self.rhk.pk}",
            "value": "#value-akuntabel",
            "checkins": "#check-ins",
            "followups": "#follow-ups",
            "closed": f"#follow-up-{self.follow_up.pk}",
        }
        if name in redirects:
            return self.plan_url(redirects[name])
        plan = self.cast.pegawai_plan
        if target == "foreigner":
            plan = PerformancePlan.objects.get(employee=self.cast.foreigner)
        args: list[object] = [plan.pk]
        if name == "result_post":
            args.append(self.rhk.pk)
        elif name == "value_post":
            args.append("akuntabel")
        elif name == "follow_up_close":
            args = [self.follow_up.pk]
        return reverse(f"feedback:{name}", args=args)

    def post_data(self, key: str) -> dict[str, str]:
        name = key.partition("@")[0]
        return {
            "result_post": {f"rhk-{self.rhk.pk}-text": "Sudah sesuai rencana."},
            "value_post": {"value-akuntabel-text": "Laporan tepat waktu."},
            "check_in": {
                "check-in-held_on": clock.today().isoformat(),
                "check-in-went_well": "Program berjalan.",
            },
            "follow_up_add": {
                "follow-up-indicator": str(self.cast.coverage.pk),
                "follow-up-action": "Pendataan ulang",
                "follow-up-owner": str(self.cast.pegawai.pk),
                "follow-up-due": (clock.today() + dt.timedelta(days=14)).isoformat(),
            },
            "follow_up_close": {f"close-{self.follow_up.pk}-note": "Sudah dilaksanakan."},
        }[name]


@pytest.fixture
def world(cast) -> World:
    follow_up = follow_up_add(
        rights=rights(cast, "penilai"),
        plan=cast.pegawai_plan,
        indicator=cast.coverage,
        action="Koordinasi dengan sekolah",
        owner=cast.pegawai,
        due=clock.today() + dt.timedelta(days=7),
    )
    return World(cast, follow_up)


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _state() -> dict[str, object]:
    return {
        "messages": list(FeedbackMessage.objects.values_list("pk", "author_id", "text")),
        "check_ins": CheckIn.objects.count(),
        "follow_ups": list(
            FollowUpPlan.objects.order_by("pk").values_list("pk", "status", "closing_note")
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
    if not expected.startswith("→"):
        assert after == before, f"POST {url} as {role} changed data"
        return
    name = key.partition("@")[0]
    if name in ("result_post", "value_post"):
        added = FeedbackMessage.objects.get()
        assert added.author == getattr(world.cast, role)
        assert added.author_role == role
    elif name == "check_in":
        assert after["check_ins"] == 1
    elif name == "follow_up_add":
        assert len(after["follow_ups"]) == 2  # type: ignore[arg-type]
    else:
        closed = FollowUpPlan.objects.get(pk=world.follow_up.pk)
        assert closed.status == "done" and closed.closed_by == getattr(world.cast, role)

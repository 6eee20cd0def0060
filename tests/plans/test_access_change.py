"""Who may record a change of position or superior on an SKP (plans:change), role by role.

Only HR admins of the employee's instansi record a change. Everyone else who
may see the SKP is refused (403); whoever may not see it finds nothing (404).
Cells are read as tests/matrix.py says.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.organisation.models import Assignment, Position
from kinerja.plans.models import PerformancePlan, PlanEvent
from tests.conftest import ROLES, Cast
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers
from tests.plans.change_support import day, post_in_smp

GET_TABLE = """
key                  anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
change@pegawai       login     403     403     403    404      404       200      403
change@closed        login     403     403     403    404      404       200      403
change@foreigner     login     404     404     404    404      403       404      404
"""

POST_TABLE = """
key                  anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
change@pegawai       login     403     403     403    404      404       →employee 403
change@foreigner     login     404     404     404    404      403       404      404
"""

COVERED = {"plans:change"}

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


class World:
    # A plain class: tests/matrix.py loads this module outside sys.modules, where
    # dataclasses cannot resolve postponed annotations.
    def __init__(self, cast: Cast, post: Position, closed: PerformancePlan) -> None:
        self.cast, self.post, self.closed = cast, post, closed

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        if name == "employee":
            return reverse("dashboards:employee", args=[self.cast.pegawai.pk])
        plans = {
            "pegawai": self.cast.pegawai_plan,
            "foreigner": PerformancePlan.objects.get(employee=self.cast.foreigner),
            "closed": self.closed,
        }
        return reverse("plans:change", args=[plans[target].pk])


@pytest.fixture
def world(cast) -> World:
    """A second, already closed SKP of the pegawai (an earlier part of the year)."""
    closed = PerformancePlan.objects.create(
        employee=cast.pegawai,
        position=cast.pegawai_plan.position,
        year=cast.year,
        start=day(cast, 1, 1),
        end=day(cast, 1, 31),
        closed_reason="new_superior",
    )
    return World(cast, post_in_smp(cast), closed)


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _state() -> dict[str, object]:
    return {
        "plans": list(
            PerformancePlan.objects.order_by("pk").values_list(
                "pk", "start", "end", "closed_reason", "previous_id", "position_id"
            )
        ),
        "events": PlanEvent.objects.count(),
        "assignments": list(
            Assignment.objects.order_by("pk").values_list("pk", "position_id", "start", "end")
        ),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_answers_and_acts_only_for_the_allowed_role(world, key, role):
    url = world.url(key)
    expected = POST[key][role]
    before = _state()

    response = client_as(world.cast, role).post(
        url,
        {
            "on": day(world.cast, 4, 15).isoformat(),
            "reason": "transfer",
            "position": world.post.pk,
            "content": "auto",
        },
    )

    assert outcome_matches(response, expected, url, world.url), (
        f"POST {url} as {role}: expected {expected}, got {describe(response)}"
    )
    after = _state()
    if expected.startswith("→"):
        assert len(after["plans"]) == len(before["plans"]) + 1
        # CLOSED on the old SKP; CREATED and CONTINUED on the new one.
        assert after["events"] == before["events"] + 3
        assert len(after["assignments"]) == len(before["assignments"]) + 1
    else:
        assert after == before, f"POST {url} as {role} changed data"

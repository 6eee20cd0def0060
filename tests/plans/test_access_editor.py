"""Who gets what from the SKP editor's pages, role by role (SKP Saya, the SKP page, its forms).

Keys are ``name@target``: without a target the page is about the pegawai's SKP
(its RHK or IKI); ``@lock`` is the penilai's SKP, approved and so locked.
``→lock`` is that SKP's page, ``→new`` the page of an SKP just created (for the
atasan, who has none: by themselves, or by HR through ``create_for``).
A POST answered ``→detail`` or ``→new`` saved something; every other answer must leave the
data exactly as it was (checked for each cell).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kinerja.plans.models import (
    BehaviourExpectation,
    CoreValue,
    PerformancePlan,
    PlanEvent,
    PlanIndicator,
    PlannedResult,
)
from tests.conftest import ROLES, Cast
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers

COVERED = {
    "plans:mine",
    "plans:create",
    "plans:copy",
    "plans:create_for",
    "plans:detail",
    "plans:edit",
    "plans:result_add",
    "plans:result_edit",
    "plans:result_delete",
    "plans:indicator_add",
    "plans:indicator_edit",
    "plans:indicator_delete",
    "plans:expectations",
}

GET_TABLE = """
key              anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
mine             login     200     200     200    200      200       404      404
detail           login     200     200     200    404      404       200      200
detail@lock      login     404     200     200    404      404       200      200
detail@foreigner login     404     404     404    404      200       404      404
edit             login     200     200     403    404      404       200      403
result_add       login     200     200     403    404      404       200      403
result_edit      login     200     200     403    404      404       200      403
result_delete    login     200     200     403    404      404       200      403
indicator_add    login     200     200     403    404      404       200      403
indicator_edit   login     200     200     403    404      404       200      403
indicator_delete login     200     200     403    404      404       200      403
expectations     login     403     200     403    404      404       200      403
result_add@lock  login     404     →lock   →lock  404      404       →lock    403
"""

POST_TABLE = """
key                 anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
create              login     →mine   →mine   →new   →mine    →mine     404      404
copy                login     →mine   →mine   →mine  →mine    →mine     404      404
create_for@atasan   login     404     404     403    404      404       →new     403
edit                login     →detail →detail 403    404      404       →detail  403
result_add          login     →detail →detail 403    404      404       →detail  403
result_edit         login     →detail →detail 403    404      404       →detail  403
result_delete       login     →detail →detail 403    404      404       →detail  403
indicator_add       login     →detail →detail 403    404      404       →detail  403
indicator_edit      login     →detail →detail 403    404      404       →detail  403
indicator_delete    login     →detail →detail 403    404      404       →detail  403
expectations        login     403     →detail 403    404      404       →detail  403
result_add@lock     login     404     →lock   →lock  404      404       →lock    403
indicator_edit@lock login     404     →lock   →lock  404      404       →lock    403
"""

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


class World:
    """The cast plus the objects the URLs point at (a plain class: the matrix loader
    imports this module without registering it, which @dataclass cannot handle)."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast

    @property
    def rhk(self) -> PlannedResult:
        return self.cast.programmes.result

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        cast = self.cast
        plan = {
            "": cast.pegawai_plan,
            "lock": cast.penilai_plan,
            "foreigner": cast.foreigner.plans.get(),
        }
        if key == "lock":
            return reverse("plans:detail", args=[cast.penilai_plan.pk])
        if key == "new":
            newest = PerformancePlan.objects.filter(employee=cast.atasan).latest("pk")
            return reverse("plans:detail", args=[newest.pk])
        if name == "create_for":
            return reverse("plans:create_for", args=[cast.atasan.pk])
        if name in ("mine", "create", "copy"):
            return reverse(f"plans:{name}")
        if name in ("detail", "edit", "result_add", "expectations"):
            return reverse(f"plans:{name}", args=[plan[target].pk])
        if name in ("result_edit", "result_delete", "indicator_add"):
            result = self.rhk if not target else cast.penilai_plan.results.get()
            return reverse(f"plans:{name}", args=[result.pk])
        if name in ("indicator_edit", "indicator_delete"):
            indicator = cast.coverage if not target else self.penilai_iki
            return reverse(f"plans:{name}", args=[indicator.pk])
        raise AssertionError(key)

    @property
    def penilai_iki(self) -> PlanIndicator:
        return PlanIndicator.objects.get(result__plan=self.cast.penilai_plan)


@pytest.fixture
def world(cast: Cast) -> World:
    from kinerja.plans.services import indicator_add

    indicator_add(
        result=cast.penilai_plan.results.get(),
        name="Dokumen kurikulum",
        unit_of_measure="dokumen",
        polarity="higher_better",
        aggregation="sum",
        target_value=4,
        weight=100,
    )
    # The penilai's SKP is approved: its content is locked for everyone.
    PerformancePlan.objects.filter(pk=cast.penilai_plan.pk).update(
        status=PerformancePlan.Status.APPROVED
    )
    return World(cast)


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_table_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _state() -> dict[str, Any]:
    return {
        "plans": list(
            PerformancePlan.objects.order_by("pk").values_list(
                "pk",
                "status",
                "approach",
                "supporting_resources",
                "accountability_scheme",
                "consequences",
            )
        ),
        "results": list(
            PlannedResult.objects.order_by("pk").values_list("pk", "text", "kind", "supports_id")
        ),
        "indicators": list(
            PlanIndicator.objects.order_by("pk").values_list("pk", "name", "target_value", "weight")
        ),
        "expectations": list(
            BehaviourExpectation.objects.order_by("pk").values_list("pk", "expectation")
        ),
        "events": PlanEvent.objects.count(),
    }


def _post_data(world: World, key: str) -> dict[str, object]:
    cast = world.cast
    superior_rhk = cast.penilai_plan.results.get()
    name = key.partition("@")[0]
    catalogue = cast.programmes.indicator_id
    return {
        "edit": {"approach": "qualitative", "supporting_resources": "Anggaran BOS"},
        "result_add": {"kind": "utama", "text": "RHK baru", "supports": superior_rhk.pk},
        "result_edit": {"kind": "utama", "text": "RHK diubah", "supports": superior_rhk.pk},
        "indicator_add": {
            "catalogue": catalogue,
            "aspect": "kuantitas",
            "target_value": "10",
            "weight": "20",
        },
        "indicator_edit": {
            "catalogue": catalogue,
            "aspect": "kualitas",
            "target_value": "15",
            "weight": "50",
        },
        "expectations": dict.fromkeys(CoreValue.values, "Hadir tepat waktu"),
    }.get(name, {})


def _saves(expected: str) -> bool:
    return expected in ("→detail", "→new")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_answers_and_changes_only_for_the_allowed_role(world, key, role):
    url = world.url(key)
    expected = POST[key][role]
    before = _state()

    response = client_as(world.cast, role).post(url, _post_data(world, key))

    assert outcome_matches(response, expected, url, world.url), (
        f"POST {url} as {role}: expected {expected}, got {describe(response)}"
    )
    after = _state()
    if _saves(expected):
        assert after != before, f"POST {url} as {role} saved nothing"
    else:
        assert after == before, f"POST {url} as {role} changed data"

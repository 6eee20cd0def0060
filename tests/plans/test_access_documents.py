"""Who gets the SKP document (PDF and print view), role by role.

Whoever may see an SKP may print it: the pegawai, the reporting line above
(penilai, atasan), HR and the auditor of the instansi. Anyone else gets 404,
as if the SKP did not exist; nothing crosses instansi. The document is only
read: a POST is refused (405) and changes nothing.
Cells are read as tests/matrix.py says.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.plans.models import PerformancePlan, PlanEvent, PlanVersion
from tests.conftest import ROLES, Cast
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers

GET_TABLE = """
key                  anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
pdf@pegawai          login     200     200     200    404      404       200      200
pdf@penilai          login     404     200     200    404      404       200      200
pdf@foreigner        login     404     404     404    404      200       404      404
pdf@missing          login     404     404     404    404      404       404      404
print@pegawai        login     200     200     200    404      404       200      200
print@penilai        login     404     200     200    404      404       200      200
print@foreigner      login     404     404     404    404      200       404      404
print@missing        login     404     404     404    404      404       404      404
"""

POST_TABLE = """
key                  anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
pdf@pegawai          login     405     405     405    405      405       405      405
print@pegawai        login     405     405     405    405      405       405      405
"""

URL_NAMES = {"pdf": "plans:pdf", "print": "plans:print"}
COVERED = set(URL_NAMES.values())

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


def url_for(cast: Cast, key: str) -> str:
    name, _, target = key.partition("@")
    plans = {
        "pegawai": cast.pegawai_plan.pk,
        "penilai": cast.penilai_plan.pk,
        "foreigner": PerformancePlan.objects.get(employee=cast.foreigner).pk,
        "missing": 999_999,
    }
    return reverse(URL_NAMES[name], args=[plans[target]])


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(cast, key):
    url = url_for(cast, key)
    wrong = wrong_get_answers(cast, url, GET[key], lambda k: url_for(cast, k))
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _state() -> dict[str, object]:
    return {
        "plans": list(
            PerformancePlan.objects.order_by("pk").values_list("pk", "status", "status_changed_at")
        ),
        "events": PlanEvent.objects.count(),
        "versions": PlanVersion.objects.count(),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_is_refused_and_changes_nothing(cast, key, role):
    url = url_for(cast, key)
    before = _state()

    response = client_as(cast, role).post(url, {"status": "approved"})

    assert outcome_matches(response, POST[key][role], url, lambda k: url_for(cast, k)), (
        f"POST {url} as {role}: expected {POST[key][role]}, got {describe(response)}"
    )
    assert _state() == before


def test_the_pdf_a_role_gets_is_the_skp_asked_for(cast):
    """A 200 must be the requested SKP, not some other document the role may see."""
    response = client_as(cast, "atasan").get(url_for(cast, "pdf@penilai"))
    assert response.status_code == 200
    assert f"SKP-{cast.penilai.nip}-" in response["Content-Disposition"]

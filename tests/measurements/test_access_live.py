"""Who may poll the live stamp of a page (measurements:live), role by role.

The stamp says only whether a page's standings changed, but it is still told
only to those who may open that page: `mine` to anyone with an employee record
(HR admins and auditors without one find nothing), `team` to any logged-in user
(someone without reports gets the stamp of an empty team), `employee` to those
who may open that employee's page, 404 otherwise, as the page answers. A
malformed request is a 400 with an Indonesian message. The endpoint only reads:
a POST is refused (405). Cells are read as tests/matrix.py says.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import ROLES, Cast
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers

GET_TABLE = """
key                  anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
mine                 login     200     200     200    200      200       404      404
team                 login     200     200     200    200      200       200      200
employee@pegawai     login     200     200     200    404      404       200      200
employee@penilai     login     404     200     200    404      404       200      200
employee@foreigner   login     404     404     404    404      200       404      404
employee@missing     login     404     404     404    404      404       404      404
employee@word        login     400     400     400    400      400       400      400
scope@none           login     400     400     400    400      400       400      400
scope@other          login     400     400     400    400      400       400      400
"""

POST_TABLE = """
key                  anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
mine                 login     405     405     405    405      405       405      405
team                 login     405     405     405    405      405       405      405
"""

COVERED = {"measurements:live"}

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


def url_for(cast: Cast, key: str) -> str:
    base = reverse("measurements:live")
    name, _, target = key.partition("@")
    if name in {"mine", "team"}:
        return f"{base}?scope={name}"
    if name == "scope":
        return base if target == "none" else f"{base}?scope=everything"
    ids = {
        "pegawai": str(cast.pegawai.pk),
        "penilai": str(cast.penilai.pk),
        "foreigner": str(cast.foreigner.pk),
        "missing": "999999",
        "word": "satu",
    }
    return f"{base}?scope=employee&id={ids[target]}"


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(cast, key):
    url = url_for(cast, key)
    wrong = wrong_get_answers(cast, url, GET[key], lambda k: url_for(cast, k))
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_is_refused(cast, key, role):
    url = url_for(cast, key)
    response = client_as(cast, role).post(url)
    assert outcome_matches(response, POST[key][role], url, lambda k: url_for(cast, k)), (
        f"POST {url} as {role}: expected {POST[key][role]}, got {describe(response)}"
    )


def test_a_bad_request_says_what_is_wrong_in_indonesian(cast):
    response = client_as(cast, "pegawai").get(url_for(cast, "scope@other"))
    assert response.status_code == 400
    assert response.json() == {
        "error": "Parameter scope harus salah satu dari: mine, team, employee."
    }
    response = client_as(cast, "pegawai").get(url_for(cast, "employee@word"))
    assert response.json() == {"error": "Parameter id harus berupa nomor pegawai."}

"""Who reaches the service-time pages, role by role.

A penilai (and the atasan above them) sees their own and their staff's units
and officers; HR admins and auditors see their instansi; anyone else has no
such page (403). A unit or officer out of reach does not exist (404). The
pages only read: a POST is refused (405) and changes nothing.
Cells are read as tests/matrix.py says.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.organisation.models import Unit
from kinerja.servicetimes.models import ServiceTicket
from tests.conftest import ROLES, Cast
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers

GET_TABLE = """
key                    anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
overview               login     403     200     200    403      403       200      200
detail@unit-sd         login     403     200     200    403      403       200      200
detail@unit-smp        login     403     404     200    403      403       200      200
detail@unit-dinkes     login     403     404     404    403      403       404      404
detail@petugas-pegawai login     403     200     200    403      403       200      200
detail@petugas-outsider login    403     404     200    403      403       200      200
detail@petugas-foreign login     403     404     404    403      403       404      404
detail@bad-scope       login     403     404     404    403      403       404      404
detail@bad-month       login     403     404     404    403      403       404      404
"""

POST_TABLE = """
key                    anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
overview               login     405     405     405    405      405       405      405
detail@unit-sd         login     405     405     405    405      405       405      405
"""

URL_NAMES = {"overview": "servicetimes:overview", "detail": "servicetimes:detail"}
COVERED = set(URL_NAMES.values())

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


def url_for(cast: Cast, key: str) -> str:
    name, _, target = key.partition("@")
    if name == "overview":
        return reverse(URL_NAMES[name])
    year = cast.year.year
    args = {
        "unit-sd": ("unit", Unit.objects.get(code="sd").pk, year, 1),
        "unit-smp": ("unit", Unit.objects.get(code="smp").pk, year, 1),
        "unit-dinkes": ("unit", Unit.objects.get(code="dinkes").pk, year, 1),
        "petugas-pegawai": ("petugas", cast.pegawai.pk, year, 1),
        "petugas-outsider": ("petugas", cast.outsider.pk, year, 1),
        "petugas-foreign": ("petugas", cast.foreigner.pk, year, 1),
        "bad-scope": ("jabatan", cast.pegawai.pk, year, 1),
        "bad-month": ("unit", Unit.objects.get(code="sd").pk, year, 13),
    }[target]
    return reverse(URL_NAMES[name], args=args)


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(cast, key):
    url = url_for(cast, key)
    wrong = wrong_get_answers(cast, url, GET[key], lambda k: url_for(cast, k))
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_is_refused_and_changes_nothing(cast, key, role):
    url = url_for(cast, key)
    before = ServiceTicket.objects.count()

    response = client_as(cast, role).post(url, {"tiket": "A-1"})

    assert outcome_matches(response, POST[key][role], url, lambda k: url_for(cast, k)), (
        f"POST {url} as {role}: expected {POST[key][role]}, got {describe(response)}"
    )
    assert ServiceTicket.objects.count() == before

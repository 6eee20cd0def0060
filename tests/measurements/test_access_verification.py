"""Who gets what from the realisasi pages, role by role (the permission matrix of this area).

Only the employee records their own realisasi. Evidence files and the version
history are shown to whoever may see the employee: the pegawai, the reporting
line above, HR and the auditor of the instansi; nobody else learns they exist
(404). Only the derived penilai verifies or rejects; the inbox is for people
who assess staff.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kinerja.measurements.models import EvidenceFile, Measurement, MeasurementStatus
from kinerja.measurements.services import measurement_record
from tests.conftest import ROLES, Cast
from tests.matrix import client_as, describe, outcome_matches, parse, wrong_get_answers
from tests.support import month, pdf_upload

GET_TABLE = """
key                anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
record@pegawai     login     200     403     403    404      404       403      403
evidence@pegawai   login     200     200     200    404      404       200      200
history@pegawai    login     200     200     200    404      404       200      200
history@coverage   login     200     200     200    404      404       200      200
verify_inbox       login     403     200     200    403      403       403      403
verify             login     405     405     405    405      405       405      405
reject@pending     login     405     405     405    405      405       405      405
"""

POST_TABLE = """
key                anonymous pegawai penilai atasan outsider foreigner hr_admin auditor
record@pegawai     login     →mine   403     403    404      404       403      403
verify             login     403     →inbox  →inbox 403      403       403      403
reject@pending     login     403     →inbox  403    404      404       403      403
"""

COVERED = {
    "measurements:record",
    "measurements:evidence",
    "measurements:history",
    "measurements:verify_inbox",
    "measurements:verify",
    "measurements:reject",
}

GET = parse(GET_TABLE)
POST = parse(POST_TABLE)


class World:
    """The cast and one pending realisasi with an evidence file (a plain class: see
    tests/plans/test_access_workflow.py)."""

    def __init__(self, cast: Cast, measurement: Measurement, evidence: EvidenceFile) -> None:
        self.cast = cast
        self.measurement = measurement
        self.evidence = evidence

    def url(self, key: str) -> str:
        name, _, target = key.partition("@")
        cast = self.cast
        if name == "record":
            return reverse("measurements:record", args=[cast.programmes.pk])
        if name == "evidence":
            return reverse("measurements:evidence", args=[self.evidence.pk])
        if name == "history":
            indicator = cast.coverage if target == "coverage" else cast.programmes
            return reverse("measurements:history", args=[indicator.pk])
        if name in {"verify_inbox", "inbox"}:
            return reverse("measurements:verify_inbox")
        if name == "verify":
            return reverse("measurements:verify")
        if name == "reject":
            return reverse("measurements:reject", args=[self.measurement.pk])
        if name == "mine":
            return reverse("dashboards:mine")
        raise AssertionError(key)


@pytest.fixture
def world(cast, media_root) -> World:
    measurement = measurement_record(
        user=cast.pegawai.user,
        plan_indicator=cast.programmes,
        period=month(cast.year, 1),
        value=Decimal(3),
        evidence=[pdf_upload()],
    )
    return World(cast, measurement, measurement.evidence_files.get())


@pytest.mark.parametrize("key", list(GET))
def test_get_answers_each_role_as_the_matrix_says(world, key):
    url = world.url(key)
    wrong = wrong_get_answers(world.cast, url, GET[key], world.url)
    assert not wrong, f"GET {url}\n" + "\n".join(wrong)


def _state() -> list[tuple[object, ...]]:
    return list(
        Measurement.objects.order_by("pk").values_list(
            "pk", "value", "status", "verified_by", "verification_note", "superseded_at"
        )
    )


def _post_data(world: World, key: str) -> dict[str, object]:
    if key.startswith("record"):
        return {"period": month(world.cast.year, 2).pk, "value": "5", "note": ""}
    if key == "verify":
        return {"measurement": [world.measurement.pk], "note": ""}
    return {"note": "Bukti tidak sesuai bulan"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", list(POST))
def test_post_answers_and_acts_only_for_the_allowed_role(world, key, role):
    url = world.url(key)
    expected = POST[key][role]
    before = _state()

    response = client_as(world.cast, role).post(url, _post_data(world, key))

    assert outcome_matches(response, expected, url, world.url), (
        f"POST {url} as {role}: expected {expected}, got {describe(response)}"
    )
    row = Measurement.objects.get(pk=world.measurement.pk)
    if key == "record@pegawai" and role == "pegawai":
        assert Measurement.objects.count() == len(before) + 1
    elif key == "verify" and role == "penilai":
        assert row.status == MeasurementStatus.VERIFIED
        assert row.verified_by == world.cast.penilai.user
    elif key == "reject@pending" and role == "penilai":
        assert row.status == MeasurementStatus.REJECTED
        assert row.verification_note == "Bukti tidak sesuai bulan"
    else:
        # The atasan passes the inbox's door but is not this employee's penilai.
        assert _state() == before, f"POST {url} as {role} changed data"


def test_evidence_of_another_instansi_is_hidden_even_from_hr(world):
    # An evidence id of instansi A asked for by instansi B's only employee: 404, as absent.
    response = client_as(world.cast, "foreigner").get(world.url("evidence@pegawai"))
    assert response.status_code == 404
    missing = reverse("measurements:evidence", args=[world.evidence.pk + 1000])
    assert client_as(world.cast, "hr_admin").get(missing).status_code == 404

"""The queue router through ninja's TestClient, behind a stand-in for the API's token auth."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import pytest
from ninja import NinjaAPI
from ninja.testing import TestClient

from kinerja.indicators.models import Indicator
from kinerja.measurements.models import DataSource, Measurement
from kinerja.servicetimes.api import router
from kinerja.servicetimes.models import ServiceTicket
from kinerja.servicetimes.services import MAX_EVENTS
from tests.servicetimes.support import at, build_queue, current, step, whole


@dataclass
class FakeToken:
    """What the API app's auth puts on request.auth: a token naming its source and scope.

    `scope` None allows every indicator (no real token does; it keeps the
    tests of parsing and merging free of scope set-up).
    """

    data_source: DataSource | None
    scope: frozenset[int] | None = None

    def allows(self, indicator_id: int | None) -> bool:
        return indicator_id is not None and (self.scope is None or indicator_id in self.scope)


def client_for(source: DataSource | None, scope: Iterable[int] | None = None) -> TestClient:
    token = FakeToken(source, None if scope is None else frozenset(scope))
    api = NinjaAPI(auth=lambda request: token, urls_namespace=f"test-{id(token)}")
    api.add_router("/", router)
    return TestClient(api)


def post(client: TestClient, body: object):
    return client.post("/antrean/peristiwa", data=json.dumps(body), content_type="application/json")


@pytest.fixture
def queue(cast):
    return build_queue(cast)


def test_batch_returns_counts_and_errors_per_event(cast, queue):
    y = cast.year.year
    response = post(
        client_for(queue.source),
        [
            whole(
                "A-1", at(y, 1, 6, 8), at(y, 1, 6, 8, 10), at(y, 1, 6, 8, 20), nip=cast.pegawai.nip
            ),
            step("A-1", "selesai", at(y, 1, 6, 8, 20)),
            step("A-2", "datang", "kemarin sore"),
        ],
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["diterima"], body["baru"], body["tanpa_perubahan"], body["ditolak"]) == (
        3,
        1,
        1,
        1,
    )
    assert body["errors"] == [
        {"index": 2, "field": "waktu", "message": body["errors"][0]["message"]}
    ]
    assert "ISO 8601" in body["errors"][0]["message"]
    assert body["pengisian"]["nilai_ditulis"] >= 1
    assert ServiceTicket.objects.get().data_source == queue.source


def test_wrapped_list_is_accepted(cast, queue):
    y = cast.year.year
    response = post(client_for(queue.source), {"peristiwa": [step("W", "datang", at(y, 1, 6, 8))]})
    assert response.status_code == 200
    assert response.json()["baru"] == 1


@pytest.mark.parametrize("body", ["tidak json", {"tiket": "A"}, 5])
def test_not_a_list_is_refused_in_indonesian(cast, queue, body):
    client = client_for(queue.source)
    if isinstance(body, str):
        response = client.post("/antrean/peristiwa", data=body, content_type="application/json")
    else:
        response = post(client, body)
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not ServiceTicket.objects.exists()


def test_too_many_events_are_refused_whole(cast, queue):
    y = cast.year.year
    events = [step(f"T-{i}", "datang", at(y, 1, 6, 8)) for i in range(MAX_EVENTS + 1)]
    response = post(client_for(queue.source), events)
    assert response.status_code == 413
    assert str(MAX_EVENTS) in response.json()["detail"]
    assert not ServiceTicket.objects.exists()


def test_token_without_source_or_inactive_source_is_refused(cast, queue):
    y = cast.year.year
    event = [step("A", "datang", at(y, 1, 6, 8))]
    assert post(client_for(None), event).status_code == 403
    queue.source.active = False
    queue.source.save()
    response = post(client_for(queue.source), event)
    assert response.status_code == 403
    assert "tidak aktif" in response.json()["detail"]
    assert not ServiceTicket.objects.exists()


def test_events_of_another_instansi_are_refused_through_the_api(cast, queue):
    y = cast.year.year
    response = post(client_for(queue.source), [step("X", "datang", at(y, 1, 6, 8), unit="dinkes")])
    body = response.json()
    assert response.status_code == 200
    assert body["ditolak"] == 1 and body["errors"][0]["field"] == "unit"


@pytest.mark.parametrize("unit", [10**30, 2**63, 0, -4])
def test_a_unit_number_no_unit_can_have_is_refused_not_a_500(cast, queue, unit):
    y = cast.year.year
    response = post(client_for(queue.source), [step("U", "datang", at(y, 1, 6, 8), unit=unit)])
    body = response.json()
    assert response.status_code == 200
    assert body["ditolak"] == 1 and body["errors"][0]["field"] == "unit"
    assert not ServiceTicket.objects.exists()


def test_only_iki_of_indicators_in_the_tokens_scope_are_fed(cast, queue):
    y = cast.year.year
    events = [
        whole("A-1", at(y, 1, 6, 8), at(y, 1, 6, 8, 10), at(y, 1, 6, 8, 20), nip=cast.pegawai.nip)
    ]
    response = post(client_for(queue.source, scope=[queue.wait_officer.pk]), events)

    assert response.status_code == 200
    assert current(queue.pegawai_wait, 1) is not None
    # The unit's service time is not in this token's scope: nobody's IKI gets it.
    assert current(queue.pegawai_service, 1) is None
    assert current(queue.penilai_service, 1) is None


def test_a_token_without_service_time_indicators_is_refused_and_stores_nothing(cast, queue):
    other = Indicator.objects.filter(instansi=cast.instansi, service_metric="").first()
    assert other is not None
    y = cast.year.year
    events = [whole("A-1", at(y, 1, 6, 8), at(y, 1, 6, 8, 10), None, nip=cast.pegawai.nip)]

    response = post(client_for(queue.source, scope=[other.pk]), events)

    assert response.status_code == 403
    body = response.json()
    assert body["errors"] == [] and "waktu layanan" in body["detail"]
    assert not ServiceTicket.objects.exists()
    assert not Measurement.objects.exists()

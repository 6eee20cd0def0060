"""The queue endpoint behind the real token auth: a token writes only what its scope allows.

The reviewer's scenario: a token of a trusted source, scoped to an education
indicator, must not write anybody's waiting times (nor store tickets).
"""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from kinerja.api.services import token_create
from kinerja.indicators.models import Indicator
from kinerja.measurements.models import Measurement
from kinerja.servicetimes.models import ServiceTicket
from tests.servicetimes.support import at, build_queue, current, whole


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The API's rate limit counts in the cache; start every test with an empty window.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def queue(cast):
    return build_queue(cast)


def _post(cast, queue, *indicators: Indicator):
    issued = token_create(
        actor=cast.hr_admin, source=queue.source, name="mesin", indicators=indicators
    )
    y = cast.year.year
    events = [
        whole("A-1", at(y, 1, 6, 8), at(y, 1, 6, 8, 10), at(y, 1, 6, 8, 20), nip=cast.pegawai.nip)
    ]
    return Client().post(
        "/api/v1/antrean/peristiwa",
        json.dumps(events),
        content_type="application/json",
        headers={"Authorization": f"Bearer {issued.secret}"},
    )


def test_a_token_scoped_to_other_indicators_is_refused(cast, queue):
    education = Indicator.objects.get(instansi=cast.instansi, code="program-pendidikan")

    response = _post(cast, queue, education)

    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    assert not ServiceTicket.objects.exists()
    assert not Measurement.objects.exists()


def test_a_token_feeds_only_its_own_service_time_indicators(cast, queue):
    response = _post(cast, queue, queue.service_unit)

    assert response.status_code == 200
    assert current(queue.pegawai_service, 1) is not None
    assert current(queue.penilai_service, 1) is not None
    assert current(queue.pegawai_wait, 1) is None

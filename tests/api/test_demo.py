"""The demo's source systems: a token per demo instansi that answers at once."""

from __future__ import annotations

import pytest
from django.test import Client

from kinerja.api.models import ApiToken
from kinerja.demo import api as demo_api
from kinerja.indicators.models import Indicator


@pytest.mark.django_db
def test_the_demo_token_reads_its_scope_and_loading_twice_adds_nothing(cast):
    Indicator.objects.filter(code="aps-7-12").update(source_kind="api")

    # The cast's two instansi carry the demo's codes, so each gets its source.
    assert demo_api.load() == 2
    assert demo_api.load() == 0
    name, _, secret = demo_api.DEMO_SOURCES["jambi"]
    response = Client().get("/api/v1/indikator", headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 200
    assert [i["kode"] for i in response.json()] == ["aps-7-12"]
    assert ApiToken.objects.get(data_source__instansi__code="jambi").data_source.name == name

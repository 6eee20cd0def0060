"""/healthz tells a load balancer whether the database and the broker answer."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse


@pytest.fixture
def probe(db):
    def get():
        response = Client().get(reverse("healthz"))
        assert response["Content-Type"] == "application/json"
        return response.status_code, response.json()

    return get


def test_embedded_install_is_healthy_without_a_broker(probe, settings):
    settings.CELERY_BROKER_URL = None
    assert probe() == (200, {"status": "ok", "database": "ok", "broker": "embedded"})


def test_reachable_broker_is_ok(probe, settings):
    settings.CELERY_BROKER_URL = "memory://"
    assert probe() == (200, {"status": "ok", "database": "ok", "broker": "ok"})


def test_unreachable_broker_is_503_without_waiting_between_attempts(probe, settings):
    # Port 1 on the loopback is closed: the connection is refused at once. A probe
    # must not sleep between retries (a load balancer would time it out), so any
    # sleep during the probe is a failure; how fast it runs is the benchmark's job.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    with mock.patch("time.sleep", side_effect=AssertionError("the probe slept")):
        status, body = probe()
    assert (status, body) == (503, {"status": "down", "database": "ok", "broker": "down"})


def test_database_down_is_503(probe, settings):
    settings.CELERY_BROKER_URL = None
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        status, body = probe()
    assert (status, body) == (503, {"status": "down", "database": "down", "broker": "embedded"})


def test_database_answering_wrongly_is_down(probe, settings):
    settings.CELERY_BROKER_URL = None
    cursor = mock.MagicMock()
    cursor.__enter__.return_value.fetchone.return_value = None
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", return_value=cursor):
        status, body = probe()
    assert (status, body["database"]) == (503, "down")

"""Fixtures of the API tests: a source system of the cast's instansi and its token."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from kinerja.api.services import IssuedToken, source_create, token_create
from kinerja.indicators.models import Indicator
from kinerja.measurements.models import DataSource
from tests.conftest import Cast


@dataclass
class Api:
    """A client speaking to /api/v1/ with one token."""

    cast: Cast
    source: DataSource
    issued: IssuedToken
    client: Client

    @property
    def secret(self) -> str:
        return self.issued.secret

    def headers(self, secret: str | None = None, **extra: str) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {secret or self.secret}"}
        headers.update(extra)
        return headers

    def get(self, path: str, secret: str | None = None, **params: Any):
        return self.client.get(f"/api/v1/{path}", params, headers=self.headers(secret))

    def post(self, path: str, body: Any, *, secret: str | None = None, raw: bool = False, **hdr):
        data = body if raw else json.dumps(body)
        return self.client.post(
            f"/api/v1/{path}",
            data,
            content_type="application/json",
            headers=self.headers(secret, **hdr),
        )


def issue(cast: Cast, source: DataSource, *codes: str, name: str = "server") -> IssuedToken:
    indicators = Indicator.objects.filter(instansi=source.instansi, code__in=codes)
    return token_create(actor=cast.hr_admin, source=source, name=name, indicators=indicators)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The rate limit counts in the cache; every test starts with an empty window.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def source(cast: Cast) -> DataSource:
    return source_create(
        actor=cast.hr_admin, instansi=cast.instansi, name="Dapodik", kind="api", trusted=False
    )


@pytest.fixture
def api(cast: Cast, source: DataSource) -> Api:
    issued = issue(cast, source, "program-pendidikan", "aps-7-12")
    return Api(cast, source, issued, Client())

"""Token outcomes: who the API answers, and how it refuses everyone else."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from kinerja.api.models import ApiToken, token_digest
from kinerja.api.services import source_update, token_revoke
from tests.api.conftest import issue


def test_a_valid_token_is_answered_and_its_use_is_remembered(api):
    response = api.get("indikator")

    assert response.status_code == 200
    token = ApiToken.objects.get(pk=api.issued.token.pk)
    assert token.last_used_at is not None


def test_only_a_digest_of_the_secret_is_stored(api):
    token = ApiToken.objects.get(pk=api.issued.token.pk)

    assert token.key_hash == token_digest(api.secret)
    assert api.secret not in token.key_hash
    assert api.secret.startswith(token.prefix)
    assert len(api.secret) >= 40  # 32 random bytes, urlsafe-encoded, plus the prefix


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer knj_unknown", "Token abc"],
)
def test_a_missing_or_unknown_token_is_401(api, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}

    response = api.client.get("/api/v1/indikator", headers=headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]
    assert response.json()["errors"] == []


def test_a_revoked_token_is_401(api):
    token_revoke(actor=api.cast.hr_admin, token=api.issued.token)

    assert api.get("indikator").status_code == 401


def test_an_expired_token_is_401_and_one_not_yet_expired_works(api):
    ApiToken.objects.filter(pk=api.issued.token.pk).update(
        expires_at=timezone.now() + dt.timedelta(hours=1)
    )
    assert api.get("indikator").status_code == 200

    ApiToken.objects.filter(pk=api.issued.token.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert api.get("indikator").status_code == 401


def test_a_token_of_an_inactive_source_is_403_and_writes_nothing(api):
    source_update(source=api.source, name=api.source.name, kind=api.source.kind, active=False)
    cast = api.cast

    read = api.get("indikator")
    write = api.post(
        "realisasi",
        {
            "nip": cast.pegawai.nip,
            "indikator": "program-pendidikan",
            "tahun": cast.year.year,
            "bulan": 1,
            "nilai": 1,
        },
    )

    assert read.status_code == 403
    assert write.status_code == 403
    assert "dinonaktifkan" in write.json()["detail"]
    assert not cast.programmes.measurements.exists()


def test_a_session_does_not_open_the_api(api):
    api.client.force_login(api.cast.hr_admin)

    response = api.client.get("/api/v1/indikator")

    assert response.status_code == 401


def test_tokens_of_two_sources_see_only_their_own_scope(cast, api, source):
    other = issue(cast, source, "aps-7-12", name="kedua")

    mine = {i["kode"] for i in api.get("indikator").json()}
    theirs = {i["kode"] for i in api.get("indikator", secret=other.secret).json()}

    assert mine == {"program-pendidikan", "aps-7-12"}
    assert theirs == {"aps-7-12"}


def test_a_source_system_posts_without_a_csrf_token(api):
    # Machines send no cookies, so Django's CSRF check must not stand in their way.
    client = Client(enforce_csrf_checks=True)
    cast = api.cast
    body = {
        "nip": cast.pegawai.nip,
        "indikator": "program-pendidikan",
        "tahun": cast.year.year,
        "bulan": 1,
        "nilai": 1,
    }

    response = client.post(
        "/api/v1/realisasi",
        json.dumps(body),
        content_type="application/json",
        headers=api.headers(),
    )

    assert response.status_code == 201

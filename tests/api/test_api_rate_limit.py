"""The per-token rate limit: a fixed window a minute, counted in the cache."""

from __future__ import annotations

from django.test import override_settings

from tests.api.conftest import issue


@override_settings(API_RATE_LIMIT_PER_MINUTE=3)
def test_requests_beyond_the_limit_get_429_with_retry_after(api):
    answers = [api.get("indikator").status_code for _ in range(3)]

    refused = api.get("indikator")

    assert answers == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"]


@override_settings(API_RATE_LIMIT_PER_MINUTE=2)
def test_each_token_has_its_own_window(cast, api, source):
    other = issue(cast, source, "aps-7-12", name="kedua")
    for _ in range(2):
        api.get("indikator")

    assert api.get("indikator").status_code == 429
    assert api.get("indikator", secret=other.secret).status_code == 200


@override_settings(API_RATE_LIMIT_PER_MINUTE=1)
def test_a_refused_write_changes_nothing(api):
    cast = api.cast
    api.get("indikator")

    response = api.post(
        "realisasi",
        {
            "nip": cast.pegawai.nip,
            "indikator": "program-pendidikan",
            "tahun": cast.year.year,
            "bulan": 1,
            "nilai": 2,
        },
    )

    assert response.status_code == 429
    assert not cast.programmes.measurements.exists()


def test_the_default_limit_lets_ordinary_traffic_through(api):
    assert all(api.get("indikator").status_code == 200 for _ in range(20))

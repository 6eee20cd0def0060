"""The HR pages of source systems: forms refuse bad input, the secret is shown once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kinerja.api.forms import EXPIRY_MAX_YEARS, years_after
from kinerja.api.models import ApiToken, token_digest
from kinerja.api.services import source_create
from kinerja.indicators.models import Indicator
from kinerja.measurements.models import DataSource
from tests.api.conftest import issue
from tests.support import field_errors


@pytest.fixture
def hr(client, cast):
    client.force_login(cast.hr_admin)
    return client


def test_a_source_name_is_unique_within_the_instansi(hr, cast, source):
    response = hr.post(
        reverse("api:source_create"),
        {"instansi": cast.instansi.pk, "name": "dapodik", "kind": "api"},
    )

    assert response.status_code == 200
    assert field_errors(response.content.decode(), "id_name")
    assert DataSource.objects.count() == 1


def test_hr_cannot_create_a_source_for_another_instansi(hr, cast):
    response = hr.post(
        reverse("api:source_create"),
        {"instansi": cast.other_instansi.pk, "name": "SIMPUS", "kind": "api"},
    )

    assert response.status_code == 200
    assert not DataSource.objects.exists()


def test_a_token_is_shown_once_and_stored_only_as_a_digest(hr, cast, source):
    indicator = cast.instansi.indicators.get(code="aps-7-12")

    response = hr.post(
        reverse("api:token_create", args=[source.pk]),
        {"name": "server", "indicators": [indicator.pk]},
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    token = ApiToken.objects.get()
    assert token.key_hash == token_digest(secret)
    assert list(token.indicators.all()) == [indicator]
    assert secret in response.content.decode()
    detail = hr.get(reverse("api:source_detail", args=[source.pk])).content.decode()
    assert secret not in detail
    assert token.prefix in detail


def test_a_token_cannot_be_scoped_to_another_instansis_indicator(hr, cast, source):
    foreign = Indicator.objects.create(
        instansi=cast.other_instansi,
        code="imunisasi",
        name="Cakupan imunisasi",
        unit_of_measure="%",
        polarity="higher_better",
        aggregation="ratio",
    )

    response = hr.post(
        reverse("api:token_create", args=[source.pk]),
        {"name": "server", "indicators": [foreign.pk]},
    )

    assert response.status_code == 200
    assert field_errors(response.content.decode(), "id_indicators")
    assert not ApiToken.objects.exists()


def test_an_expiry_in_the_past_is_refused(hr, cast, source):
    indicator = cast.instansi.indicators.first()

    response = hr.post(
        reverse("api:token_create", args=[source.pk]),
        {"name": "server", "indicators": [indicator.pk], "expires_on": "2000-01-01"},
    )

    assert field_errors(response.content.decode(), "id_expires_on")
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("day", ["9999-12-31", "LATEST+1"])
def test_an_expiry_beyond_the_cap_is_refused(hr, cast, source, day):
    indicator = cast.instansi.indicators.first()
    if day == "LATEST+1":
        latest = years_after(timezone.localdate(), EXPIRY_MAX_YEARS)
        day = (latest + dt.timedelta(days=1)).isoformat()

    response = hr.post(
        reverse("api:token_create", args=[source.pk]),
        {"name": "server", "indicators": [indicator.pk], "expires_on": day},
    )

    assert response.status_code == 200
    assert field_errors(response.content.decode(), "id_expires_on")
    assert not ApiToken.objects.exists()


def test_an_expiry_at_the_cap_is_kept_to_the_end_of_that_day(hr, cast, source):
    indicator = cast.instansi.indicators.first()
    latest = years_after(timezone.localdate(), EXPIRY_MAX_YEARS)

    response = hr.post(
        reverse("api:token_create", args=[source.pk]),
        {"name": "server", "indicators": [indicator.pk], "expires_on": latest.isoformat()},
    )

    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert timezone.localtime(token.expires_at).date() == latest + dt.timedelta(days=1)


@pytest.mark.parametrize("raw", ["9" * 30, "\u00b2", "-1"])
def test_an_indicator_id_that_is_no_id_is_a_field_error(hr, cast, source, raw):
    response = hr.post(
        reverse("api:token_create", args=[source.pk]), {"name": "server", "indicators": [raw]}
    )

    assert response.status_code == 200
    assert field_errors(response.content.decode(), "id_indicators")
    assert not ApiToken.objects.exists()


def test_revoking_twice_keeps_the_first_revocation(hr, cast, source):
    token = issue(cast, source, "aps-7-12").token
    url = reverse("api:token_revoke", args=[token.pk])
    hr.post(url)
    first = ApiToken.objects.get().revoked_at

    hr.post(url)

    assert ApiToken.objects.get().revoked_at == first


def test_deactivating_a_source_is_shown_and_its_tokens_refused(hr, cast, api):
    response = hr.post(
        reverse("api:source_edit", args=[api.source.pk]),
        {"name": "Dapodik", "kind": "api", "description": ""},
    )

    assert response.status_code == 302
    assert DataSource.objects.get().active is False
    assert api.get("indikator").status_code == 403
    page = hr.get(reverse("api:sources")).content.decode()
    assert "Nonaktif" in page


def test_sources_of_another_instansi_are_not_listed(hr, cast):
    source_create(actor=cast.hr_admin, instansi=cast.other_instansi, name="SIMPUS", kind="api")

    page = hr.get(reverse("api:sources")).content.decode()

    assert "SIMPUS" not in page

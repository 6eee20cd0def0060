"""Indonesian by default; /i18n/setlang/ switches the language and remembers it in a cookie.

English texts are being written; these tests check the mechanism, and that the
messages users read by default are Indonesian.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.support import field_errors, month


def _lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match
    return match.group(1)


def test_pages_are_indonesian_by_default(cast):
    client = Client()
    client.force_login(cast.pegawai.user)
    html = client.get(reverse("dashboards:mine")).content.decode()
    assert _lang(html) == "id"
    assert "Kinerja Saya" in html


def test_setlang_sets_the_language_cookie_and_returns_to_the_page(cast):
    client = Client()
    client.force_login(cast.pegawai.user)
    mine = reverse("dashboards:mine")

    response = client.post(reverse("set_language"), {"language": "en", "next": mine})

    assert response.status_code == 302
    assert response["Location"] == mine
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert _lang(client.get(mine).content.decode()) == "en"

    response = client.post(reverse("set_language"), {"language": "id", "next": mine})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    assert _lang(client.get(mine).content.decode()) == "id"


def test_setlang_ignores_a_language_the_product_does_not_offer(cast):
    client = Client()
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_setlang_never_redirects_to_another_site(cast):
    client = Client()
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_browser_language_english_is_honoured(cast):
    client = Client(headers={"accept-language": "en"})
    html = client.get(reverse("login")).content.decode()
    assert _lang(html) == "en"


def test_form_messages_are_indonesian_by_default(cast):
    client = Client()
    client.force_login(cast.pegawai.user)
    url = reverse("measurements:record", args=[cast.coverage.pk])
    response = client.post(
        url, {"period": month(cast.year, 1).pk, "numerator": "1", "denominator": "0"}
    )
    assert field_errors(response.content.decode(), "id_denominator") == [
        "Penyebut tidak boleh nol."
    ]

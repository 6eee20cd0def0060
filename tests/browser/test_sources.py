"""Source systems in a real browser: HR registers a source, issues a token, sees its secret
once, the source system uses it, and HR revokes it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from kinerja.api.models import ApiToken
from kinerja.measurements.models import DataSource
from tests.browser.conftest import Visit
from tests.conftest import Cast

pytestmark = pytest.mark.browser


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def api_status(base_url: str, secret: str) -> int:
    request = urllib.request.Request(
        f"{base_url}/api/v1/indikator", headers={"Authorization": f"Bearer {secret}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            json.load(response)
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_hr_creates_a_source_and_a_token_sees_the_secret_once_and_revokes_it(
    cast_live: Cast, visit: Visit
) -> None:
    hr = visit()
    page = hr.page
    hr.login("hr_admin")
    page.locator(f'nav a[href="{reverse("api:sources")}"]').click()
    hr.check("sistem-sumber-kosong")
    expect(page.get_by_text("Belum ada sistem sumber.")).to_be_visible()

    page.get_by_role("link", name="Tambah sistem sumber").click()
    hr.check("sistem-sumber-baru")
    submit(page)  # no name: refused, nothing saved
    expect(page.locator("#id_name_error")).to_be_visible()
    assert not DataSource.objects.exists()
    page.fill("#id_name", "Dapodik")
    page.check("#id_trusted")
    submit(page)
    hr.check("sistem-sumber-detail")
    expect(page.get_by_role("heading", name="Dapodik")).to_be_visible()
    expect(page.get_by_text("Ya: nilainya langsung terverifikasi")).to_be_visible()

    page.get_by_role("link", name="Buat token").click()
    hr.check("token-baru")
    page.fill("#id_name", "server dapodik")
    submit(page)  # no indicator chosen: refused
    expect(page.locator("#id_indicators_error")).to_be_visible()
    assert not ApiToken.objects.exists()
    page.get_by_label("program-pendidikan · Jumlah program pendidikan yang dilaksanakan").check()
    submit(page)
    hr.check("token-dibuat")
    secret = page.get_by_test_id("token-secret").input_value()
    token = ApiToken.objects.get()
    assert secret.startswith(token.prefix)
    assert api_status(hr.base_url, secret) == 200

    page.get_by_role("link", name="Selesai, kembali ke sistem sumber").click()
    hr.check("sistem-sumber-dengan-token")
    assert secret not in page.content()
    expect(page.get_by_text(f"{token.prefix}…")).to_be_visible()
    # Reopening the source never shows the secret again.
    hr.goto("api:source_detail", token.data_source_id)
    assert secret not in page.content()

    page.get_by_role("link", name="Cabut").click()
    hr.check("token-cabut")
    submit(page)
    hr.check("token-dicabut")
    expect(page.get_by_role("cell", name="Dicabut")).to_be_visible()
    assert api_status(hr.base_url, secret) == 401


def test_the_auditor_reads_sources_without_changing_them(cast_live: Cast, visit: Visit) -> None:
    DataSource.objects.create(instansi=cast_live.instansi, name="SIMPUS", kind="api")
    auditor = visit()
    auditor.login("auditor")
    auditor.goto("api:sources")
    auditor.check("sistem-sumber-auditor")
    page = auditor.page
    expect(page.get_by_role("link", name="Tambah sistem sumber")).to_have_count(0)
    page.get_by_role("link", name="SIMPUS").click()
    auditor.check("sistem-sumber-detail-auditor")
    expect(page.get_by_role("link", name="Buat token")).to_have_count(0)

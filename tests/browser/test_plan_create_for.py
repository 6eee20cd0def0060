"""HR starts a superior's SKP in a real browser, so the staff below are not stuck."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kinerja.plans.models import PerformancePlan
from tests.browser.conftest import Visit
from tests.conftest import Cast

pytestmark = pytest.mark.browser


def test_hr_starts_the_skp_of_a_superior_who_has_none(cast_live: Cast, visit: Visit) -> None:
    cast = cast_live
    hr = visit("hr")
    page = hr.page
    hr.login("hr_admin")
    hr.goto("dashboards:employee", cast.atasan.pk)
    hr.check("pegawai-tanpa-skp")

    page.get_by_test_id("create-for").click()

    hr.check("skp-dibuat-atas-nama")
    expect(page.locator("h1")).to_contain_text(cast.atasan.name)
    assert PerformancePlan.objects.filter(employee=cast.atasan).count() == 1

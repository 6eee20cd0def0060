"""Pages that follow their data: a value arrives through another channel while the page is open.

The value is submitted in the test through measurement_submit (as the API, an
import or the queue machine would), not through the page; the open page must
show the new capaian without navigating, keep what the reader had open and
where they were, and say politely that the data was updated.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from kinerja.core.explanations import format_number
from kinerja.cycles.models import Period
from kinerja.indicators.models import SourceKind
from kinerja.measurements.services import Origin, measurement_submit
from kinerja.plans.models import PerformancePlan, PlanIndicator
from tests.browser.conftest import Visit
from tests.conftest import Cast

pytestmark = pytest.mark.browser


def _arrive(cast: Cast, value: str) -> None:
    """A value from another channel (HR's bulk import), through the one write path.

    An import names the HR admin who uploaded it; a value without any user (the
    API) currently breaks the realisasi history's "who" cell, which helper A's
    source display replaces.
    """
    indicator = PlanIndicator.objects.select_related("result__plan__year").get(
        pk=cast.programmes.pk
    )
    measurement_submit(
        plan_indicator=indicator,
        period=Period.objects.get(year=cast.year, kind="month", number=1),
        origin=Origin(kind=SourceKind.IMPORT, user=cast.hr_admin),
        value=Decimal(value),
    )


def _percent(value: Decimal | None) -> str:
    assert value is not None
    return f"{format_number(value)}%"


def test_kinerja_saya_shows_a_new_value_without_a_reload(cast_live: Cast, visit: Visit) -> None:
    pegawai = visit("live-pegawai")
    pegawai.login("pegawai")
    pegawai.goto("dashboards:mine")
    pegawai.check("kinerja-saya-before")
    page = pegawai.page
    card = page.get_by_test_id(f"iki-{cast_live.programmes.pk}")
    expect(card.get_by_test_id("iki-achievement")).to_have_text("–")
    # What the reader was doing: a history opened, a place on the page, a focused link.
    history = card.locator("details", has_text="Riwayat realisasi bulanan")
    history.locator("summary").click()
    page.evaluate("window.scrollTo(0, 200); window.__sameDocument = true;")
    where = card.bounding_box()
    assert where is not None
    record_link = card.get_by_role("link", name="Catat realisasi")
    record_link.focus()
    # Let live.js take its first stamp before the value arrives.
    page.wait_for_timeout(2500)

    _arrive(cast_live, "3")

    iki = PlanIndicator.objects.get(pk=cast_live.programmes.pk)
    plan = PerformancePlan.objects.get(pk=cast_live.pegawai_plan.pk)
    expect(card.get_by_test_id("iki-achievement")).to_have_text(
        _percent(iki.achievement), timeout=10_000
    )
    expect(page.get_by_test_id("plan-achievement")).to_have_text(_percent(plan.achievement))
    expect(page.get_by_role("status").filter(has_text="Data diperbarui")).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True, "the page navigated"
    # The IKI now also has an explanation (another <details>): the history stays open.
    assert history.evaluate("d => d.open") is True
    # Where the reader was stays on screen: the page did not jump to the top. (It
    # may move by the height of what the new data adds above it, e.g. the SKP
    # capaian's explanation; the browser's scroll anchoring absorbs the notice.)
    after = card.bounding_box()
    assert after is not None and abs(after["y"] - where["y"]) <= 60, (where, after)
    assert page.evaluate("window.scrollY") >= 200
    focused = page.evaluate("document.activeElement && document.activeElement.textContent")
    assert focused is not None and "Catat realisasi" in focused
    pegawai.check("kinerja-saya-after")


def test_tim_saya_follows_a_reports_new_value(cast_live: Cast, visit: Visit) -> None:
    penilai = visit("live-penilai")
    penilai.login("penilai")
    penilai.goto("dashboards:team")
    penilai.check("tim-saya-before")
    row = penilai.page.get_by_test_id(f"member-{cast_live.pegawai.pk}")
    expect(row).to_contain_text("–")
    penilai.page.wait_for_timeout(2500)

    _arrive(cast_live, "6")

    plan = PerformancePlan.objects.get(pk=cast_live.pegawai_plan.pk)
    expect(row).to_contain_text(_percent(plan.achievement), timeout=10_000)
    expect(penilai.page.get_by_role("status").filter(has_text="Data diperbarui")).to_be_visible()
    penilai.check("tim-saya-after")


def test_without_javascript_the_page_still_shows_its_data(
    cast_live: Cast, visit: Visit, browser
) -> None:
    _arrive(cast_live, "3")
    context = browser.new_context(java_script_enabled=False, locale="id-ID")
    try:
        page = context.new_page()
        page.goto(visit("nojs").base_url + "/masuk/")
        page.fill("#id_username", "pegawai")
        page.fill("#id_password", "kinerja-uji-123")
        with page.expect_navigation():
            page.click("form.stacked button[type=submit]")
        iki = PlanIndicator.objects.get(pk=cast_live.programmes.pk)
        card = page.get_by_test_id(f"iki-{cast_live.programmes.pk}")
        expect(card.get_by_test_id("iki-achievement")).to_have_text(_percent(iki.achievement))
        # The notice is for scripts to fill: without them it stays hidden.
        expect(page.locator(".live-notice")).to_be_hidden()
    finally:
        context.close()

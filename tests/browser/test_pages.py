"""Pages around the journey: account pages, the admin, the language switch, a phone screen."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from kinerja.cycles.selectors import evaluation_period_current
from tests.browser.conftest import PHONE, Visit, Visitor, record_months
from tests.conftest import PASSWORD, Cast

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Rencana-Kinerja-2026!"


def test_pegawai_changes_password(cast_live: Cast, visit: Visit) -> None:
    pegawai = visit()
    page = pegawai.page
    pegawai.login("pegawai")
    page.locator(f'.usermenu a[href="{reverse("password_change")}"]').click()
    pegawai.check("ubah-kata-sandi")
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url == pegawai.url("password_change_done")
    pegawai.check("kata-sandi-diubah")

    logout(pegawai)
    pegawai.login("pegawai", NEW_PASSWORD)
    assert page.url == pegawai.url("dashboards:mine")


def logout(visitor: Visitor) -> None:
    """Log out from the user menu and check where that lands."""
    page = visitor.page
    with page.expect_navigation():
        page.locator(".usermenu form button[type=submit]").click()
    # LOGOUT_REDIRECT_URL sends the user to the login page; logged_out.html is never shown.
    visitor.check("setelah-keluar")
    assert page.url.startswith(visitor.url("login"))
    expect(page.locator(".usermenu")).to_have_count(0)


def test_pegawai_logs_out_and_the_pages_are_closed_to_them(cast_live: Cast, visit: Visit) -> None:
    pegawai = visit()
    page = pegawai.page
    pegawai.login("pegawai")
    logout(pegawai)

    page.goto(pegawai.url("dashboards:mine"))
    assert page.url.startswith(pegawai.url("login"))
    pegawai.check("login-setelah-keluar")


def test_hr_admin_opens_the_admin_from_the_menu(
    cast_live: Cast, visit: Visit, own_browser: Browser
) -> None:
    hr = visit(in_browser=own_browser)
    page = hr.page
    hr.login("hr_admin")
    link = page.locator(f'nav.mainnav a[href="{reverse("admin:index")}"]')
    expect(link).to_have_count(1)
    with page.expect_navigation() as navigation:
        link.click()
    response = navigation.value
    assert response is not None and response.status == 200, page.url
    hr.check("admin", kinerja_layout=False)

    # Master data: the employee list shows only the own instansi, and an edit saves.
    hr.goto("admin:organisation_employee_changelist")
    expect(page.locator("#result_list")).to_contain_text(cast_live.pegawai.name)
    expect(page.locator("#result_list")).not_to_contain_text(cast_live.foreigner.name)
    hr.check("admin-pegawai", kinerja_layout=False)
    hr.goto("admin:organisation_employee_change", cast_live.pegawai.pk)
    page.fill("#id_rank", "Penata Muda (III/a)")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    hr.check("admin-pegawai-disimpan", kinerja_layout=False)
    cast_live.pegawai.refresh_from_db()
    assert cast_live.pegawai.rank == "Penata Muda (III/a)"


def test_language_switch_changes_the_page_language(cast_live: Cast, visit: Visit) -> None:
    pegawai = visit()
    page = pegawai.page
    pegawai.login("pegawai")
    expect(page.locator("html")).to_have_attribute("lang", "id")

    page.select_option("#lang-select", "en")
    with page.expect_navigation():
        page.locator("form.langswitch button[type=submit]").click()

    # Only the lang attribute is asserted: English translations are still being written.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url == pegawai.url("dashboards:mine")
    pegawai.check("kinerja-saya-english")
    # The choice sticks: the next page is English too.
    page.locator(
        f'a[href="{reverse("measurements:record", args=[cast_live.programmes.pk])}"]'
    ).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    pegawai.check("catat-realisasi-english")


def test_kinerja_saya_fits_a_phone_screen(cast_live: Cast, visit: Visit) -> None:
    record_months(cast_live, range(1, timezone.localdate().month + 1))
    phone = visit("phone", PHONE)
    phone.login("pegawai")
    phone.check("kinerja-saya")

    overflow = phone.horizontal_overflow()
    phone.check("kinerja-saya-details-terbuka")
    assert overflow <= 1, f"Kinerja Saya is {overflow}px wider than a 390px phone screen"
    assert phone.clipped_tables() == []
    # With every explanation open: numbers are printed as numbers, not as their JSON form.
    expect(phone.page.locator("main")).not_to_contain_text("$decimal")


def visit_phone_pages(cast: Cast, visit: Visit) -> dict[str, tuple[int, list[int]]]:
    """Open the other working pages on a phone: {page: (page overflow, clipped tables)}."""
    record_months(cast, range(1, timezone.localdate().month + 1))
    seen: dict[str, tuple[int, list[int]]] = {}

    def measure(visitor: Visitor, name: str) -> None:
        visitor.check(name)
        seen[name] = (visitor.horizontal_overflow(), visitor.clipped_tables())

    penilai = visit("phone", PHONE)
    penilai.login("penilai")
    penilai.goto("dashboards:team")
    measure(penilai, "tim-saya")
    period = evaluation_period_current(cast.year, on=timezone.localdate())
    assert period is not None
    penilai.goto("evaluations:evaluate", cast.pegawai_plan.pk, period.pk)
    measure(penilai, "evaluasi-form")

    pegawai = visit("phone", PHONE)
    pegawai.login("pegawai")
    pegawai.goto("measurements:record", cast.coverage.pk)
    measure(pegawai, "catat-realisasi")

    hr = visit("phone", PHONE)
    hr.login("hr_admin")
    measure(hr, "pegawai")
    return seen


def test_working_pages_fit_a_phone_screen(cast_live: Cast, visit: Visit) -> None:
    seen = visit_phone_pages(cast_live, visit)

    wider = {name: overflow for name, (overflow, _) in seen.items() if overflow > 1}
    assert wider == {}, f"pages wider than a 390px phone screen (px): {wider}"


def test_tables_are_not_clipped_on_a_phone_screen(cast_live: Cast, visit: Visit) -> None:
    seen = visit_phone_pages(cast_live, visit)

    clipped = {name: tables for name, (_, tables) in seen.items() if tables}
    assert clipped == {}, f"tables wider than their frame on a phone (px hidden): {clipped}"

"""The scoring policy in a real browser: HR changes it with a reason, sees the history and
the call to recompute; a bad value is refused on the form; an auditor reads it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kinerja.cycles.models import AppraisalYear, PolicyChange
from tests.browser.conftest import PHONE, Visit
from tests.conftest import Cast

pytestmark = pytest.mark.browser


def test_hr_admin_changes_the_policy_and_is_told_to_recompute(cast_live: Cast, visit: Visit):
    hr = visit("policy-hr")
    hr.login("hr_admin")
    hr.page.get_by_role("link", name="Kebijakan Penilaian").click()
    hr.check("policy-years")
    hr.page.get_by_test_id(f"year-{cast_live.year.pk}").get_by_role(
        "link", name="Kebijakan penilaian"
    ).click()
    hr.check("policy-page")
    expect(hr.page.get_by_test_id("item-capaian_cap")).to_contain_text("120,00%")
    expect(hr.page.get_by_test_id("recompute-notice")).to_contain_text(
        "Evaluasi yang sudah difinalkan tidak berubah diam-diam"
    )

    # A threshold above the cap is refused with the reason, and nothing is saved.
    hr.page.get_by_label("Ambang Di Atas Ekspektasi (%)").fill("130")
    hr.page.get_by_label("Alasan perubahan").fill("Uji ambang")
    with hr.page.expect_navigation():
        hr.page.get_by_test_id("save-policy").click()
    hr.check("policy-refused")
    expect(hr.page.locator("#error-summary")).to_contain_text(
        "tidak boleh melebihi batas atas capaian"
    )
    assert not PolicyChange.objects.exists()

    hr.page.get_by_label("Ambang Di Atas Ekspektasi (%)").fill("115")
    hr.page.get_by_label("Jika distribusi tidak sesuai").select_option("block")
    tpp = hr.page.locator("fieldset", has_text="TPP per predikat")
    for name, value in [
        ("Sangat Baik", "100"),
        ("Baik", "100"),
        ("Butuh Perbaikan", "80"),
        ("Kurang/Misconduct", "60"),
        ("Sangat Kurang", "40"),
    ]:
        tpp.get_by_label(name, exact=True).fill(value)
    hr.page.get_by_label("Alasan perubahan").fill("Perkada TPP 2026")
    with hr.page.expect_navigation():
        hr.page.get_by_test_id("save-policy").click()
    hr.check("policy-saved")

    version = f"{cast_live.year.year}-r1"
    expect(hr.page.get_by_role("status")).to_contain_text(f"versi {version}")
    expect(hr.page.get_by_test_id("policy-version")).to_have_text(version)
    change = hr.page.get_by_test_id("change-1")
    expect(change).to_contain_text("Perkada TPP 2026")
    expect(change).to_contain_text("hr_admin")
    expect(change.get_by_role("row", name="Ambang Di Atas Ekspektasi")).to_contain_text("115,00%")
    expect(change.get_by_role("row", name="TPP Butuh Perbaikan")).to_contain_text("80,00%")
    expect(hr.page.get_by_test_id("item-rating_above_min")).to_contain_text("diubah")

    with hr.page.expect_navigation():
        hr.page.get_by_test_id("recompute-link").click()
    hr.check("policy-to-recompute")
    expect(hr.page.get_by_role("heading", level=1)).to_have_text("Hitung ulang capaian")
    year = AppraisalYear.objects.get(pk=cast_live.year.pk)
    assert year.scoring_policy().distribution_enforcement == "block"


def test_an_auditor_reads_the_policy_on_a_phone(cast_live: Cast, visit: Visit):
    auditor = visit("policy-auditor", PHONE)
    auditor.login("auditor")
    auditor.goto("cycles:policy", cast_live.year.pk)
    auditor.check("policy-auditor")
    expect(auditor.page.get_by_test_id("item-legacy_mode")).to_contain_text("Tidak dipakai")
    expect(auditor.page.get_by_test_id("save-policy")).to_have_count(0)
    assert auditor.horizontal_overflow() <= 1

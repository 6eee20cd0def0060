"""The appraisal journey in a real browser: realisasi, evaluation, predikat, HR's list.

Each test starts from the shared cast (committed, so the live server sees it)
and checks what a person sees, then what was stored, through the same pages a
person would click through.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import FilePayload, Page, expect

from kinerja.core.explanations import format_number
from kinerja.cycles.selectors import evaluation_period_current
from kinerja.evaluations.models import Evaluation
from kinerja.measurements.models import Measurement
from kinerja.plans.models import CoreValue, PerformancePlan, PlanIndicator, RatingChoice
from tests.browser.conftest import Visit, record_months
from tests.conftest import Cast

pytestmark = pytest.mark.browser


def tiny_pdf() -> bytes:
    """A one-page, empty but well-formed PDF (header, objects, xref, trailer)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        pdf += b"%010d 00000 n \n" % offset
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def percent(value: Decimal | None) -> str:
    """A capaian as the pages print it: Indonesian separators and a per-cent sign."""
    assert value is not None
    return f"{format_number(value)}%"


FINALISE = 'button[value="finalise"]'


def submit(
    page: Page, form: str = "main form.stacked", button: str = "button[type=submit]"
) -> None:
    with page.expect_navigation():
        page.locator(form).locator(button).click()


def test_pegawai_records_realisasi_with_evidence_and_sees_capaian_change(
    cast_live: Cast, visit: Visit
) -> None:
    cast = cast_live
    pegawai = visit()
    page = pegawai.page
    pegawai.login("pegawai")
    page.locator(f'nav.mainnav a[href="{reverse("dashboards:mine")}"]').click()
    pegawai.check("kinerja-saya-awal")
    card = page.get_by_test_id(f"iki-{cast.programmes.pk}")
    expect(card.get_by_test_id("iki-achievement")).to_have_text("–")
    expect(page.get_by_test_id("plan-achievement")).to_have_text("–")

    card.locator(f'a[href="{reverse("measurements:record", args=[cast.programmes.pk])}"]').click()
    pegawai.check("catat-realisasi")
    page.fill("#id_value", "6")
    page.fill("#id_note", "Enam program terlaksana")
    pdf = tiny_pdf()
    upload: FilePayload = {"name": "laporan.pdf", "mimeType": "application/pdf", "buffer": pdf}
    page.set_input_files("#id_evidence", files=upload)
    submit(page)

    assert page.url == pegawai.url("dashboards:mine")
    expect(page.locator(".message.success")).to_be_visible()
    pegawai.check("kinerja-saya-setelah-realisasi")
    indicator = PlanIndicator.objects.get(pk=cast.programmes.pk)
    plan = PerformancePlan.objects.get(pk=cast.pegawai_plan.pk)
    expect(card.get_by_test_id("iki-achievement")).to_have_text(percent(indicator.achievement))
    expect(card.get_by_test_id("iki-achieved")).to_have_text(format_number(Decimal(6)))
    expect(page.get_by_test_id("plan-achievement")).to_have_text(percent(plan.achievement))

    measurement = Measurement.objects.get(plan_indicator=cast.programmes)
    assert measurement.value == 6
    assert measurement.note == "Enam program terlaksana"
    card.locator("details:not(.explain) > summary").click()
    with page.expect_download() as download:
        evidence = measurement.evidence_files.get()
        card.locator(f'a[href="{reverse("measurements:evidence", args=[evidence.pk])}"]').click()
    assert Path(download.value.path()).read_bytes() == pdf


def test_ratio_realisasi_rejects_a_zero_denominator_beside_the_field(
    cast_live: Cast, visit: Visit
) -> None:
    cast = cast_live
    pegawai = visit()
    page = pegawai.page
    pegawai.login("pegawai")
    page.get_by_test_id(f"iki-{cast.coverage.pk}").locator(
        f'a[href="{reverse("measurements:record", args=[cast.coverage.pk])}"]'
    ).click()
    pegawai.check("catat-realisasi-rasio")
    expect(page.locator("#id_value")).to_have_count(0)
    expect(page.locator('label[for="id_numerator"]')).to_have_text(
        "Penduduk usia 7-12 yang bersekolah"
    )
    expect(page.locator('label[for="id_denominator"]')).to_have_text("Penduduk usia 7-12")

    page.fill("#id_numerator", "90")
    page.fill("#id_denominator", "0")
    submit(page)

    pegawai.check("catat-realisasi-penyebut-nol")
    assert page.url == pegawai.url("measurements:record", cast.coverage.pk)
    field = page.locator(".field", has=page.locator("#id_denominator"))
    expect(field).to_have_class(re.compile(r"\bhas-error\b"))
    expect(field.locator(".errorlist")).to_have_text("Penyebut tidak boleh nol.")
    expect(
        page.locator(".field", has=page.locator("#id_numerator")).locator(".errorlist")
    ).to_have_count(0)
    expect(page.locator("#id_numerator")).to_have_value("90")
    assert not Measurement.objects.filter(plan_indicator=cast.coverage).exists()
    assert PlanIndicator.objects.get(pk=cast.coverage.pk).achievement is None

    page.fill("#id_denominator", "100")
    submit(page)

    assert page.url == pegawai.url("dashboards:mine")
    pegawai.check("kinerja-saya-setelah-rasio")
    measurement = Measurement.objects.get(plan_indicator=cast.coverage)
    assert measurement.numerator == Decimal(90)
    assert measurement.denominator == Decimal(100)
    assert measurement.value == Decimal(90)
    indicator = PlanIndicator.objects.get(pk=cast.coverage.pk)
    card = page.get_by_test_id(f"iki-{cast.coverage.pk}")
    expect(card.get_by_test_id("iki-achievement")).to_have_text(percent(indicator.achievement))


def test_penilai_evaluates_the_quarter_and_pegawai_sees_the_predikat(
    cast_live: Cast, visit: Visit
) -> None:
    cast = cast_live
    record_months(cast, range(1, timezone.localdate().month + 1))
    period = evaluation_period_current(cast.year, on=timezone.localdate())
    assert period is not None

    penilai = visit()
    page = penilai.page
    penilai.login("penilai")
    page.locator(f'nav.mainnav a[href="{reverse("dashboards:team")}"]').click()
    penilai.check("tim-saya")
    row = page.get_by_test_id(f"member-{cast.pegawai.pk}")
    expect(row).to_contain_text(cast.pegawai.name)
    row.locator(
        f'a[href="{reverse("evaluations:evaluate", args=[cast.pegawai_plan.pk, period.pk])}"]'
    ).click()
    penilai.check("evaluasi-form")

    evaluation = Evaluation.objects.get(plan=cast.pegawai_plan, period=period)
    proposed = evaluation.proposed_rating
    assert proposed, "the recorded realisasi should give the data a proposed rating"
    expect(page.locator(f'input[name="result_rating"][value="{proposed}"]')).to_be_checked()
    changed = next(choice for choice in RatingChoice.values if choice != proposed)
    page.check(f'input[name="result_rating"][value="{changed}"]')
    submit(page, button=FINALISE)

    penilai.check("evaluasi-tanpa-alasan")
    reason_field = page.locator(".field", has=page.locator("#id_result_rating_reason"))
    expect(reason_field.locator(".errorlist")).to_have_text(
        "Rating berbeda dari usulan data: tuliskan alasannya."
    )
    assert Evaluation.objects.get(pk=evaluation.pk).status == Evaluation.Status.DRAFT
    expect(page.locator(f'input[name="result_rating"][value="{changed}"]')).to_be_checked()
    reason = "Capaian triwulan ini didukung kerja lintas bidang yang belum tercatat di IKI."
    page.fill("#id_result_rating_reason", reason)
    for value in CoreValue:
        page.check(f'input[name="rating_{value.value}"][value="above"]')
        page.fill(f"#id_feedback_{value.value}", f"Umpan balik {value.label}: pertahankan.")
    submit(page, button=FINALISE)

    evaluation.refresh_from_db()
    assert page.url == penilai.url("evaluations:detail", evaluation.pk)
    penilai.check("evaluasi-hasil-penilai")
    assert evaluation.status == Evaluation.Status.FINAL
    assert evaluation.result_rating == changed
    assert evaluation.result_rating_reason == reason
    assert evaluation.predikat
    feedback = dict(evaluation.behaviour_assessments.values_list("value", "feedback"))
    assert set(feedback) == set(CoreValue.values)
    assert all(text.startswith("Umpan balik") for text in feedback.values())
    predikat = evaluation.get_predikat_display()
    expect(page.get_by_test_id("predikat")).to_have_text(predikat)
    expect(page.locator("main")).to_contain_text(reason)

    pegawai = visit()
    page = pegawai.page
    pegawai.login("pegawai")
    assert page.url == pegawai.url("dashboards:mine")
    pegawai.check("kinerja-saya-dengan-predikat")
    expect(page.get_by_test_id("latest-predikat")).to_have_text(predikat)
    page.locator(f'a[href="{reverse("evaluations:detail", args=[evaluation.pk])}"]').click()
    pegawai.check("evaluasi-hasil-pegawai")
    expect(page.get_by_test_id("predikat")).to_have_text(predikat)
    for value in CoreValue:
        expect(page.locator("main table")).to_contain_text(f"Umpan balik {value.label}")


def test_hr_admin_lists_and_searches_staff(cast_live: Cast, visit: Visit) -> None:
    cast = cast_live
    hr = visit()
    page = hr.page
    hr.login("hr_admin")
    assert page.url == hr.url("dashboards:staff")
    hr.check("pegawai")
    table = page.locator("main table tbody")
    for person in (cast.penilai, cast.pegawai, cast.outsider):
        expect(table).to_contain_text(person.name)
    expect(table).not_to_contain_text(cast.foreigner.name)

    page.fill("#q", "andi")
    submit(page, "form[role=search]")
    hr.check("pegawai-cari-nama")
    expect(table.locator("tr")).to_have_count(1)
    expect(table).to_contain_text(cast.pegawai.name)
    expect(page.locator("#q")).to_have_value("andi")

    page.fill("#q", cast.outsider.nip)
    submit(page, "form[role=search]")
    hr.check("pegawai-cari-nip")
    expect(table.locator("tr")).to_have_count(1)
    expect(table).to_contain_text(cast.outsider.name)


def test_field_error_and_help_are_read_out_with_the_field(cast_live: Cast, visit: Visit) -> None:
    cast = cast_live
    pegawai = visit()
    page = pegawai.page
    pegawai.login("pegawai")
    pegawai.goto("measurements:record", cast.coverage.pk)
    page.fill("#id_numerator", "90")
    page.fill("#id_denominator", "0")
    submit(page)
    pegawai.check("catat-realisasi-aksesibilitas")

    expect(page.locator("#id_denominator")).to_have_attribute("aria-invalid", "true")
    # Short timeouts: the page is static, so waiting longer only delays the known failure.
    expect(page.locator("#id_denominator")).to_have_accessible_description(
        "Penyebut tidak boleh nol.", timeout=1000
    )
    help_text = page.locator(".field", has=page.locator("#id_evidence")).locator(".helptext")
    expect(page.locator("#id_evidence")).to_have_accessible_description(
        help_text.inner_text(), timeout=1000
    )

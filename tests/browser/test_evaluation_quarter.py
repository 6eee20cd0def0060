"""A whole quarter and the annual evaluation, in a real browser, as issue 5 asks.

HR has set the year's scoring policy to block a distribution that breaks the curve.
The bidang has three staff under one penilai, with realisasi recorded through the
services. On 25 September:

1. the kepala dinas (the leader one level up) sets the bidang's predikat for Triwulan III;
2. the penilai rates the three from Tim Saya and saves drafts (all Baik);
3. Kalibrasi says what must change and refuses to finalise: nothing becomes final;
4. the penilai lowers one Rating Hasil Kerja with a written reason, and finalises all
   three from Kalibrasi; the pegawai is notified;
5. the next day the pegawai acknowledges and objects, the penilai explains, the kepala
   dinas decides and changes the result; a second decision (from a stale tab) is refused.

On 18 December the penilai evaluates the year (the periodic evaluations in view; no
predikat for the year's unit, so the note says the distribution was not checked), and
the pegawai downloads both Dokumen Evaluasi PDFs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Literal

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from kinerja.cycles.models import Period, PeriodKind
from kinerja.cycles.services import policy_change
from kinerja.evaluations.models import (
    Evaluation,
    EvaluationRevision,
    Objection,
    UnitPredikat,
)
from kinerja.notifications.models import Kind, Notification
from kinerja.organisation.models import Employee
from kinerja.plans.models import CoreValue, PerformancePlan, PlanIndicator
from kinerja.plans.services import indicator_add, result_add
from tests.browser.conftest import PHONE, Visit, Visitor
from tests.conftest import Cast
from tests.evaluations.peer_support import peers_of_pegawai
from tests.plans.documents_support import pdf_text
from tests.support import quarter, record

pytestmark = pytest.mark.browser

QUARTER_DAY = (9, 25)  # late in Triwulan III: Tim Saya offers that quarter
ANNUAL_DAY = (12, 18)  # in the last quarter: Tim Saya offers the annual evaluation too
LOWERED_REASON = "Dua program triwulan ini terlambat dan laporannya belum lengkap."
OBJECTION_REASON = "Laporan dua program itu sudah diunggah pada akhir September."
EXPLANATION = "Laporan yang terlambat diunggah tidak sempat saya periksa sebelum kalibrasi."
DECISION_REASON = "Laporan kedua program sah dan tepat waktu: hasil kerja sesuai ekspektasi."


class Clock:
    """The domain's today and now, pinned to a day of the cast's year and moved by the test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, year: int) -> None:
        self.year = year
        self.day = dt.date(year, 1, 1)
        monkeypatch.setattr("kinerja.core.clock.today", lambda: self.day)
        monkeypatch.setattr("kinerja.core.clock.now", self.now)

    def set(self, month: int, day: int) -> dt.date:
        self.day = dt.date(self.year, month, day)
        return self.day

    def now(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.day, dt.time(10, 0)))


def day_text(day: dt.date) -> str:
    with translation.override("id"):
        return date_format(day, "j F Y")


def with_own_iki(cast: Cast, people: list[Employee]) -> None:
    """Give each colleague an IKI of their own (the catalogue's programme count)."""
    for person in people:
        plan = PerformancePlan.objects.get(employee=person, year=cast.year)
        result = result_add(plan=plan, text=f"Terlaksananya program SD oleh {person.name}")
        indicator_add(
            result=result,
            catalogue=cast.programmes.indicator,
            target_value=Decimal(12),
            weight=Decimal(1),
        )


def record_realisasi(cast: Cast, months: range, people: list[Employee]) -> None:
    """One programme a month for everyone; the pegawai's APS is above its target."""
    for number in months:
        record(cast.programmes, number, "1")
        record(cast.coverage, number, numerator="96", denominator="100")
        for person in people:
            iki = PlanIndicator.objects.get(result__plan__employee=person)
            record(iki, number, "1")


def click(page: Page, name: str, *, role: Literal["button", "link"] = "button") -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name).click()


def evaluate_from_team(
    penilai: Visitor, employee: Employee, period: Period, *, feedback: str
) -> Evaluation:
    """Tim Saya → Evaluasi <period> → the data's proposal, every value Sesuai → draft."""
    page = penilai.page
    penilai.goto("dashboards:team")
    penilai.check(f"tim-saya-{employee.pk}")
    row = page.get_by_test_id(f"member-{employee.pk}")
    with page.expect_navigation():
        row.get_by_role("link", name=f"Evaluasi {period.label}").click()
    penilai.check(f"evaluasi-{employee.pk}-{period.kind}")
    evaluation = Evaluation.objects.get(plan__employee=employee, period=period)
    assert evaluation.proposed_rating == "meets", f"{employee.name}: {evaluation.inputs}"
    expect(page.get_by_test_id("evaluation-proposed")).to_have_text("Sesuai Ekspektasi")
    expect(page.locator('input[name="result_rating"][value="meets"]')).to_be_checked()
    for value in CoreValue.values:
        page.check(f'input[name="rating_{value}"][value="meets"]')
    page.fill("#id_feedback_kolaboratif", feedback)
    return evaluation


def test_a_quarter_blocked_adjusted_finalised_objected_decided_then_the_year(
    cast_live: Cast, visit: Visit, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cast = cast_live
    clock = Clock(monkeypatch, cast.year.year)
    clock.set(*QUARTER_DAY)
    period = quarter(cast.year, 3)
    unit = cast.pegawai_plan.position.unit
    colleagues = peers_of_pegawai(cast, 2)
    with_own_iki(cast, colleagues)
    record_realisasi(cast, range(1, 10), colleagues)
    assert cast.hr_admin is not None
    policy_change(
        year=cast.year,
        actor=cast.hr_admin,
        policy=replace(cast.year.scoring_policy(), distribution_enforcement="block"),
        reason="Kurva predikat ditegakkan mulai tahun ini.",
    )
    cast.year.refresh_from_db()
    assert cast.year.scoring_policy().distribution_enforcement == "block"
    staff = [cast.pegawai, *colleagues]

    # 1. The kepala dinas sets the bidang's organisational predikat with its summary in view.
    atasan = visit("atasan")
    boss = atasan.page
    atasan.login("atasan")
    atasan.goto("evaluations:unit_predikat_list")
    atasan.check("predikat-unit-daftar")
    with boss.expect_navigation():
        boss.get_by_test_id(f"unit-{unit.pk}").get_by_role(
            "link", name=f"{period.label}: belum"
        ).click()
    atasan.check("predikat-unit")
    expect(boss.get_by_test_id("summary-staff")).to_have_text("4")  # the kepala bidang too
    boss.check('input[name="predikat"][value="baik"]')
    boss.fill("#id_note", "Capaian Perjanjian Kinerja bidang sesuai target triwulan III.")
    click(boss, "Simpan predikat")
    atasan.check("predikat-unit-tersimpan")
    expect(boss.get_by_test_id("current-predikat")).to_have_text("Baik")
    unit_predikat = UnitPredikat.objects.get(unit=unit, period=period)
    assert unit_predikat.predikat == "baik" and unit_predikat.set_by == cast.atasan.user

    # 2. The penilai rates each of the three and keeps drafts.
    penilai = visit("penilai")
    page = penilai.page
    penilai.login("penilai")
    for person in staff:
        evaluation = evaluate_from_team(
            penilai, person, period, feedback=f"{person.name} aktif membantu tim."
        )
        click(page, "Simpan penilaian (draf)")
        penilai.check(f"evaluasi-draf-{person.pk}")
        expect(page.get_by_test_id("draft-rated")).to_contain_text("predikat Baik")
        evaluation.refresh_from_db()
        assert evaluation.status == Evaluation.Status.DRAFT
        assert evaluation.predikat == "baik"
    expect(page.get_by_test_id("distribution-status")).to_contain_text("tidak sesuai kurva")

    # 3. Kalibrasi: the curve of Baik is broken; finalising is refused, nothing is final.
    click(page, "Buka halaman Kalibrasi unit", role="link")
    penilai.check("kalibrasi")
    expect(page.get_by_test_id("org-predikat")).to_have_text("Baik")
    violations = page.get_by_test_id("distribution-violations")
    expect(violations).to_contain_text(
        "Predikat Baik sebanyak 100% dari 3 pegawai, melebihi batas atas 70%: "
        "sedikitnya 1 pegawai harus berpindah ke predikat lain."
    )
    expect(violations).to_contain_text(
        "Sedikitnya 1 pegawai harus berpredikat Butuh Perbaikan atau Kurang"
    )
    expect(violations).to_contain_text("finalisasi ditolak")
    click(page, "Finalkan draf terpilih")
    penilai.check("kalibrasi-ditolak")
    expect(page.locator("#error-summary")).to_contain_text(
        "kebijakan penilaian tahun ini menolak finalisasi"
    )
    quarter_evaluations = Evaluation.objects.filter(period=period)
    assert quarter_evaluations.count() == 3
    assert not quarter_evaluations.filter(status=Evaluation.Status.FINAL).exists()
    assert not Notification.objects.filter(kind=Kind.EVALUATION_FINALISED).exists()

    # 4. The penilai lowers the pegawai's Rating Hasil Kerja; a reason is required.
    mine = Evaluation.objects.get(plan=cast.pegawai_plan, period=period)
    with page.expect_navigation():
        page.get_by_test_id(f"draft-{mine.pk}").get_by_role("link", name="Ubah penilaian").click()
    penilai.check("evaluasi-ubah")
    page.check('input[name="result_rating"][value="below"]')
    click(page, "Simpan penilaian (draf)")
    penilai.check("evaluasi-ubah-tanpa-alasan")
    expect(page.locator("#id_result_rating_reason_error")).to_have_text(
        "Rating berbeda dari usulan data: tuliskan alasannya."
    )
    assert Evaluation.objects.get(pk=mine.pk).predikat == "baik"
    page.fill("#id_result_rating_reason", LOWERED_REASON)
    click(page, "Simpan penilaian (draf)")
    penilai.check("evaluasi-ubah-tersimpan")
    expect(page.get_by_test_id("draft-rated")).to_contain_text("predikat Butuh Perbaikan")
    click(page, "Buka halaman Kalibrasi unit", role="link")
    penilai.check("kalibrasi-sesuai")
    expect(page.get_by_test_id("distribution-ok")).to_be_visible()
    expect(page.get_by_test_id("departures")).to_contain_text(LOWERED_REASON)
    click(page, "Finalkan draf terpilih")
    penilai.check("kalibrasi-final")
    expect(page.locator("li.message.success")).to_contain_text("3 evaluasi difinalkan")
    expect(page.get_by_test_id("unit-evaluations")).not_to_contain_text("Draf")
    finalised = {e.plan.employee_id: e for e in quarter_evaluations.select_related("plan")}
    assert {e.status for e in finalised.values()} == {Evaluation.Status.FINAL}
    assert sorted(e.predikat for e in finalised.values()) == ["baik", "baik", "butuh_perbaikan"]
    mine = finalised[cast.pegawai.pk]
    assert mine.result_rating == "below" and mine.result_rating_reason == LOWERED_REASON
    assert mine.distribution_note == ""
    assert mine.finalised_at is not None
    assert timezone.localdate(mine.finalised_at) == clock.day
    notice = Notification.objects.get(recipient=cast.pegawai.user, kind=Kind.EVALUATION_FINALISED)
    assert period.label in notice.text

    # 5. The next day the pegawai opens it from the notification, acknowledges, objects.
    filed_on = clock.set(9, 26)
    window_closes = mine.finalised_at.date() + dt.timedelta(days=cast.year.objection_days)
    pegawai = visit("pegawai", PHONE)
    phone = pegawai.page
    pegawai.login("pegawai")
    expect(phone.get_by_test_id("nav-notifications")).to_contain_text("1")
    with phone.expect_navigation():
        phone.get_by_test_id("nav-notifications").click()
    pegawai.check("notifikasi")
    item = phone.get_by_test_id(f"notification-{notice.pk}")
    expect(item).to_contain_text(f"Evaluasi kinerja {period.label} Anda telah difinalkan")
    with phone.expect_navigation():
        item.get_by_role("button", name="Buka").click()
    pegawai.check("hasil-triwulan")
    assert phone.url.startswith(pegawai.url("evaluations:detail", mine.pk))
    expect(phone.get_by_test_id("predikat")).to_have_text("Butuh Perbaikan")
    expect(phone.locator("main")).to_contain_text(LOWERED_REASON)
    expect(phone.get_by_test_id("not-acknowledged")).to_be_visible()
    with phone.expect_navigation():
        phone.get_by_test_id("acknowledge").click()
    pegawai.check("hasil-diterima")
    expect(phone.get_by_test_id("acknowledged")).to_be_visible()
    assert Evaluation.objects.get(pk=mine.pk).acknowledged_at is not None
    window = phone.get_by_test_id("objection-window")
    expect(window).to_contain_text(f"paling lambat {day_text(window_closes)}")
    phone.fill("#id_objection-reason", OBJECTION_REASON)
    click(phone, "Ajukan keberatan")
    pegawai.check("keberatan-diajukan")
    expect(phone.get_by_test_id("objection-status")).to_have_text("Diajukan")
    objection = Objection.objects.get(evaluation=mine)
    assert objection.filed_by == cast.pegawai.user
    assert objection.explain_due == filed_on + dt.timedelta(days=cast.year.objection_explain_days)
    assert Notification.objects.filter(recipient=cast.penilai.user, kind=Kind.OBJECTION_FILED)

    # The penilai explains from Keberatan.
    with page.expect_navigation():
        page.get_by_role("navigation").get_by_role("link", name="Keberatan").click()
    penilai.check("keberatan-penilai")
    with page.expect_navigation():
        page.get_by_test_id("to-explain").get_by_role("link", name=cast.pegawai.name).click()
    penilai.check("keberatan-untuk-dijelaskan")
    page.fill("#id_objection-explanation", EXPLANATION)
    click(page, "Kirim penjelasan")
    penilai.check("keberatan-dijelaskan")
    expect(page.get_by_test_id("objection-status")).to_have_text("Dijelaskan penilai")
    assert Objection.objects.get(pk=objection.pk).status == Objection.Status.EXPLAINED

    # The kepala dinas (atasan penilai) decides and changes the result, once.
    atasan.goto("evaluations:objections")
    atasan.check("keberatan-atasan")
    with boss.expect_navigation():
        boss.get_by_test_id("to-decide").get_by_role("link", name=cast.pegawai.name).click()
    atasan.check("keberatan-untuk-diputuskan")
    stale = boss.context.new_page()  # the same page left open in a second tab
    stale.goto(boss.url)
    boss.get_by_label("Hasil evaluasi diubah").check()
    boss.select_option("#id_objection-result_rating", "meets")
    boss.fill("#id_objection-reason", DECISION_REASON)
    click(boss, "Simpan keputusan final")
    atasan.check("keberatan-diputuskan")
    expect(boss.get_by_test_id("predikat")).to_have_text("Baik")
    expect(boss.get_by_test_id("objection-decide-form")).to_have_count(0)
    decided = Objection.objects.get(pk=objection.pk)
    assert decided.status == Objection.Status.DECIDED and decided.decision == "changed"
    revision = EvaluationRevision.objects.get(evaluation=mine)
    assert revision.before["predikat"] == "butuh_perbaikan"
    changed = Evaluation.objects.get(pk=mine.pk)
    assert (changed.result_rating, changed.predikat) == ("meets", "baik")

    stale.get_by_label("Hasil evaluasi tetap").check()
    stale.fill("#id_objection-reason", "Hasil semula sudah tepat.")
    with stale.expect_navigation():
        stale.get_by_role("button", name="Simpan keputusan final").click()
    expect(stale.get_by_test_id("objection")).to_contain_text(
        "Keberatan ini sudah diputuskan; keputusan itu final."
    )
    stale.close()
    again = Objection.objects.get(pk=objection.pk)
    assert (again.decision, again.decision_reason) == ("changed", DECISION_REASON)
    assert Evaluation.objects.get(pk=mine.pk).predikat == "baik"
    assert EvaluationRevision.objects.filter(evaluation=mine).count() == 1
    assert Notification.objects.filter(recipient=cast.pegawai.user, kind=Kind.OBJECTION_DECIDED)

    # The pegawai sees the final decision, what it changed and the revision.
    phone.reload()
    pegawai.check("keputusan-final")
    expect(phone.get_by_test_id("objection-decision")).to_have_text("Hasil evaluasi diubah")
    expect(phone.get_by_test_id("objection-change")).to_contain_text("predikat Butuh Perbaikan")
    expect(phone.get_by_test_id("predikat")).to_have_text("Baik")
    expect(phone.get_by_test_id("revision-1")).to_contain_text(LOWERED_REASON)
    expect(phone.get_by_test_id("objection-file-form")).to_have_count(0)

    # 6. In December the penilai evaluates the year, with the quarters in view.
    clock.set(*ANNUAL_DAY)
    record_realisasi(cast, range(10, 13), colleagues)
    year_period = Period.objects.get(year=cast.year, kind=PeriodKind.YEAR)
    evaluate_from_team(penilai, cast.pegawai, year_period, feedback="Tahun yang konsisten.")
    rows = page.get_by_test_id("period-evaluations")
    expect(rows).to_contain_text(period.label)
    expect(rows.locator("tbody tr")).to_have_count(1)
    expect(rows).to_contain_text("Baik")  # the quarter after the decision
    expect(page.get_by_test_id("distribution-status")).to_contain_text("belum ditetapkan")
    click(page, "Finalkan evaluasi")
    penilai.check("evaluasi-tahunan-final")
    annual = Evaluation.objects.get(plan=cast.pegawai_plan, period=year_period)
    assert annual.status == Evaluation.Status.FINAL and annual.predikat == "baik"
    assert [row["predikat"] for row in annual.inputs["period_evaluations"]] == ["baik"]
    assert "belum ditetapkan" in annual.distribution_note
    expect(page.get_by_test_id("distribution-note")).to_contain_text("belum ditetapkan")

    # The pegawai downloads both documents.
    texts = {}
    for evaluation in (annual, mine):
        pegawai.goto("evaluations:detail", evaluation.pk)
        pegawai.check(f"dokumen-{evaluation.period.kind}")
        with phone.expect_download() as download_info:
            phone.get_by_test_id("evaluation-pdf").click()
        saved = tmp_path / download_info.value.suggested_filename
        download_info.value.save_as(saved)
        pdf = saved.read_bytes()
        assert pdf.startswith(b"%PDF")
        texts[evaluation.period.kind] = " ".join(pdf_text(pdf).split())
    year_text, quarter_text = texts["year"], texts["quarter"]
    assert f"PERIODE: TAHUNAN {clock.year}" in year_text
    assert "Predikat Kinerja Pegawai BAIK" in year_text
    assert "Predikat kinerja organisasi –" in year_text  # none was set for the year
    assert "KEBERATAN PEGAWAI" not in year_text
    assert f"PERIODE: TRIWULAN III {clock.year}" in quarter_text
    assert "Predikat kinerja organisasi Baik" in quarter_text
    assert "Predikat Kinerja Pegawai BAIK" in quarter_text  # as the atasan decided
    # Acknowledged on revision 1; the decision made revision 2, not acknowledged yet.
    assert f"{day_text(filed_on)} Pegawai yang Dinilai" not in quarter_text
    for part in (
        f"KEBERATAN PEGAWAI {OBJECTION_REASON} Diajukan: {day_text(filed_on)}",
        f"PENJELASAN PEJABAT PENILAI KINERJA {EXPLANATION}",
        f"KEPUTUSAN ATASAN PEJABAT PENILAI KINERJA Hasil evaluasi diubah {DECISION_REASON}",
        "Keputusan ini bersifat final.",
    ):
        assert part in quarter_text, part

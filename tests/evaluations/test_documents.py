"""The Dokumen Evaluasi Kinerja Pegawai, the figures and the unit recap: what they say."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kinerja.cycles.models import PeriodKind
from kinerja.evaluations.documents import evaluation_document_context
from kinerja.evaluations.figures import evaluation_figures
from kinerja.evaluations.models import Evaluation, Objection, UnitPredikat
from kinerja.evaluations.recap import recap_get, recap_rows, recap_scope
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import Unit
from kinerja.organisation.services import assignment_create, employee_create, position_create
from kinerja.plans.services import plan_create
from kinerja.scoring import Predikat, Rating, ScoringPolicy
from tests.conftest import PASSWORD, make_nip
from tests.evaluations.test_access_documents import final_evaluation
from tests.support import quarter

pytestmark = pytest.mark.usefixtures("start_of_year")


def _load(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_related(
            "plan__employee", "plan__year__instansi", "plan__position__unit", "period__year"
        )
        .prefetch_related("behaviour_assessments")
        .get(pk=evaluation.pk)
    )


def _set_policy(cast, **fields) -> None:
    cast.year.policy = ScoringPolicy(**fields).to_dict()
    cast.year.save()


def test_document_names_the_three_people_period_instansi_and_predikat(cast):
    document = evaluation_document_context(_load(final_evaluation(cast)))
    assert document.title == "DOKUMEN EVALUASI KINERJA PEGAWAI"
    assert document.period_title == "TRIWULAN IV-AKHIR"
    assert document.instansi == "Pemerintah Provinsi Jambi"
    assert (document.pegawai.name, document.pegawai.nip) == ("Andi Pratama", cast.pegawai.nip)
    assert document.pegawai.position == "Analis Kurikulum"
    assert document.pegawai.unit == "Bidang Pembinaan SD"
    assert document.penilai is not None and document.penilai.name == "Siti Rahmawati"
    assert document.atasan is not None and document.atasan.name == "Dr. Hasan Basri"
    assert document.predikat == "Baik"
    assert document.org_predikat == document.org_capaian == "–"
    assert "umpan balik akuntabel" in document.recommendations
    assert document.objection is None
    assert document.filename == f"Evaluasi-Kinerja-{cast.pegawai.nip}-{cast.year.year}-TW4.pdf"


def test_document_shows_the_units_organisational_predikat_and_capaian(cast):
    evaluation = final_evaluation(cast)
    dinas = Unit.objects.get(code="disdik")
    # Superseded rows are history: only the current one counts.
    UnitPredikat.objects.create(
        unit=dinas, period=evaluation.period, predikat="kurang", superseded_at=timezone.now()
    )
    UnitPredikat.objects.create(
        unit=dinas, period=evaluation.period, predikat="istimewa", summary={"achievement": "104.5"}
    )
    document = evaluation_document_context(_load(evaluation))
    # The bidang has none of its own, so its dinas's predikat applies.
    assert document.org_unit == "Dinas Pendidikan"
    assert document.org_predikat == "Istimewa"
    assert document.org_capaian == "104,50%"


def test_document_carries_the_objection_sections(cast):
    evaluation = final_evaluation(cast)
    now = timezone.now()
    Objection.objects.create(
        evaluation=evaluation,
        status=Objection.Status.DECIDED,
        reason="Program kelima tidak dihitung.",
        filed_by=cast.pegawai.user,
        filed_at=now,
        explain_due=now.date(),
        explanation="Sudah dihitung pada bulan Desember.",
        explained_at=now,
        explained_by=cast.penilai.user,
        decide_due=now.date(),
        decision=Objection.Decision.UPHELD,
        decision_reason="Penjelasan penilai sesuai data.",
        decided_at=now,
        decided_by=cast.atasan.user,
    )
    client = Client()
    client.force_login(cast.pegawai.user)
    page = client.get(reverse("evaluations:document", args=[evaluation.pk])).content.decode()
    for text in (
        "KEBERATAN PEGAWAI",
        "Program kelima tidak dihitung.",
        "PENJELASAN PEJABAT PENILAI KINERJA",
        "Sudah dihitung pada bulan Desember.",
        "KEPUTUSAN ATASAN PEJABAT PENILAI KINERJA",
        "Hasil evaluasi tetap",
        "Dr. Hasan Basri",
    ):
        assert text in page


def test_document_pdf_is_a_pdf_with_its_filename(cast):
    evaluation = final_evaluation(cast)
    client = Client()
    client.force_login(cast.penilai.user)
    response = client.get(reverse("evaluations:document_pdf", args=[evaluation.pk]) + "?unduh=1")
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "TW4.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_detail_page_links_the_documents_and_shows_the_figures(cast):
    evaluation = final_evaluation(cast)
    client = Client()
    client.force_login(cast.pegawai.user)
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert reverse("evaluations:document_pdf", args=[evaluation.pk]) in page
    assert 'data-testid="figure-tpp"' in page
    assert "belum ditetapkan" in page
    assert "tidak berlaku" in page  # not a functional post


def test_figures_without_policy_values(cast):
    figures = evaluation_figures(_load(final_evaluation(cast)))
    assert figures is not None
    assert figures.tpp.value is None
    assert figures.credit_points is None
    assert figures.legacy is None


def test_figures_with_policy_values_and_a_functional_post(cast):
    tpp = {p: Decimal(v) for p, v in zip(Predikat, ("100", "90", "75", "50", "25"), strict=True)}
    _set_policy(cast, tpp_percent=tpp, legacy_mode="pp46_2011")
    cast.pegawai_plan.position.credit_coefficient = Decimal("12.5")
    cast.pegawai_plan.position.save()
    figures = evaluation_figures(_load(final_evaluation(cast)))
    assert figures is not None
    assert figures.tpp.value == Decimal(90)  # Baik
    # A quarter earns a quarter of the year: 100 % × 12.5 / 4.
    assert figures.credit_points is not None
    assert figures.credit_points.value == Decimal("3.125")
    # PP 46/2011: programmes 12/12 → 100, coverage has no data; behaviour all meets → 76.
    assert figures.legacy is not None
    assert figures.legacy.value == Decimal("0.6") * 100 + Decimal("0.4") * 76
    assert figures.legacy.band == "sangat_baik"


def test_figures_of_an_annual_evaluation_give_the_years_credit_points(cast):
    cast.pegawai_plan.position.credit_coefficient = Decimal("12.5")
    cast.pegawai_plan.position.save()
    evaluation = _load(final_evaluation(cast))
    year = evaluation.period.year.periods.get(kind=PeriodKind.YEAR)
    Evaluation.objects.filter(pk=evaluation.pk).update(period=year)
    figures = evaluation_figures(_load(evaluation))
    assert figures is not None and figures.credit_points is not None
    assert figures.credit_points.value == Decimal("12.5")


def test_figures_are_none_for_a_draft(cast):
    evaluation = final_evaluation(cast)
    Evaluation.objects.filter(pk=evaluation.pk).update(status="draft")
    assert evaluation_figures(_load(evaluation)) is None


def _recap_for(cast, role: str, code: str = "sd"):
    unit = Unit.objects.get(code=code)
    scope = recap_scope(viewer_for(cast.user(role)), unit, quarter(cast.year, 4))
    assert scope is not None
    return recap_get(scope)


def test_recap_rows_totals_and_departure(cast):
    evaluation = final_evaluation(cast)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        result_rating=Rating.ABOVE, result_rating_reason="Inovasi"
    )
    recap = _recap_for(cast, "hr_admin")
    rows = list(recap.rows())
    assert [(r.name, r.nip, r.predikat_label) for r in rows] == [
        ("Andi Pratama", cast.pegawai.nip, "Baik")
    ]
    assert rows[0].departs
    assert {t.predikat: t.count for t in recap.totals}["baik"] == 1
    assert recap.final == recap.evaluated == 1
    assert "<svg" in recap.chart() and "Baik" in recap.chart()


def test_penilai_sees_only_own_staff_in_a_larger_unit(cast):
    final_evaluation(cast)
    recap = _recap_for(cast, "penilai", code="disdik")
    assert not recap.scope.whole
    assert [r.name for r in recap.rows()] == ["Andi Pratama"]


def test_recap_xlsx_reads_back_and_escapes_formulas(cast):
    final_evaluation(cast)
    employee = cast.pegawai
    employee.name = '=HYPERLINK("http://x")'
    employee.save()
    client = Client()
    client.force_login(cast.auditor)
    unit = Unit.objects.get(code="sd")
    response = client.get(
        reverse("evaluations:recap_xlsx", args=[unit.pk, quarter(cast.year, 4).pk])
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values[2]
    assert header[:3] == ["No", "Nama", "NIP"]
    row = values[3]
    assert row[1] == '\'=HYPERLINK("http://x")'
    assert row[2] == cast.pegawai.nip
    assert row[10] == "Baik"
    totals = {r[0].value: r[1].value for r in book.worksheets[1].iter_rows(min_row=2)}
    assert totals["Baik"] == 1


def test_recap_pdf_is_a_pdf(cast):
    final_evaluation(cast)
    client = Client()
    client.force_login(cast.atasan.user)
    unit = Unit.objects.get(code="disdik")
    response = client.get(
        reverse("evaluations:recap_pdf", args=[unit.pk, quarter(cast.year, 4).pk])
    )
    assert response.content.startswith(b"%PDF")


def test_recap_queries_do_not_grow_with_the_unit(cast, django_assert_num_queries):
    _set_policy(cast, legacy_mode="pp30_2019")
    final_evaluation(cast)
    recap = _recap_for(cast, "hr_admin")
    with django_assert_num_queries(2) as before:  # behaviour ratings, then the rows
        assert len(list(recap_rows(recap.scope, recap.policy))) == 1
    staff = cast.pegawai_plan.position
    jan1 = dt.date(cast.year.year, 1, 1)
    for n in range(5):
        person = employee_create(
            instansi=cast.instansi,
            nip=make_nip(100 + n),
            name=f"Staf {n}",
            username=f"staf{n}",
            password=PASSWORD,
        )
        position = position_create(
            unit=staff.unit, name=f"Analis {n}", kind="pelaksana", parent=staff.parent
        )
        assignment_create(employee=person, position=position, start=jan1)
        plan = plan_create(employee=person, position=position, year=cast.year)
        Evaluation.objects.create(plan=plan, period=quarter(cast.year, 4))
    with django_assert_num_queries(len(before.captured_queries)):
        assert len(list(recap_rows(recap.scope, recap.policy))) == 6


def test_policy_form_sets_the_legacy_behaviour_numbers_and_refuses_a_falling_scale(cast):
    from kinerja.cycles.forms import PolicyForm
    from tests.cycles.test_policy import form_data

    data = form_data(legacy_pp46_2011_above="95", legacy_pp46_2011_meets="80")
    form = PolicyForm(data, policy=ScoringPolicy())
    assert form.is_valid(), form.errors
    policy = form.policy(ScoringPolicy())
    assert policy is not None
    assert policy.legacy_behaviour_value["pp46_2011"][Rating.ABOVE] == Decimal(95)
    # Left empty (a page from before the field), the value in force is kept.
    assert policy.legacy_behaviour_value["pp30_2019"][Rating.ABOVE] == Decimal(110)
    bad = PolicyForm(form_data(legacy_pp30_2019_below="100"), policy=ScoringPolicy())
    assert not bad.is_valid()
    assert "legacy_pp30_2019_above" in bad.errors

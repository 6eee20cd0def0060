"""The Dokumen Evaluasi Kinerja Pegawai, the figures and the unit recap: what they say."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kinerja import scoring
from kinerja.cycles.models import PeriodKind
from kinerja.cycles.selectors import policy_of_version
from kinerja.evaluations.documents import evaluation_document_context
from kinerja.evaluations.figures import evaluation_figures
from kinerja.evaluations.models import Evaluation, Objection
from kinerja.evaluations.recap import recap_get, recap_scope
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import Unit
from kinerja.organisation.services import assignment_create, employee_create, position_create
from kinerja.plans.models import PerformancePlan
from kinerja.plans.services import indicator_add, plan_create
from kinerja.scoring import Predikat, Rating, ScoringPolicy
from tests.conftest import PASSWORD, make_nip
from tests.evaluations.eval_support import bidang, dinas, set_predikat
from tests.evaluations.test_access_documents import final_evaluation
from tests.support import quarter, record

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


def test_document_takes_the_predikat_of_the_nearest_unit_that_has_one(cast):
    evaluation = final_evaluation(cast)
    # Set twice by the real writer: the first decision is superseded history.
    set_predikat(cast, dinas(cast), evaluation.period, "kurang")
    set_predikat(cast, dinas(cast), evaluation.period, "istimewa")
    document = evaluation_document_context(_load(evaluation))
    # The bidang has none of its own, so its dinas's predikat applies.
    assert document.org_unit == "Dinas Pendidikan"
    assert document.org_predikat == "Istimewa"
    # Nobody holds an SKP heading the dinas: there was no capaian in view.
    assert document.org_capaian == "–"


def _head_indicator(cast):
    """An IKI on the bidang head's SKP, so the bidang has a capaian kinerja organisasi."""
    return indicator_add(
        result=cast.penilai_plan.results.get(),
        name="Sekolah terakreditasi",
        target_value=Decimal(10),
        weight=Decimal(1),
        unit_of_measure="sekolah",
        polarity="higher_better",
        aggregation="latest",
    )


def test_document_shows_the_unit_capaian_the_leader_had_in_view(cast):
    record(_head_indicator(cast), 1, "8")
    evaluation = final_evaluation(cast)
    decided = set_predikat(cast, bidang(cast), evaluation.period, "baik")
    achievement = decided.summary["unit_capaian"]["achievement"]
    assert Decimal(achievement) == Decimal(80)
    document = evaluation_document_context(_load(evaluation))
    assert document.org_unit == "Bidang Pembinaan SD"
    assert document.org_predikat == "Baik"
    assert document.org_capaian == "80,00%"


def _outside_signer(cast, serial: int, name: str, username: str, post: str):
    """An acting official outside the pegawai's reporting line, with an account."""
    unit = Unit.objects.get(code="smp")
    position = position_create(unit=unit, name=post, kind="administrator")
    person = employee_create(
        instansi=cast.instansi,
        nip=make_nip(serial),
        name=name,
        username=username,
        password=PASSWORD,
    )
    assignment_create(employee=person, position=position, start=dt.date(cast.year.year, 1, 1))
    return person


def test_document_names_who_judged_and_who_decided_not_todays_line(cast):
    evaluation = final_evaluation(cast)
    judge = _outside_signer(cast, 61, "Rudi Hartono", "plt_penilai", "Plt. Kepala Bidang SD")
    decider = _outside_signer(cast, 62, "Maya Sari", "plt_atasan", "Plt. Kepala Dinas")
    Evaluation.objects.filter(pk=evaluation.pk).update(evaluator=judge.user)
    now = timezone.now()
    Objection.objects.create(
        evaluation=evaluation,
        status=Objection.Status.DECIDED,
        reason="Program kelima tidak dihitung.",
        filed_by=cast.pegawai.user,
        filed_at=now,
        explain_due=now.date(),
        explanation="Sudah dihitung.",
        explained_at=now,
        explained_by=judge.user,
        decide_due=now.date(),
        decision=Objection.Decision.UPHELD,
        decision_reason="Sesuai data.",
        decided_at=now,
        decided_by=decider.user,
    )
    document = evaluation_document_context(_load(evaluation))
    assert document.penilai is not None and document.atasan is not None
    assert (document.penilai.name, document.penilai.position) == (
        "Rudi Hartono",
        "Plt. Kepala Bidang SD",
    )
    assert (document.atasan.name, document.atasan.position) == ("Maya Sari", "Plt. Kepala Dinas")


def test_document_falls_back_to_the_reporting_line_without_an_employee_signer(cast):
    evaluation = final_evaluation(cast)
    # Finalised from an account that is nobody's employee record (an HR admin).
    Evaluation.objects.filter(pk=evaluation.pk).update(evaluator=cast.hr_admin)
    document = evaluation_document_context(_load(evaluation))
    assert document.penilai is not None and document.penilai.name == "Siti Rahmawati"
    assert document.atasan is not None and document.atasan.name == "Dr. Hasan Basri"


def test_evaluations_share_the_skp_pdf_pieces():
    from kinerja.evaluations import documents
    from kinerja.plans import documents as skp

    assert documents.html_to_pdf is skp.html_to_pdf
    pdf = skp.html_to_pdf("<p>Halo</p>", base_url=skp.STATIC_DIR.as_uri() + "/")
    assert pdf.startswith(b"%PDF")
    assert not hasattr(documents, "_person")


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
    assert [(r.name, r.nip, r.predikat_label, r.status) for r in rows] == [
        ("Andi Pratama", cast.pegawai.nip, "Baik", "Final"),
        ("Siti Rahmawati", cast.penilai.nip, "", "belum dievaluasi"),
    ]
    assert rows[0].departs and not rows[1].departs
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
        assert len(list(recap.rows())) == 2  # Siti has no evaluation: listed all the same
    for n in range(5):
        plan = _staff(cast, 100 + n, f"Staf {n}")
        Evaluation.objects.create(plan=plan, period=quarter(cast.year, 4))
    with django_assert_num_queries(len(before.captured_queries)):
        assert len(list(recap.rows())) == 7


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


def _tpp(*values: str) -> dict[Predikat, Decimal]:
    return {p: Decimal(v) for p, v in zip(Predikat, values, strict=True)}


def _change_policy(cast, **fields):
    from kinerja.cycles.services import policy_change

    return policy_change(
        year=cast.year,
        actor=cast.hr_admin,
        policy=replace(cast.year.scoring_policy(), **fields),
        reason="Perubahan tabel TPP",
    )


def test_policy_of_version_reads_the_history(cast):
    default = ScoringPolicy()
    assert policy_of_version(cast.year, default.version) == default
    first = _change_policy(cast, tpp_percent=_tpp("100", "90", "75", "50", "25"))
    second = _change_policy(cast, tpp_percent=_tpp("100", "80", "70", "50", "25"))
    cast.year.refresh_from_db()
    old = policy_of_version(cast.year, first.version)
    assert old is not None and old.tpp_percent[Predikat.BAIK] == Decimal(90)
    assert policy_of_version(cast.year, second.version) == cast.year.scoring_policy()
    assert policy_of_version(cast.year, default.version) == default
    assert policy_of_version(cast.year, "tidak-ada") is None


def test_final_figures_follow_the_policy_version_the_evaluation_stores(cast):
    first = _change_policy(cast, tpp_percent=_tpp("100", "90", "75", "50", "25"))
    evaluation = final_evaluation(cast)
    assert evaluation.policy_version == first.version
    # HR edits the table afterwards: the final figures do not move by themselves...
    second = _change_policy(cast, tpp_percent=_tpp("100", "80", "70", "50", "25"))
    figures = evaluation_figures(_load(evaluation))
    assert figures is not None
    assert (figures.policy_version, figures.tpp.value) == (first.version, Decimal(90))
    rows = list(_recap_for(cast, "hr_admin").rows())
    assert [r.tpp for r in rows if r.name == "Andi Pratama"] == [Decimal(90)]
    # ...until a policy recompute moves the evaluation to the new version.
    Evaluation.objects.filter(pk=evaluation.pk).update(policy_version=second.version)
    figures = evaluation_figures(_load(evaluation))
    assert figures is not None
    assert (figures.policy_version, figures.tpp.value) == (second.version, Decimal(80))
    rows = list(_recap_for(cast, "hr_admin").rows())
    assert [r.tpp for r in rows if r.name == "Andi Pratama"] == [Decimal(80)]


def test_figures_under_the_default_policy_stay_default_after_a_change(cast):
    evaluation = final_evaluation(cast)
    assert evaluation.policy_version == ScoringPolicy().version
    _change_policy(cast, tpp_percent=_tpp("100", "90", "75", "50", "25"))
    figures = evaluation_figures(_load(evaluation))
    assert figures is not None and figures.tpp.value is None


def test_figure_explanations_read_in_indonesian(cast):
    from kinerja.core.explanations import explain_steps

    _set_policy(cast, tpp_percent=_tpp("100", "90", "75", "50", "25"), legacy_mode="pp46_2011")
    cast.pegawai_plan.position.credit_coefficient = Decimal("12.5")
    cast.pegawai_plan.position.save()
    figures = evaluation_figures(_load(final_evaluation(cast)))
    assert figures is not None and figures.credit_points and figures.legacy
    english = ("coefficient", "months", "percent", "number", "table", "band", "value")
    for figure in (figures.tpp, figures.credit_points, figures.legacy):
        for step in explain_steps(figure.explanation):
            assert not any(word in step.formula for word in english), step.formula
    # A legacy score without data names its rule, not the policy's code.
    no_data = scoring.legacy_score(
        "pp46_2011", indicator_capaian=[], behaviour=[], policy=ScoringPolicy()
    ).to_dict()
    [step] = explain_steps(no_data)
    assert dict(step.values)["aturan"] == "PP 46/2011"


def _staff(cast, serial: int, name: str) -> PerformancePlan:
    staff = cast.pegawai_plan.position
    person = employee_create(
        instansi=cast.instansi,
        nip=make_nip(serial),
        name=name,
        username=f"staf{serial}",
        password=PASSWORD,
    )
    position = position_create(
        unit=staff.unit, name=f"Analis {serial}", kind="pelaksana", parent=staff.parent
    )
    assignment_create(employee=person, position=position, start=dt.date(cast.year.year, 1, 1))
    return plan_create(employee=person, position=position, year=cast.year)


def test_recap_lists_skp_holders_without_an_evaluation(cast, django_assert_max_num_queries):
    final_evaluation(cast)
    # An SKP that ended in June (its holder left) is not in force at the period's end.
    left = _staff(cast, 70, "Dewi Lestari")
    PerformancePlan.objects.filter(pk=left.pk).update(end=dt.date(cast.year.year, 6, 30))
    _staff(cast, 71, "Eko Saputra")

    recap = _recap_for(cast, "hr_admin")
    rows = {r.name: r for r in recap.rows()}
    assert sorted(rows) == ["Andi Pratama", "Eko Saputra", "Siti Rahmawati"]
    assert rows["Andi Pratama"].status == "Final"
    assert rows["Eko Saputra"].status == "belum dievaluasi"
    assert rows["Eko Saputra"].evaluation_id is None
    assert rows["Eko Saputra"].predikat_label == ""
    assert recap.evaluated == 1

    # Scope, header (totals, policies, the predikat up the tree) and the rows.
    with django_assert_max_num_queries(12) as small:
        recap = _recap_for(cast, "hr_admin")
        assert len(list(recap.rows())) == 3
    for n in range(5):
        _staff(cast, 80 + n, f"Staf {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        recap = _recap_for(cast, "hr_admin")
        assert len(list(recap.rows())) == 8


def test_recap_page_says_unevaluated_staff_are_listed(cast):
    final_evaluation(cast)
    client = Client()
    client.force_login(cast.hr_admin)
    unit = Unit.objects.get(code="disdik")
    page = client.get(
        reverse("evaluations:recap", args=[unit.pk, quarter(cast.year, 4).pk])
    ).content.decode()
    assert "belum dievaluasi" in page
    assert "Budi Santoso" in page  # SKP in force, no evaluation


def test_recap_never_shows_the_viewer_their_own_draft(cast):
    final_evaluation(cast)
    Evaluation.objects.create(
        plan=cast.penilai_plan,
        period=quarter(cast.year, 4),
        achievement=Decimal(95),
        proposed_rating=Rating.MEETS,
        result_rating=Rating.ABOVE,
        behaviour_rating=Rating.ABOVE,
        predikat=Predikat.SANGAT_BAIK,
        evaluator=cast.atasan.user,
    )
    own = {r.name: r for r in _recap_for(cast, "penilai").rows()}["Siti Rahmawati"]
    assert own.status == "Draf"
    assert (own.predikat, own.predikat_label, own.result, own.behaviour) == ("", "", "", "")
    assert own.capaian is None and not own.departs
    # Andi, whom she judged, is shown in full; the atasan sees her draft.
    theirs = {r.name: r for r in _recap_for(cast, "atasan").rows()}["Siti Rahmawati"]
    assert theirs.predikat_label == "Sangat Baik"
    andi = {r.name: r for r in _recap_for(cast, "penilai").rows()}["Andi Pratama"]
    assert andi.predikat_label == "Baik"


def test_recap_takes_the_org_predikat_of_the_nearest_unit_that_has_one(cast):
    final_evaluation(cast)
    set_predikat(cast, dinas(cast), quarter(cast.year, 4), "istimewa")
    recap = _recap_for(cast, "hr_admin")
    assert recap.org_predikat == "Istimewa"
    assert recap.org_unit == "Dinas Pendidikan"

"""The SKP editor's writes: one running SKP, the cascade rule, target rules, weights,
completeness, the lock on approved SKPs, expectations and copying last year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kinerja.agreements.models import AgreementGoal, PerformanceAgreement
from kinerja.cycles.models import Period, PeriodKind
from kinerja.cycles.services import appraisal_year_create
from kinerja.indicators.models import Indicator
from kinerja.measurements.services import measurement_record
from kinerja.organisation.models import Position
from kinerja.plans.models import (
    BehaviourExpectation,
    PerformancePlan,
    PlanEvent,
    PlanIndicator,
    PlannedResult,
)
from kinerja.plans.selectors import plan_content, superior_results_for
from kinerja.plans.services import (
    PlanLocked,
    behaviour_expectations_update,
    indicator_add,
    indicator_delete,
    indicator_update,
    plan_check_complete,
    plan_copy_previous_year,
    plan_create,
    plan_update,
    result_add,
    result_delete,
    result_update,
)

D = Decimal


def _approve(plan: PerformancePlan) -> None:
    # The approval itself belongs to the workflow; here only its outcome matters.
    PerformancePlan.objects.filter(pk=plan.pk).update(status=PerformancePlan.Status.APPROVED)
    plan.refresh_from_db()


def _iki(result: PlannedResult, **fields) -> PlanIndicator:
    values = {
        "name": "Dokumen kurikulum",
        "unit_of_measure": "dokumen",
        "polarity": "higher_better",
        "aggregation": "sum",
        "target_value": D(4),
        "weight": D(50),
    }
    values.update(fields)
    return indicator_add(result=result, **values)


# Creating ---------------------------------------------------------------------


def test_employee_starts_own_draft_in_current_position_and_year(cast):
    plan = plan_create(employee=cast.atasan, actor=cast.atasan.user)
    assert plan.status == PerformancePlan.Status.DRAFT
    assert plan.year == cast.year
    assert plan.position.name == "Kepala Dinas"
    assert plan.behaviour_expectations.count() == 7
    event = PlanEvent.objects.get(plan=plan)
    assert (event.action, event.actor) == (PlanEvent.Action.CREATED, cast.atasan.user)


def test_second_running_skp_in_the_same_year_is_refused(cast):
    count = PerformancePlan.objects.count()
    with pytest.raises(ValidationError, match="Satu pegawai hanya memiliki satu SKP"):
        plan_create(employee=cast.pegawai, actor=cast.pegawai.user)
    assert PerformancePlan.objects.count() == count


def test_a_later_part_after_the_running_one_closed_is_allowed(cast):
    year = cast.year.year
    PerformancePlan.objects.filter(pk=cast.pegawai_plan.pk).update(end=dt.date(year, 6, 30))
    later = plan_create(
        employee=cast.pegawai,
        position=cast.pegawai_plan.position,
        year=cast.year,
        start=dt.date(year, 7, 1),
    )
    assert later.end == dt.date(year, 12, 31)


def test_without_an_open_year_nothing_is_created(cast):
    foreign_year = cast.foreigner.plans.get().year
    foreign_year.year = foreign_year.year - 5
    foreign_year.save()
    with pytest.raises(ValidationError, match="belum dibuka"):
        plan_create(employee=cast.foreigner)


# The cascade rule -----------------------------------------------------------------


def test_rhk_under_someone_who_is_not_the_direct_superior_is_refused(cast):
    outsider_plan = cast.outsider.plans.get()
    outsider_rhk = result_add(plan=outsider_plan, text="Data SMP")
    atasan_plan = plan_create(employee=cast.atasan)
    atasan_rhk = result_add(plan=atasan_plan, text="Mutu pendidikan")  # JPT: no parent needed
    count = PlannedResult.objects.count()
    for wrong in (outsider_rhk, atasan_rhk):  # a peer, and the superior's superior
        with pytest.raises(ValidationError) as caught:
            result_add(plan=cast.pegawai_plan, text="Program SD", supports=wrong)
        assert caught.value.message_dict["supports"] == [
            "RHK atasan yang dipilih bukan milik atasan langsung."
        ]
    assert PlannedResult.objects.count() == count


def test_rhk_may_be_left_unlinked_and_linked_later_with_an_event(cast):
    rhk = result_add(plan=cast.pegawai_plan, text="Laporan bulanan")
    assert rhk.supports is None
    superior_rhk = cast.penilai_plan.results.get()
    result_update(
        result=rhk, text=rhk.text, kind="utama", supports=superior_rhk, actor=cast.pegawai.user
    )
    rhk.refresh_from_db()
    assert rhk.supports == superior_rhk
    event = PlanEvent.objects.get(plan=cast.pegawai_plan, action=PlanEvent.Action.LINKED)
    assert event.actor == cast.pegawai.user
    # Changing an existing link is not a new LINKED milestone.
    result_update(result=rhk, text="Laporan", kind="utama", supports=superior_rhk)
    assert PlanEvent.objects.filter(action=PlanEvent.Action.LINKED).count() == 1


def _agreement(cast, position: Position) -> AgreementGoal:
    agreement = PerformanceAgreement.objects.create(
        unit=position.unit, year=cast.year, position=position
    )
    return AgreementGoal.objects.create(agreement=agreement, text="Meningkatnya mutu pendidikan")


def test_jpt_rhk_comes_from_its_own_perjanjian_kinerja(cast):
    head = cast.atasan.assignments.get().position
    goal = _agreement(cast, head)
    plan = plan_create(employee=cast.atasan)
    rhk = result_add(plan=plan, text="Mutu pendidikan", goal=goal)
    assert rhk.goal == goal
    other_goal = _agreement(cast, cast.penilai_plan.position)
    with pytest.raises(ValidationError, match="bukan dari Perjanjian Kinerja jabatan ini"):
        result_add(plan=plan, text="Lain", goal=other_goal)
    with pytest.raises(ValidationError, match="Hanya RHK JPT"):
        result_add(plan=cast.pegawai_plan, text="Lain", goal=goal)


# Target rules (PlanIndicator.clean) -----------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"polarity": "higher_better", "target_value": D(0)},
            "target_value",
            "Target harus lebih besar dari nol.",
        ),
        (
            {"polarity": "lower_better", "target_value": D(-1)},
            "target_value",
            "Target harus lebih besar dari nol.",
        ),
        (
            {"polarity": "milestone", "target_value": D(3)},
            "target_value",
            "Target tonggak selalu 1 (selesai dilaksanakan).",
        ),
        (
            {"polarity": "range", "target_low": D(-2), "target_high": D(5)},
            "target_low",
            "Batas target rentang tidak boleh negatif.",
        ),
        (
            {"polarity": "range", "target_low": D(9), "target_high": D(7)},
            "target_low",
            "Batas bawah target tidak boleh melebihi batas atas.",
        ),
        (
            {"unit_of_measure": "%", "target_value": D(120)},
            "target_value",
            "Target dalam persen tidak boleh melebihi 100.",
        ),
        (
            {
                "unit_of_measure": "Persen",
                "polarity": "range",
                "target_low": D(90),
                "target_high": D(101),
            },
            "target_high",
            "Target dalam persen tidak boleh melebihi 100.",
        ),
        ({"weight": D(150)}, "weight", "Bobot adalah persen: paling besar 100."),
    ],
)
def test_target_contradicting_its_polarity_is_refused_beside_the_field(
    cast, fields, field, message
):
    count = PlanIndicator.objects.count()
    with pytest.raises(ValidationError) as caught:
        _iki(cast.programmes.result, **fields)
    assert caught.value.message_dict[field] == [message]
    assert PlanIndicator.objects.count() == count


def test_valid_milestone_range_and_percent_targets_are_kept(cast):
    result = cast.programmes.result
    assert _iki(result, polarity="milestone", target_value=D(1)).target_value == 1
    ranged = _iki(result, polarity="range", target_low=D(7), target_high=D(8))
    assert (ranged.target_low, ranged.target_high) == (7, 8)
    assert _iki(result, unit_of_measure="%", target_value=D(100)).target_value == 100


def test_catalogue_iki_copies_its_definition_and_must_be_of_the_same_instansi(cast):
    foreign = Indicator.objects.create(
        instansi=cast.other_instansi,
        code="kunjungan",
        name="Kunjungan",
        unit_of_measure="orang",
        polarity="higher_better",
        aggregation="sum",
    )
    with pytest.raises(ValidationError, match="bukan milik instansi ini"):
        indicator_add(result=cast.programmes.result, catalogue=foreign, target_value=D(5))
    own = Indicator.objects.get(code="aps-7-12")
    iki = indicator_add(
        result=cast.programmes.result,
        catalogue=own,
        target_value=D(90),
        unit_of_measure="ignored",
        polarity="lower_better",
    )
    assert (iki.unit_of_measure, iki.polarity, iki.aggregation) == ("%", "higher_better", "ratio")


def test_kualitatif_iki_needs_a_narrated_target_instead_of_a_number(cast):
    plan_update(plan=cast.pegawai_plan, approach="qualitative")
    with pytest.raises(ValidationError) as caught:
        _iki(cast.programmes.result, target_value=None)
    assert "target_text" in caught.value.message_dict
    iki = _iki(cast.programmes.result, target_value=None, target_text="Kurikulum disahkan")
    assert iki.target_value is None and iki.target_text == "Kurikulum disahkan"


def test_perspective_is_kept_only_for_a_jpt(cast):
    iki = _iki(cast.programmes.result, perspective="service_users")
    assert iki.perspective == ""
    plan = plan_create(employee=cast.atasan)
    rhk = result_add(plan=plan, text="Mutu pendidikan")
    assert _iki(rhk, perspective="service_users").perspective == "service_users"


# Completeness ---------------------------------------------------------------------


def test_weights_not_adding_up_to_100_block_submission(cast):
    reasons = plan_check_complete(cast.pegawai_plan)  # the cast's two IKIs weigh 1 each
    assert "Jumlah bobot IKI 2,00%; harus tepat 100%." in reasons
    indicator_update(
        indicator=cast.programmes,
        catalogue=cast.programmes.indicator,
        target_value=D(12),
        weight=D("33.33"),
    )
    indicator_update(
        indicator=cast.coverage,
        catalogue=cast.coverage.indicator,
        target_value=D(95),
        weight=D("66.67"),
    )
    assert plan_check_complete(cast.pegawai_plan) == []


def test_incomplete_skp_lists_every_reason(cast):
    plan = cast.outsider.plans.get()
    assert plan_check_complete(plan) == ["SKP belum memiliki RHK utama."]
    result_add(plan=plan, text="Data SMP rapi", kind="utama")
    reasons = plan_check_complete(plan)
    assert "RHK “Data SMP rapi” belum memiliki IKI." in reasons
    # The outsider's superior has no SKP with RHKs: an unlinked RHK is not held against them.
    assert not any("RHK atasan" in r for r in reasons)


def test_unlinked_utama_rhk_is_reported_when_the_superior_has_rhks(cast):
    rhk = result_add(plan=cast.pegawai_plan, text="Laporan bulanan")
    _iki(rhk)
    reasons = plan_check_complete(cast.pegawai_plan)
    assert "RHK utama “Laporan bulanan” belum dihubungkan ke RHK atasan." in reasons


def test_jpt_rhk_unlinked_to_an_existing_pk_and_iki_without_perspective_are_reported(cast):
    goal = _agreement(cast, cast.atasan.assignments.get().position)
    plan = plan_create(employee=cast.atasan)
    rhk = result_add(plan=plan, text="Mutu")
    _iki(rhk, weight=D(100))
    reasons = plan_check_complete(plan)
    assert "RHK “Mutu” belum dihubungkan ke sasaran Perjanjian Kinerja." in reasons
    assert "IKI “Dokumen kurikulum” belum memiliki perspektif." in reasons
    result_update(result=rhk, text="Mutu", kind="utama", goal=goal)
    indicator_update(
        indicator=rhk.indicators.get(),
        name="Dokumen kurikulum",
        unit_of_measure="dokumen",
        polarity="higher_better",
        aggregation="sum",
        target_value=D(4),
        weight=D(100),
        perspective="internal",
    )
    assert plan_check_complete(plan) == []


def test_kualitatif_rhk_without_narrated_target_is_reported(cast):
    plan = plan_update(plan=cast.outsider.plans.get(), approach="qualitative")
    rhk = result_add(plan=plan, text="Data SMP rapi")
    _iki(rhk, target_value=D(3), target_text="Data lengkap", weight=D(100))
    assert plan_check_complete(plan) == []
    PlanIndicator.objects.filter(result=rhk).update(target_text="")
    assert "RHK “Data SMP rapi” belum memiliki uraian target kualitatif." in plan_check_complete(
        plan
    )


# The lock -------------------------------------------------------------------------


def test_edit_of_an_approved_skp_is_refused_and_nothing_is_saved(cast):
    plan = cast.pegawai_plan
    _approve(plan)
    rhk = cast.programmes.result
    before = (
        list(PlannedResult.objects.values_list("pk", "text")),
        list(PlanIndicator.objects.values_list("pk", "target_value", "weight")),
        PerformancePlan.objects.filter(pk=plan.pk).values_list("approach", flat=True).get(),
    )
    attempts = [
        lambda: plan_update(plan=plan, approach="qualitative"),
        lambda: result_add(plan=plan, text="Baru"),
        lambda: result_update(result=rhk, text="Diubah", kind="utama"),
        lambda: result_delete(result=rhk),
        lambda: _iki(rhk),
        lambda: indicator_update(
            indicator=cast.programmes, catalogue=cast.programmes.indicator, target_value=D(1)
        ),
        lambda: indicator_delete(indicator=cast.coverage),
        lambda: behaviour_expectations_update(plan=plan, expectations={"loyal": "x"}),
    ]
    for attempt in attempts:
        with pytest.raises(PlanLocked, match="berstatus Disetujui"):
            attempt()
    after = (
        list(PlannedResult.objects.values_list("pk", "text")),
        list(PlanIndicator.objects.values_list("pk", "target_value", "weight")),
        PerformancePlan.objects.filter(pk=plan.pk).values_list("approach", flat=True).get(),
    )
    assert after == before


def test_status_changed_since_the_object_was_read_still_counts(cast):
    stale = PerformancePlan.objects.get(pk=cast.pegawai_plan.pk)
    _approve(cast.pegawai_plan)
    with pytest.raises(PlanLocked):
        result_add(plan=stale, text="Baru")


def test_returned_skp_may_be_revised(cast):
    PerformancePlan.objects.filter(pk=cast.pegawai_plan.pk).update(status="returned")
    assert result_add(plan=cast.pegawai_plan, text="Perbaikan").pk


def test_rhk_with_staff_under_it_and_iki_with_realisasi_are_not_deleted(cast):
    superior_rhk = cast.penilai_plan.results.get()
    with pytest.raises(ValidationError, match="masih diintervensi"):
        result_delete(result=superior_rhk)
    period = Period.objects.get(year=cast.year, kind=PeriodKind.MONTH, number=1)
    measurement_record(
        user=cast.pegawai.user, plan_indicator=cast.programmes, period=period, value=D(1)
    )
    with pytest.raises(ValidationError, match="sudah memiliki realisasi"):
        indicator_delete(indicator=cast.programmes)
    assert PlanIndicator.objects.filter(pk=cast.programmes.pk).exists()


# Expectations ---------------------------------------------------------------------


def test_expectations_are_set_per_value_and_unknown_values_refused(cast):
    behaviour_expectations_update(
        plan=cast.pegawai_plan, expectations={"kolaboratif": "  Berbagi data  "}
    )
    row = BehaviourExpectation.objects.get(plan=cast.pegawai_plan, value="kolaboratif")
    assert row.expectation == "Berbagi data"
    with pytest.raises(ValidationError, match="tidak dikenal"):
        behaviour_expectations_update(plan=cast.pegawai_plan, expectations={"jujur": "x"})


# Copying last year ----------------------------------------------------------------


def _last_year_plan(cast) -> PerformancePlan:
    last = appraisal_year_create(instansi=cast.instansi, year=cast.year.year - 1)
    plan = plan_create(
        employee=cast.outsider,
        position=cast.outsider.assignments.get().position,
        year=last,
        expectations={"loyal": "Menjaga rahasia data"},
    )
    plan_update(
        plan=plan, approach="quantitative", supporting_resources="Server data", consequences="-"
    )
    superior = plan_create(employee=cast.penilai, position=cast.penilai_plan.position, year=last)
    rhk = result_add(plan=plan, text="Data SMP mutakhir")
    PlannedResult.objects.filter(pk=rhk.pk).update(
        supports=result_add(plan=superior, text="Mutu data")
    )
    _iki(rhk, target_value=D(12), weight=D(100))
    result_add(plan=plan, text="Tugas piket", kind="tambahan")
    _approve(plan)
    return plan


def test_copy_of_last_year_brings_content_but_not_the_parents(cast):
    old = _last_year_plan(cast)
    PerformancePlan.objects.filter(employee=cast.outsider, year=cast.year).delete()
    new = plan_copy_previous_year(employee=cast.outsider, year=cast.year, actor=cast.outsider.user)
    assert (new.status, new.year, new.approach) == ("draft", cast.year, old.approach)
    assert (new.supporting_resources, new.consequences) == ("Server data", "-")
    results = list(new.results.order_by("order"))
    assert [(r.text, r.kind, r.supports_id) for r in results] == [
        ("Data SMP mutakhir", "utama", None),
        ("Tugas piket", "tambahan", None),
    ]
    iki = results[0].indicators.get()
    assert (iki.name, iki.target_value, iki.weight, iki.achievement) == (
        "Dokumen kurikulum",
        12,
        100,
        None,
    )
    expectation = new.behaviour_expectations.get(value="loyal")
    assert expectation.expectation == "Menjaga rahasia data"
    event = PlanEvent.objects.get(plan=new)
    assert (event.action, event.actor) == (PlanEvent.Action.COPIED, cast.outsider.user)
    # The old SKP is untouched.
    assert old.results.filter(supports__isnull=False).count() == 1


def test_copy_is_refused_when_this_years_skp_exists_or_there_is_nothing_to_copy(cast):
    count = PerformancePlan.objects.count()
    with pytest.raises(ValidationError, match="Tidak ada SKP tahun"):
        plan_copy_previous_year(employee=cast.outsider, year=cast.year)
    _last_year_plan(cast)
    count = PerformancePlan.objects.count()
    with pytest.raises(ValidationError, match="sudah ada"):
        plan_copy_previous_year(employee=cast.outsider, year=cast.year)
    assert PerformancePlan.objects.count() == count


# Kualitatif IKIs and the standing ----------------------------------------------------


@pytest.mark.usefixtures("start_of_year")
def test_realisasi_of_a_kualitatif_iki_is_kept_without_capaian_and_skipped_in_the_skp(cast):
    plan_update(plan=cast.pegawai_plan, approach="qualitative")
    narrated = _iki(cast.programmes.result, target_value=None, target_text="Kurikulum disahkan")
    period = Period.objects.get(year=cast.year, kind=PeriodKind.MONTH, number=1)
    measurement_record(user=cast.pegawai.user, plan_indicator=narrated, period=period, value=D(1))
    measurement_record(
        user=cast.pegawai.user, plan_indicator=cast.programmes, period=period, value=D(1)
    )
    narrated.refresh_from_db()
    assert narrated.achieved_value == 1
    assert narrated.achievement is None
    assert [s["code"] for s in narrated.explanation["steps"]][-1] == "capaian.no_target"
    cast.programmes.refresh_from_db()
    plan = PerformancePlan.objects.get(pk=cast.pegawai_plan.pk)
    # Only the numeric IKI counts in the SKP's capaian.
    assert plan.achievement == cast.programmes.achievement


# Reads ----------------------------------------------------------------------------


def test_plan_content_groups_rhks_and_costs_the_same_queries_whatever_the_size(
    cast, django_assert_num_queries
):
    superior_rhk = cast.penilai_plan.results.get()
    for n in range(3):
        rhk = result_add(plan=cast.pegawai_plan, text=f"Tambahan {n}", kind="tambahan")
        _iki(rhk, weight=D(10))
    result_update(
        result=PlannedResult.objects.get(text="Tambahan 0"),
        text="Tambahan 0",
        kind="tambahan",
        supports=superior_rhk,
    )
    with django_assert_num_queries(3):
        content = plan_content(cast.pegawai_plan)
    assert [row.result.text for row in content.utama] == ["Terlaksananya program pendidikan SD"]
    assert [row.result.text for row in content.tambahan] == [f"Tambahan {n}" for n in range(3)]
    assert content.utama[0].parent_text == "Meningkatnya mutu layanan SD"
    assert content.utama[0].parent_owner == cast.penilai.name
    assert [len(row.indicators) for row in content.tambahan] == [1, 1, 1]
    assert len(content.expectations) == 7


def test_superior_choices_are_only_the_direct_superiors_rhks(cast):
    result_add(plan=cast.outsider.plans.get(), text="Data SMP")
    choices = list(superior_results_for(cast.pegawai_plan))
    assert choices == [cast.penilai_plan.results.get()]

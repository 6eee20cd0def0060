"""Position templates: writing them, and applying them to every holder of the position at once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.cycles.services import appraisal_year_create
from kinerja.indicators.models import Indicator
from kinerja.organisation.access import viewer_for
from kinerja.organisation.services import assignment_create
from kinerja.plans.models import (
    BehaviourExpectation,
    PerformancePlan,
    PlanEvent,
    PlanIndicator,
    PlannedResult,
    PlanTemplate,
    TemplateIndicator,
    TemplateResult,
)
from kinerja.plans.position_templates import (
    position_list_manageable,
    template_apply,
    template_apply_preview,
    template_create,
    template_from_plan,
    template_indicator_add,
    template_indicator_delete,
    template_indicator_update,
    template_result_add,
    template_result_delete,
    template_result_update,
)
from kinerja.plans.services import plan_create, result_add
from tests.plans.templates_support import holders, teacher_position, teaching_template

D = Decimal


def _counts() -> tuple[int, ...]:
    return (
        PerformancePlan.objects.count(),
        PlannedResult.objects.count(),
        PlanIndicator.objects.count(),
        BehaviourExpectation.objects.count(),
        PlanEvent.objects.count(),
        PlanTemplate.objects.count(),
        TemplateResult.objects.count(),
        TemplateIndicator.objects.count(),
    )


# --- writing a template ---------------------------------------------------------------


def test_template_collects_rhks_and_ikis_with_default_targets(cast):
    template = teaching_template(cast, teacher_position(cast))
    result = template.results.get()
    assert (result.text, result.kind, result.order) == (
        "Terlaksananya pembelajaran bermutu",
        "utama",
        0,
    )
    own, picked = result.indicators.order_by("pk")
    assert (own.name, own.target_value, own.weight) == ("Persentase siswa tuntas KKM", 85, 40)
    # A catalogue pick copies what the catalogue defines.
    assert picked.name == "Jumlah program pendidikan yang dilaksanakan"
    assert (picked.polarity, picked.aggregation, picked.unit_of_measure) == (
        "higher_better",
        "sum",
        "program",
    )
    assert template.created_by == cast.hr_admin


def test_template_name_is_required_and_unique_per_position(cast):
    position = teacher_position(cast)
    template_create(position=position, name="SKP Guru", actor=cast.hr_admin)
    before = _counts()
    with pytest.raises(ValidationError) as blank:
        template_create(position=position, name="   ", actor=cast.hr_admin)
    with pytest.raises(ValidationError) as twice:
        template_create(position=position, name="skp guru", actor=cast.hr_admin)
    assert "name" in blank.value.message_dict
    assert "sudah memiliki template" in twice.value.message_dict["name"][0]
    assert _counts() == before


def test_template_rhk_text_is_required(cast):
    template = template_create(position=teacher_position(cast), name="T", actor=None)
    with pytest.raises(ValidationError) as error:
        template_result_add(template=template, text="  ")
    assert "text" in error.value.message_dict
    assert not template.results.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"target_value": None}, "target_value"),
        ({"target_value": D(0)}, "target_value"),
        ({"polarity": "sideways"}, "polarity"),
        ({"weight": D(0)}, "weight"),
    ],
)
def test_template_iki_is_held_to_the_rules_of_an_skp_iki(cast, fields, field):
    template = template_create(position=teacher_position(cast), name="T", actor=None)
    result = template_result_add(template=template, text="RHK")
    values = {
        "name": "Jumlah modul ajar",
        "unit_of_measure": "modul",
        "polarity": "higher_better",
        "aggregation": "sum",
        "target_value": D(10),
        "weight": D(20),
        **fields,
    }
    with pytest.raises(ValidationError) as error:
        template_indicator_add(result=result, **values)
    assert field in error.value.message_dict
    assert not TemplateIndicator.objects.exists()


def test_template_range_target_needs_ordered_bounds(cast):
    template = template_create(position=teacher_position(cast), name="T", actor=None)
    result = template_result_add(template=template, text="RHK")
    with pytest.raises(ValidationError, match="Batas bawah"):
        template_indicator_add(
            result=result,
            name="Waktu penyelesaian rapor",
            unit_of_measure="hari",
            polarity="range",
            aggregation="mean",
            target_low=D(9),
            target_high=D(7),
        )
    assert not TemplateIndicator.objects.exists()


def test_template_weights_are_percentages_that_may_not_pass_100(cast):
    template = teaching_template(cast, teacher_position(cast))
    result = template.results.get()
    with pytest.raises(ValidationError) as error:
        template_indicator_add(
            result=result,
            name="Jumlah modul ajar",
            unit_of_measure="modul",
            polarity="higher_better",
            aggregation="sum",
            target_value=D(10),
            weight=D(41),
        )
    assert "101%" in error.value.message_dict["weight"][0]
    assert result.indicators.count() == 2
    # Exactly 100 is fine.
    template_indicator_add(
        result=result,
        name="Jumlah modul ajar",
        unit_of_measure="modul",
        polarity="higher_better",
        aggregation="sum",
        target_value=D(10),
        weight=D(40),
    )


def test_catalogue_of_another_instansi_is_refused(cast):
    template = template_create(position=teacher_position(cast), name="T", actor=None)
    result = template_result_add(template=template, text="RHK")
    foreign = Indicator.objects.create(
        instansi=cast.other_instansi,
        code="waktu-tunggu",
        name="Waktu tunggu rawat jalan",
        unit_of_measure="menit",
        polarity="lower_better",
        aggregation="mean",
    )
    with pytest.raises(ValidationError) as error:
        template_indicator_add(result=result, catalogue=foreign, target_value=D(60))
    assert "catalogue" in error.value.message_dict
    assert not TemplateIndicator.objects.exists()


def test_template_iki_update_is_validated_and_a_refusal_leaves_it_unchanged(cast):
    template = teaching_template(cast, teacher_position(cast))
    own = TemplateIndicator.objects.get(name="Persentase siswa tuntas KKM")
    template_indicator_update(
        indicator=own,
        name="Persentase siswa tuntas KKM",
        unit_of_measure="%",
        polarity="higher_better",
        aggregation="latest",
        target_value=D(90),
        weight=D(50),
    )
    own.refresh_from_db()
    assert (own.target_value, own.weight) == (90, 50)
    with pytest.raises(ValidationError):
        template_indicator_update(
            indicator=own,
            name="Persentase siswa tuntas KKM",
            unit_of_measure="%",
            polarity="higher_better",
            aggregation="latest",
            target_value=None,
            weight=D(50),
        )
    own.refresh_from_db()
    assert own.target_value == 90
    assert template.results.get().indicators.count() == 2


def test_template_rhk_update_and_delete(cast):
    template = teaching_template(cast, teacher_position(cast))
    result = template.results.get()
    template_result_update(result=result, text="Pembelajaran tuntas", kind="tambahan")
    result.refresh_from_db()
    assert (result.text, result.kind) == ("Pembelajaran tuntas", "tambahan")
    template_indicator_delete(indicator=result.indicators.first())
    assert result.indicators.count() == 1
    template_result_delete(result=result)
    assert not TemplateResult.objects.exists()
    assert not TemplateIndicator.objects.exists()


def test_template_from_plan_copies_its_rhks_and_ikis(cast):
    template = template_from_plan(plan=cast.pegawai_plan, name="Analis", actor=cast.penilai.user)
    assert template.position == cast.pegawai_plan.position
    result = template.results.get()
    assert result.text == "Terlaksananya program pendidikan SD"
    copied = {(i.indicator_id, i.target_value, i.weight) for i in result.indicators.all()}
    source = {(i.indicator_id, i.target_value, i.weight) for i in (cast.programmes, cast.coverage)}
    assert copied == source


# --- who may manage ---------------------------------------------------------------------


def test_hr_and_the_penilai_manage_a_position_the_atasan_and_others_do_not(cast):
    position = teacher_position(cast)
    people = {
        "hr_admin": cast.hr_admin,
        "penilai": cast.penilai.user,
        "atasan": cast.atasan.user,
        "pegawai": cast.pegawai.user,
        "foreigner": cast.foreigner.user,
        "auditor": cast.auditor,
    }
    managing = {
        role
        for role, user in people.items()
        if position_list_manageable(viewer_for(user)).filter(pk=position.pk).exists()
    }
    assert managing == {"hr_admin", "penilai"}


# --- applying --------------------------------------------------------------------------


def test_apply_gives_every_holder_a_draft_skp_with_the_template(cast):
    position = teacher_position(cast)
    staff = holders(cast, position, 5)
    template = teaching_template(cast, position)

    outcome = template_apply(template=template, year=cast.year, actor=cast.hr_admin)

    assert len(outcome.created) == 5
    assert not outcome.extended and not outcome.skipped
    plans = PerformancePlan.objects.filter(employee__in=staff, year=cast.year)
    assert plans.count() == 5
    for plan in plans:
        assert plan.status == PerformancePlan.Status.DRAFT
        assert plan.position == position
        assert (plan.start, plan.end) == (
            dt.date(cast.year.year, 1, 1),
            dt.date(cast.year.year, 12, 31),
        )
        assert plan.behaviour_expectations.count() == 7
        result = plan.results.get()
        assert result.template_result == template.results.get()
        assert {(i.name, i.target_value, i.weight) for i in result.indicators.all()} == {
            ("Persentase siswa tuntas KKM", 85, 40),
            ("Jumlah program pendidikan yang dilaksanakan", 4, 20),
        }
        assert list(plan.events.values_list("action", "actor")) == [
            ("created", cast.hr_admin.pk),
            ("template_applied", cast.hr_admin.pk),
        ]


def test_applying_twice_adds_nothing(cast):
    position = teacher_position(cast)
    holders(cast, position, 3)
    template = teaching_template(cast, position)
    template_apply(template=template, year=cast.year, actor=cast.hr_admin)
    before = _counts()

    again = template_apply(template=template, year=cast.year, actor=cast.hr_admin)

    assert _counts() == before
    assert not again.created and not again.extended
    assert len(again.skipped) == 3
    assert {o.reason for o in again.skipped} == {"SKP sudah memuat seluruh isi template"}


def test_reapplying_adds_only_what_was_added_to_the_template_since(cast):
    position = teacher_position(cast)
    staff = holders(cast, position, 2)
    template = teaching_template(cast, position)
    template_apply(template=template, year=cast.year, actor=cast.hr_admin)
    result = template.results.get()
    template_indicator_add(
        result=result,
        name="Jumlah modul ajar",
        unit_of_measure="modul",
        polarity="higher_better",
        aggregation="sum",
        target_value=D(6),
        weight=D(20),
    )
    template_result_add(template=template, text="Terlaksananya ekstrakurikuler", kind="tambahan")

    outcome = template_apply(template=template, year=cast.year, actor=cast.penilai.user)

    assert len(outcome.extended) == 2
    assert {(o.results_added, o.indicators_added) for o in outcome.extended} == {(1, 1)}
    plan = PerformancePlan.objects.get(employee=staff[0])
    applied = plan.results.get(template_result=result)
    assert applied.indicators.count() == 3
    assert plan.results.count() == 2
    assert plan.events.filter(action="template_applied").count() == 2


def test_apply_extends_a_holders_own_draft_and_keeps_its_content(cast):
    position = teacher_position(cast)
    (teacher,) = holders(cast, position, 1)
    draft = plan_create(employee=teacher, position=position, year=cast.year, status="draft")
    own = result_add(plan=draft, text="RHK pribadi")
    template = teaching_template(cast, position)

    outcome = template_apply(template=template, year=cast.year, actor=cast.hr_admin)

    assert [o.plan for o in outcome.extended] == [draft]
    assert PerformancePlan.objects.filter(employee=teacher).count() == 1
    assert list(draft.results.order_by("order").values_list("text", "order")) == [
        (own.text, 0),
        ("Terlaksananya pembelajaran bermutu", 1),
    ]


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_locked_skps_are_skipped_with_the_reason_and_left_alone(cast, status):
    position = teacher_position(cast)
    locked_holder, open_holder = holders(cast, position, 2)
    # Created straight in the locked status (plan_create's `status`), with no content.
    locked = plan_create(employee=locked_holder, position=position, year=cast.year, status=status)
    template = teaching_template(cast, position)

    outcome = template_apply(template=template, year=cast.year, actor=cast.hr_admin)

    assert [o.employee for o in outcome.created] == [open_holder]
    (skipped,) = outcome.skipped
    assert (skipped.employee, skipped.plan) == (locked_holder, locked)
    assert "terkunci" in skipped.reason
    assert not locked.results.exists()
    # Only its creation is on record: the template wrote no event to it.
    assert list(locked.events.values_list("action", flat=True)) == [PlanEvent.Action.CREATED]


def test_a_holder_whose_skp_is_for_another_position_is_skipped(cast):
    position = teacher_position(cast)
    (teacher,) = holders(cast, position, 1)
    elsewhere = cast.outsider.assignments.get().position
    plan_create(employee=teacher, position=elsewhere, year=cast.year, status="draft")
    template = teaching_template(cast, position)

    outcome = template_apply(template=template, year=cast.year, actor=cast.hr_admin)

    assert [o.employee for o in outcome.skipped] == [teacher]
    assert "jabatan lain" in outcome.skipped[0].reason
    assert not PlannedResult.objects.filter(plan__employee=teacher).exists()


def test_each_holder_adjusts_their_own_target_afterwards(cast):
    position = teacher_position(cast)
    first, second = holders(cast, position, 2)
    template = teaching_template(cast, position)
    template_apply(template=template, year=cast.year, actor=cast.hr_admin)

    mine = PlanIndicator.objects.get(
        result__plan__employee=first, name="Persentase siswa tuntas KKM"
    )
    mine.target_value = D(92)
    mine.full_clean()
    mine.save()
    template_apply(template=template, year=cast.year, actor=cast.hr_admin)

    targets = dict(
        PlanIndicator.objects.filter(name="Persentase siswa tuntas KKM").values_list(
            "result__plan__employee", "target_value"
        )
    )
    assert targets == {first.pk: 92, second.pk: 85}


def test_apply_to_a_subset_ignores_people_who_do_not_hold_the_position(cast):
    position = teacher_position(cast)
    chosen, _other = holders(cast, position, 2)
    template = teaching_template(cast, position)

    outcome = template_apply(
        template=template,
        year=cast.year,
        actor=cast.hr_admin,
        employee_ids=[chosen.pk, cast.pegawai.pk],
    )

    assert [o.employee for o in outcome.outcomes] == [chosen]
    assert not cast.pegawai_plan.results.filter(template_result__isnull=False).exists()


def test_a_holder_who_started_mid_year_gets_an_skp_from_that_day(cast):
    position = teacher_position(cast)
    (teacher,) = holders(cast, position, 1)
    teacher.assignments.all().delete()
    start = dt.date(cast.year.year, 1, 15)
    assignment_create(employee=teacher, position=position, start=start)
    template = teaching_template(cast, position)

    template_apply(template=template, year=cast.year, actor=cast.hr_admin)

    assert PerformancePlan.objects.get(employee=teacher).start == start


def test_a_year_of_another_instansi_is_refused(cast):
    position = teacher_position(cast)
    holders(cast, position, 1)
    template = teaching_template(cast, position)
    foreign_year = cast.foreigner.plans.get().year
    before = _counts()
    with pytest.raises(ValidationError):
        template_apply(template=template, year=foreign_year, actor=cast.hr_admin)
    assert _counts() == before


def test_preview_says_what_apply_will_do_and_writes_nothing(cast):
    position = teacher_position(cast)
    fresh, locked = holders(cast, position, 2)
    plan_create(employee=locked, position=position, year=cast.year, status="approved")
    template = teaching_template(cast, position)
    before = _counts()

    preview = template_apply_preview(template=template, year=cast.year)

    assert _counts() == before
    assert [(o.employee, o.action) for o in preview.outcomes] == [
        (fresh, "create"),
        (locked, "skip"),
    ]
    assert (preview.outcomes[0].results_added, preview.outcomes[0].indicators_added) == (1, 2)


def test_apply_to_next_year_uses_that_years_skps(cast):
    position = teacher_position(cast)
    holders(cast, position, 2)
    template = teaching_template(cast, position)
    next_year = appraisal_year_create(instansi=cast.instansi, year=cast.year.year + 1)

    outcome = template_apply(template=template, year=next_year, actor=cast.hr_admin)

    assert len(outcome.created) == 2
    assert set(
        PerformancePlan.objects.filter(position=position).values_list("year", flat=True)
    ) == {next_year.pk}


def _applied_queries(cast, position_name: str, count: int, first: int) -> tuple:
    chief = cast.penilai.assignments.get().position
    from kinerja.organisation.services import position_create

    position = position_create(unit=chief.unit, name=position_name, kind="fungsional", parent=chief)
    staff = holders(cast, position, count, first=first)
    # Half already have a draft to extend, so both paths are measured.
    for employee in staff[: count // 2]:
        plan_create(employee=employee, position=position, year=cast.year, status="draft")
    return teaching_template(cast, position), staff


def test_query_count_does_not_grow_with_the_number_of_holders(
    cast, monkeypatch, django_assert_max_num_queries
):
    # Django splits a bulk insert on SQLite at 999 parameters, the limit of SQLite
    # before 3.32; PostgreSQL (and SQLite ≥ 3.32, limit 32766) take one statement.
    monkeypatch.setattr(connection.features, "max_query_params", 32766)
    few, _few_staff = _applied_queries(cast, "Guru Mapel", 10, first=0)
    many, many_staff = _applied_queries(cast, "Guru Kelas", 60, first=100)

    with CaptureQueriesContext(connection) as for_ten:
        ten = template_apply(template=few, year=cast.year, actor=cast.hr_admin)
    with django_assert_max_num_queries(len(for_ten.captured_queries)):
        sixty = template_apply(template=many, year=cast.year, actor=cast.hr_admin)

    assert (len(ten.created), len(ten.extended)) == (5, 5)
    assert (len(sixty.created), len(sixty.extended)) == (30, 30)
    assert PlanIndicator.objects.filter(result__plan__employee__in=many_staff).count() == 120
    # The 30 drafts of the set-up were CREATED by plan_create; the apply CREATED the other
    # 30 and wrote TEMPLATE_APPLIED on all 60.
    events = PlanEvent.objects.filter(plan__employee__in=many_staff)
    assert Counter(events.values_list("action", flat=True)) == {
        PlanEvent.Action.CREATED: 60,
        PlanEvent.Action.TEMPLATE_APPLIED: 60,
    }
    assert events.filter(action=PlanEvent.Action.CREATED, actor=cast.hr_admin).count() == 30

"""The demo data set: loads once, reads like a real government, scores like real data.

The demo is loaded once for the module (inside a transaction rolled back at
the end) with a fixed reference day, so the realisasi and the ended quarters
do not depend on when the tests run.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker

from kinerja.accounts.models import Role, RoleGrant, User
from kinerja.cycles.models import AppraisalYear
from kinerja.demo.loader import DEMO_PASSWORD, DemoResult, demo_load
from kinerja.demo.purge import instansi_purge
from kinerja.demo.structure import DEMO_CODES
from kinerja.evaluations.models import Evaluation
from kinerja.measurements.models import Measurement
from kinerja.measurements.services import standing_recompute_year
from kinerja.organisation.models import Employee, Instansi
from kinerja.organisation.selectors import reporting_line
from kinerja.plans.models import PerformancePlan, PlanIndicator, PlannedResult

REFERENCE_DAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoResult]:
    with django_db_blocker.unblock(), transaction.atomic():
        result = demo_load(today=REFERENCE_DAY)
        yield result
        transaction.set_rollback(True)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "admin"}
    }


def demo_employees() -> list[Employee]:
    return list(Employee.objects.filter(instansi__code__in=DEMO_CODES).select_related("user"))


def test_demo_loads_two_instansi_with_60_to_150_employees(demo: DemoResult, db: None) -> None:
    assert demo.loaded
    assert set(Instansi.objects.values_list("code", flat=True)) >= set(DEMO_CODES)
    assert 60 <= Employee.objects.filter(instansi__code__in=DEMO_CODES).count() <= 150
    for code in DEMO_CODES:
        assert AppraisalYear.objects.get(instansi__code=code).year == REFERENCE_DAY.year


def test_loading_again_adds_no_rows(demo: DemoResult, db: None) -> None:
    before = row_counts()
    again = demo_load(today=REFERENCE_DAY)
    assert not again.loaded
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert row_counts() == before
    printed = out.getvalue()
    for username in ("andi.pratama", "siti.rahmawati", "hasan.basri", "bkpsdm.jambi"):
        assert username in printed
    assert "inspektorat.jambi" in printed
    assert DEMO_PASSWORD in printed


def test_everyone_below_a_kepala_dinas_has_a_penilai_with_an_account(
    demo: DemoResult, db: None
) -> None:
    for employee in demo_employees():
        line = reporting_line(employee, on=REFERENCE_DAY)
        assert line.position is not None
        if line.position.kind == "jpt":
            assert line.penilai is None
            continue
        assert line.penilai is not None, employee
        assert line.penilai.user is not None
        assert line.penilai_position is not None
        assert line.penilai_position.pk == line.position.parent_id
        assert line.penilai.instansi_id == employee.instansi_id


def test_each_rhk_supports_an_rhk_of_the_superiors_skp(demo: DemoResult, db: None) -> None:
    results = PlannedResult.objects.filter(
        plan__year__instansi__code__in=DEMO_CODES
    ).select_related("plan__position", "supports__plan")
    checked = 0
    for result in results:
        position = result.plan.position
        if position.kind == "jpt":
            assert result.supports is None
            continue
        assert result.supports is not None, result
        assert result.supports.plan.position_id == position.parent_id
        assert result.supports.plan.year_id == result.plan.year_id
        checked += 1
    assert checked > 100


def test_every_skp_has_two_to_four_weighted_ikis(demo: DemoResult, db: None) -> None:
    plans = PerformancePlan.objects.filter(year__instansi__code__in=DEMO_CODES)
    for plan in plans:
        ikis = list(PlanIndicator.objects.filter(result__plan=plan))
        assert 2 <= len(ikis) <= 4, plan
        assert all(i.weight > 0 and i.indicator_id for i in ikis)
    with_expectations = plans.filter(behaviour_expectations__expectation__gt="").distinct()
    assert 0 < with_expectations.count() < plans.count()


def test_nips_are_valid_and_unique(demo: DemoResult, db: None) -> None:
    employees = demo_employees()
    for employee in employees:
        employee.full_clean()
        nip = employee.nip
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
        assert (int(nip[8:12]), int(nip[12:14])) >= (birth.year + 18, birth.month), nip
    assert len({e.nip for e in employees}) == len(employees)
    assert len({e.user.username for e in employees if e.user}) == len(employees)


def test_ratio_indicators_store_numerator_and_denominator(demo: DemoResult, db: None) -> None:
    rows = Measurement.objects.filter(
        plan_indicator__result__plan__year__instansi__code="palangkaraya",
        plan_indicator__aggregation="ratio",
    ).select_related("plan_indicator__indicator")
    codes = {m.plan_indicator.indicator.code for m in rows if m.plan_indicator.indicator}
    assert {"imunisasi-dasar-lengkap", "aps-7-12"} <= codes
    for m in rows:
        assert m.numerator is not None and m.denominator is not None and m.denominator > 0
        assert m.value is not None
        assert abs(m.value - m.numerator / m.denominator * 100) < Decimal("0.001")


def test_realisasi_spread_has_leaders_laggards_and_gaps(demo: DemoResult, db: None) -> None:
    plans = PerformancePlan.objects.filter(year__instansi__code__in=DEMO_CODES)
    ratings = list(plans.values_list("proposed_rating", flat=True))
    assert ratings.count("meets") > len(ratings) / 2
    assert ratings.count("above") >= 3
    assert ratings.count("below") >= 5
    ikis = PlanIndicator.objects.filter(result__plan__in=plans).count()
    months = REFERENCE_DAY.month - 1
    stored = Measurement.objects.filter(plan_indicator__result__plan__in=plans).count()
    assert 0.8 * ikis * months < stored < ikis * months
    sources = set(
        Measurement.objects.filter(plan_indicator__result__plan__in=plans).values_list(
            "source", flat=True
        )
    )
    assert sources >= {"manual", "api", "import"}


def test_finalised_evaluations_carry_predikat_feedback_and_reasons(
    demo: DemoResult, db: None
) -> None:
    finals = Evaluation.objects.filter(
        plan__year__instansi__code__in=DEMO_CODES, status=Evaluation.Status.FINAL
    ).select_related("plan__employee", "period")
    assert finals.count() >= 60
    assert {e.plan.year.instansi.code for e in finals} == set(DEMO_CODES)
    assert {e.period.number for e in finals} == {1, 2, 3}
    departures = 0
    for evaluation in finals:
        assert evaluation.predikat
        assert evaluation.period.end < REFERENCE_DAY
        penilai = reporting_line(evaluation.plan.employee, on=REFERENCE_DAY).penilai
        assert penilai is not None and evaluation.evaluator_id == penilai.user_id
        assessments = list(evaluation.behaviour_assessments.all())
        assert len(assessments) == 7 and all(a.feedback for a in assessments)
        if evaluation.departs_from_proposal:
            departures += 1
            assert evaluation.result_rating_reason
    assert departures >= 1


def test_featured_penilai_has_evaluated_every_ended_quarter_of_the_team(
    demo: DemoResult, db: None
) -> None:
    staff = PerformancePlan.objects.filter(
        position__parent__assignments__employee__user__username="siti.rahmawati"
    )
    assert staff.count() >= 3
    done = Evaluation.objects.filter(plan__in=staff, status=Evaluation.Status.FINAL)
    assert done.count() == 3 * staff.count()
    assert not Evaluation.objects.filter(plan__in=staff, period__number=4).exists()


def test_stored_standings_equal_a_fresh_recompute(demo: DemoResult, db: None) -> None:
    def snapshot() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        ikis = PlanIndicator.objects.filter(result__plan__year__instansi__code__in=DEMO_CODES)
        plans = PerformancePlan.objects.filter(year__instansi__code__in=DEMO_CODES)
        return (
            list(ikis.order_by("pk").values_list("pk", "achieved_value", "achievement")),
            list(plans.order_by("pk").values_list("pk", "achievement", "proposed_rating")),
        )

    stored = snapshot()
    assert all(achievement is not None for _pk, achievement, _r in stored[1])
    for year in AppraisalYear.objects.filter(instansi__code__in=DEMO_CODES):
        standing_recompute_year(year_id=year.pk)
    assert snapshot() == stored


def test_office_accounts_hold_their_roles(demo: DemoResult, db: None) -> None:
    def grants(username: str) -> set[tuple[str, str]]:
        return set(
            RoleGrant.objects.filter(user__username=username).values_list("role", "instansi__code")
        )

    assert grants("bkpsdm.jambi") == {(Role.HR_ADMIN, "jambi")}
    assert grants("bkpsdm.palangkaraya") == {(Role.HR_ADMIN, "palangkaraya")}
    assert grants("inspektorat.jambi") == {(Role.AUDITOR, "jambi")}
    assert User.objects.get(username="admin").is_superuser
    for username in ("andi.pratama", "bkpsdm.jambi", "admin"):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)


def test_purge_removes_the_demo_and_its_accounts(demo: DemoResult, db: None) -> None:
    users = [e.user_id for e in demo_employees() if e.user_id is not None]
    assert instansi_purge(DEMO_CODES) == 2
    assert not Instansi.objects.filter(code__in=DEMO_CODES).exists()
    assert not User.objects.filter(pk__in=users).exists()
    assert User.objects.filter(username="bkpsdm.jambi").exists()


def test_iki_weights_are_percentages_adding_up_to_100_per_skp(demo: DemoResult, db: None) -> None:
    plans = PerformancePlan.objects.filter(year__instansi__code__in=DEMO_CODES)
    for plan in plans:
        weights = PlanIndicator.objects.filter(result__plan=plan).values_list("weight", flat=True)
        assert sum(weights) == Decimal(100), plan


def test_demo_has_skps_in_every_planning_status_for_the_approval_pages(
    demo: DemoResult, db: None
) -> None:
    from kinerja.plans.models import PlanEvent

    plans = PerformancePlan.objects.filter(year__instansi__code__in=DEMO_CODES)
    statuses = list(plans.values_list("status", flat=True))
    assert statuses.count("draft") >= 2
    assert statuses.count("submitted") >= 2
    assert statuses.count("returned") == 1
    assert statuses.count("approved") > len(statuses) / 2
    team = plans.filter(position__parent__assignments__employee__user__username="siti.rahmawati")
    assert team.filter(status="submitted").count() >= 2
    returned = plans.get(status="returned")
    event = returned.events.get(action=PlanEvent.Action.RETURNED)
    assert event.note and event.actor_id is not None
    approved = plans.filter(status="approved").first()
    assert approved is not None
    assert list(approved.events.values_list("action", flat=True)) == [
        "created",
        "submitted",
        "approved",
    ]


def test_functional_posts_carry_their_yearly_credit_coefficient(demo: DemoResult, db: None) -> None:
    from kinerja.organisation.models import Position

    functional = Position.objects.filter(kind="fungsional")
    assert functional.exists()
    assert not functional.filter(credit_coefficient__isnull=True).exists()
    assert {p.credit_coefficient for p in functional.filter(name="Guru Ahli Muda")} == {
        Decimal("25")
    }
    assert (
        not Position.objects.exclude(kind="fungsional")
        .filter(credit_coefficient__isnull=False)
        .exists()
    )

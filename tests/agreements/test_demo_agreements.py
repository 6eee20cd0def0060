"""The demo's Perjanjian Kinerja: one per dinas, and each kepala dinas's RHKs drawn from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction
from pytest_django import DjangoDbBlocker

from kinerja.agreements.models import AgreementIndicator, PerformanceAgreement
from kinerja.agreements.selectors import goals_for_position
from kinerja.demo.agreements import demo_agreements_load
from kinerja.demo.loader import DemoResult, demo_load
from kinerja.demo.structure import DEMO_CODES
from kinerja.organisation.models import Unit
from kinerja.plans.models import PlannedResult

REFERENCE_DAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoResult]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_load(today=REFERENCE_DAY)
        transaction.set_rollback(True)


def test_every_dinas_has_a_pk_owned_by_its_head(demo: DemoResult, db: None) -> None:
    dinas = Unit.objects.filter(instansi__code__in=DEMO_CODES, kind="opd")
    assert dinas.count() == 4
    for unit in dinas:
        agreement = PerformanceAgreement.objects.get(unit=unit)
        assert agreement.position.heads_unit and agreement.position.unit_id == unit.pk
        goals = list(agreement.goals.all())
        assert 2 <= len(goals) <= 3
        assert all(g.indicators.exists() for g in goals)
    names = set(AgreementIndicator.objects.values_list("name", flat=True))
    assert {
        "Cakupan imunisasi dasar lengkap",
        "Rata-rata waktu tunggu pelayanan rawat jalan",
        "Indeks Kepuasan Pasien",
        "Jumlah program pendidikan yang dilaksanakan",
    } <= names


def test_each_kepala_dinas_rhk_draws_on_a_goal_of_the_pk(demo: DemoResult, db: None) -> None:
    results = PlannedResult.objects.filter(
        plan__year__instansi__code__in=DEMO_CODES, plan__position__kind="jpt"
    ).select_related("plan__position", "plan__year", "goal")
    assert results.count() >= 8
    for result in results:
        assert result.goal is not None, result
        allowed = goals_for_position(result.plan.position, result.plan.year)
        assert result.goal in allowed
        assert result.goal.text == result.text
    # Non-JPT RHKs hang under the superior's RHK, never straight under the PK.
    assert (
        not PlannedResult.objects.filter(
            plan__year__instansi__code__in=DEMO_CODES, goal__isnull=False
        )
        .exclude(plan__position__kind="jpt")
        .exists()
    )


def test_loading_the_agreements_again_adds_nothing(demo: DemoResult, db: None) -> None:
    from kinerja.cycles.models import AppraisalYear

    before = PerformanceAgreement.objects.count()
    years = list(AppraisalYear.objects.filter(instansi__code__in=DEMO_CODES))
    assert demo_agreements_load(years) == 0
    assert PerformanceAgreement.objects.count() == before

"""The Perjanjian Kinerja in the admin: HR sees its own instansi, and the services' rules hold."""

from __future__ import annotations

import pytest
from django.test import Client

from kinerja.agreements.models import AgreementGoal, AgreementIndicator, PerformanceAgreement
from kinerja.agreements.services import agreement_create, goal_add
from kinerja.organisation.models import Position, Unit
from kinerja.organisation.services import position_create
from tests.agreements.agreements_support import Agreements, build_agreements, snapshot
from tests.conftest import Cast
from tests.matrix import client_as


@pytest.fixture
def pk(cast: Cast) -> Agreements:
    return build_agreements(cast)


@pytest.fixture
def foreign(cast: Cast) -> PerformanceAgreement:
    dinkes = Unit.objects.get(instansi=cast.other_instansi)
    head = position_create(unit=dinkes, name="Plt. Kepala Dinas", kind="jpt", heads_unit=True)
    year = cast.foreigner.plans.get().year
    agreement = agreement_create(unit=dinkes, year=year, position=head)
    goal_add(agreement=agreement, text="Sasaran Palangka Raya")
    return agreement


def hr(cast: Cast) -> Client:
    return client_as(cast, "hr_admin")


def test_hr_lists_and_opens_only_own_instansi(pk: Agreements, foreign: PerformanceAgreement):
    client = hr(pk.cast)
    for url in [
        "/admin/agreements/performanceagreement/",
        f"/admin/agreements/performanceagreement/{pk.dinas.pk}/change/",
        "/admin/agreements/performanceagreement/add/",
        "/admin/agreements/agreementgoal/",
        f"/admin/agreements/agreementgoal/{pk.goal.pk}/change/",
        "/admin/agreements/agreementindicator/",
        f"/admin/agreements/agreementindicator/{pk.indicator.pk}/change/",
    ]:
        assert client.get(url).status_code == 200, url
    goals = client.get("/admin/agreements/agreementgoal/").content.decode()
    assert pk.goal.text in goals
    assert "Sasaran Palangka Raya" not in goals
    response = client.get(f"/admin/agreements/performanceagreement/{foreign.pk}/change/")
    assert response.status_code == 302


def test_admin_refuses_an_owner_that_does_not_head_the_unit(pk: Agreements):
    staff_post = Position.objects.get(name="Analis Kurikulum")
    before = snapshot()
    response = hr(pk.cast).post(
        "/admin/agreements/performanceagreement/add/",
        {
            "unit": pk.seksi.pk,
            "year": pk.cast.year.pk,
            "position": staff_post.pk,
            "signed_on": "",
            "goals-TOTAL_FORMS": "0",
            "goals-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "memimpin unit" in response.content.decode()
    assert snapshot() == before


def test_admin_refuses_a_goal_moved_to_a_foreign_pk(pk: Agreements, foreign: PerformanceAgreement):
    before = snapshot()
    response = hr(pk.cast).post(
        f"/admin/agreements/agreementgoal/{pk.goal.pk}/change/",
        {
            "agreement": foreign.pk,
            "text": "Dipindah",
            "order": "0",
            "indicators-TOTAL_FORMS": "0",
            "indicators-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert AgreementGoal.objects.get(pk=pk.goal.pk).agreement_id == pk.dinas.pk
    assert snapshot() == before


def test_admin_refuses_a_negative_target(pk: Agreements):
    response = hr(pk.cast).post(
        f"/admin/agreements/agreementindicator/{pk.indicator.pk}/change/",
        {
            "goal": pk.goal.pk,
            "name": "Jumlah program pendidikan",
            "unit_of_measure": "program",
            "target_value": "-1",
            "perspective": "",
            "order": "0",
        },
    )
    assert response.status_code == 200
    assert "lebih besar dari nol" in response.content.decode()
    assert AgreementIndicator.objects.get(pk=pk.indicator.pk).target_value == 48

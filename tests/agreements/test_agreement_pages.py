"""The PK pages: messages beside the fields, nothing saved on bad input, bounded queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.agreements.models import AgreementGoal
from kinerja.agreements.services import goal_add, indicator_add
from kinerja.plans.models import PlannedResult
from kinerja.plans.services import plan_create, result_add
from tests.agreements.agreements_support import Agreements, build_agreements, head_of, snapshot
from tests.conftest import Cast
from tests.matrix import client_as


@pytest.fixture
def pk(cast: Cast) -> Agreements:
    return build_agreements(cast)


def test_bad_indicator_shows_the_message_beside_the_field_and_saves_nothing(pk: Agreements):
    before = snapshot()
    response = client_as(pk.cast, "atasan").post(
        reverse("agreements:indicator_add", args=[pk.goal.pk]),
        {"name": "", "unit_of_measure": "program", "target_value": "-2", "perspective": ""},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"]
    assert "lebih besar dari nol" in form.errors["target_value"][0]
    assert 'id="id_target_value_error"' in response.content.decode()
    assert snapshot() == before


def test_blank_goal_is_refused_on_the_page(pk: Agreements):
    before = snapshot()
    response = client_as(pk.cast, "hr_admin").post(
        reverse("agreements:goal_add", args=[pk.dinas.pk]), {"text": "   "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert snapshot() == before


def test_creating_a_second_pk_for_a_unit_is_refused_beside_the_unit(pk: Agreements):
    before = snapshot()
    response = client_as(pk.cast, "hr_admin").post(
        reverse("agreements:create"), {"unit": pk.dinas.unit_id, "position": "", "signed_on": ""}
    )
    assert response.status_code == 200
    assert "sudah memiliki" in response.context["form"].errors["unit"][0]
    assert snapshot() == before


def test_deleting_a_linked_goal_explains_why_and_keeps_it(pk: Agreements):
    cast = pk.cast
    plan = plan_create(employee=cast.atasan, position=head_of(pk.dinas.unit), year=cast.year)
    result = result_add(plan=plan, text=pk.goal.text)
    PlannedResult.objects.filter(pk=result.pk).update(goal=pk.goal)
    client = client_as(cast, "hr_admin")
    url = reverse("agreements:goal_delete", args=[pk.goal.pk])
    page = client.get(url).content.decode()
    assert "tidak dapat dihapus" in page and "Ya, hapus" not in page
    before = snapshot()
    response = client.post(url)
    assert response.status_code == 200
    assert "tidak dapat dihapus" in response.content.decode()
    assert snapshot() == before
    detail = client.get(reverse("agreements:detail", args=[pk.dinas.pk])).content.decode()
    assert "Menjadi dasar 1 RHK" in detail


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_list_and_detail_queries_do_not_grow_with_the_content(pk: Agreements):
    client = client_as(pk.cast, "hr_admin")
    detail = reverse("agreements:detail", args=[pk.dinas.pk])
    listing = reverse("agreements:list")
    small = (_queries(client, listing), _queries(client, detail))
    for n in range(5):
        goal = goal_add(agreement=pk.dinas, text=f"Sasaran tambahan {n}")
        for m in range(3):
            indicator_add(
                goal=goal, name=f"Indikator {m}", unit_of_measure="x", target_value=Decimal(1)
            )
    assert AgreementGoal.objects.filter(agreement=pk.dinas).count() == 6
    assert (_queries(client, listing), _queries(client, detail)) == small
    assert small[0] <= 12 and small[1] <= 12

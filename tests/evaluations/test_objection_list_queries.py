"""The Keberatan list reads each penilai's reporting line once, not once per objection."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from kinerja.evaluations.models import Evaluation, Objection
from kinerja.evaluations.objections import objection_lists
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import Position
from kinerja.organisation.services import assignment_create, employee_create
from kinerja.plans.services import plan_create
from tests.conftest import PASSWORD, make_nip
from tests.support import quarter


def _explained_objection(cast, serial: int) -> Objection:
    """A new staff member under the penilai, a final evaluation and an explained objection."""
    chief = Position.objects.get(unit__code="sd", heads_unit=True)
    post = Position.objects.create(
        instansi=cast.instansi, unit=chief.unit, name="Analis", kind="pelaksana", parent=chief
    )
    employee = employee_create(
        instansi=cast.instansi,
        nip=make_nip(100 + serial),
        name=f"Staf {serial}",
        username=f"staf{serial}",
        password=PASSWORD,
    )
    assignment_create(employee=employee, position=post, start=dt.date(cast.year.year, 1, 1))
    plan = plan_create(employee=employee, position=post, year=cast.year)
    now = timezone.now()
    evaluation = Evaluation.objects.create(
        plan=plan,
        period=quarter(cast.year, 1),
        status=Evaluation.Status.FINAL,
        result_rating="meets",
        behaviour_rating="meets",
        predikat="baik",
        evaluator=cast.penilai.user,
        finalised_at=now,
    )
    today = timezone.localdate()
    return Objection.objects.create(
        evaluation=evaluation,
        status=Objection.Status.EXPLAINED,
        reason="Bukti belum dihitung.",
        filed_by=employee.user,
        filed_at=now,
        explain_due=today + dt.timedelta(days=7),
        explanation="Sudah sesuai data.",
        explained_by=cast.penilai.user,
        explained_at=now,
        decide_due=today + dt.timedelta(days=14),
    )


def _lists(cast):
    user = cast.atasan.user
    user.__dict__.pop("_kinerja_viewer", None)
    return objection_lists(viewer_for(user))


def test_the_atasan_list_costs_the_same_queries_for_one_objection_or_many(
    cast, django_assert_max_num_queries
):
    first = _explained_objection(cast, 1)
    with django_assert_max_num_queries(12) as one:
        lists = _lists(cast)
    assert [r.objection.pk for r in lists.to_decide] == [first.pk]
    more = [_explained_objection(cast, n) for n in range(2, 8)]
    with django_assert_max_num_queries(len(one.captured_queries)):
        lists = _lists(cast)
    assert {r.objection.pk for r in lists.to_decide} == {first.pk, *(o.pk for o in more)}


def test_the_penilai_does_not_decide_the_objections_they_explained(cast):
    _explained_objection(cast, 1)
    user = cast.penilai.user
    lists = objection_lists(viewer_for(user))
    assert lists.to_decide == []


def test_the_keberatan_page_of_hr_costs_the_same_queries_for_one_objection_or_many(
    cast, client, django_assert_max_num_queries
):
    client.force_login(cast.hr_admin)
    url = reverse("evaluations:objections")
    _explained_objection(cast, 1)
    with django_assert_max_num_queries(20) as one:
        assert client.get(url).status_code == 200
    for n in range(2, 8):
        _explained_objection(cast, n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('data-testid="objection-') == 7

"""Kinerja Saya, Tim Saya and the staff list run a fixed number of queries, whatever the data.

Each test measures a page with the cast, adds many more rows of everything the
page shows, and asserts the very same count: an N+1 shows up as a failure.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.cycles.services import appraisal_year_create
from kinerja.evaluations.services import evaluation_finalise, evaluation_open
from kinerja.organisation.models import Position
from kinerja.organisation.services import assignment_create, employee_create, position_create
from kinerja.plans.services import indicator_add, plan_create, result_add
from kinerja.scoring import Rating
from tests.conftest import make_nip
from tests.support import behaviour, pdf_upload, quarter, record

# Generous ceilings: the point is that the count does not grow, but a page
# that suddenly needs many more queries for the cast alone is worth a look.
# Every page also counts the viewer's unread notifications for the nav (one query).
CEILING = {"mine": 21, "team": 14, "staff": 9}


def _count(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _finalised(plan, period_number: int, penilai_user) -> None:
    evaluation = evaluation_open(
        plan=plan, period=quarter(plan.year, period_number), user=penilai_user
    )
    evaluation_finalise(
        evaluation=evaluation,
        user=penilai_user,
        result_rating=Rating(evaluation.proposed_rating or "meets"),
        reason="dinilai",
        behaviour=behaviour("meets"),
    )


def _ikis(plan, supports, *, results: int, per_result: int, months: int) -> list[str]:
    names = []
    for r in range(results):
        result = result_add(plan=plan, text=f"RHK tambahan data {r}", supports=supports)
        for i in range(per_result):
            name = f"IKI uji {r}-{i}"
            iki = indicator_add(
                result=result,
                name=name,
                unit_of_measure="dokumen",
                polarity="higher_better" if i % 2 else "lower_better",
                aggregation=["sum", "mean", "latest", "median"][i % 4],
                target_value=Decimal(10 + i),
            )
            for number in range(1, months + 1):
                record(iki, number, str(number + i))
            names.append(name)
    return names


@pytest.fixture
def pegawai_client(cast, media_root) -> Client:
    from kinerja.measurements.services import measurement_record
    from tests.support import month

    measurement_record(
        user=cast.pegawai.user,
        plan_indicator=cast.programmes,
        period=month(cast.year, 1),
        value=Decimal(1),
        evidence=[pdf_upload()],
    )
    record(cast.coverage, 1, numerator="90", denominator="100")
    _finalised(cast.pegawai_plan, 1, cast.penilai.user)
    client = Client()
    client.force_login(cast.pegawai.user)
    return client


def test_kinerja_saya_queries_do_not_grow_with_rhk_iki_months_or_evaluations(
    cast, pegawai_client, django_assert_num_queries
):
    url = reverse("dashboards:mine")
    baseline, _ = _count(pegawai_client, url)
    assert baseline <= CEILING["mine"]

    supports = cast.penilai_plan.results.get()
    names = _ikis(cast.pegawai_plan, supports, results=3, per_result=4, months=6)
    for number in (2, 3):
        _finalised(cast.pegawai_plan, number, cast.penilai.user)

    with django_assert_num_queries(baseline):
        response = pegawai_client.get(url)
    html = response.content.decode()
    assert all(name in html for name in names)
    assert html.count("Bagaimana nilai ini dihitung") > len(names)


def _subordinates(cast, count: int, *, start_serial: int) -> list[str]:
    """`count` staff under the penilai's post, each with an SKP, realisasi and an evaluation."""
    chief = Position.objects.get(name="Kepala Bidang SD")
    supports = cast.penilai_plan.results.get()
    names = []
    for n in range(count):
        post = position_create(
            unit=chief.unit, name=f"Pranata Komputer {n}", kind="fungsional", parent=chief
        )
        name = f"Staf Baru {n:02d}"
        employee = employee_create(
            instansi=cast.instansi, nip=make_nip(start_serial + n), name=name
        )
        assignment_create(employee=employee, position=post, start=dt.date(cast.year.year, 1, 1))
        plan = plan_create(employee=employee, position=post, year=cast.year)
        result = result_add(plan=plan, text="Layanan data", supports=supports)
        iki = indicator_add(
            result=result,
            name="Dokumen",
            unit_of_measure="dokumen",
            polarity="higher_better",
            aggregation="sum",
            target_value=Decimal(12),
        )
        record(iki, 1, str(n % 3))
        if n % 2:
            _finalised(plan, 1, cast.penilai.user)
        else:
            evaluation_open(plan=plan, period=quarter(cast.year, 1), user=cast.penilai.user)
        names.append(name)
    return names


def test_tim_saya_queries_do_not_grow_with_the_team(cast, django_assert_num_queries):
    record(cast.programmes, 1, "1")
    _finalised(cast.pegawai_plan, 1, cast.penilai.user)
    client = Client()
    client.force_login(cast.penilai.user)
    url = reverse("dashboards:team")
    baseline, html = _count(client, url)
    assert baseline <= CEILING["team"]
    assert cast.pegawai.name in html

    names = _subordinates(cast, 10, start_serial=100)

    with django_assert_num_queries(baseline):
        response = client.get(url)
    html = response.content.decode()
    assert all(name in html for name in names)


def test_staff_list_queries_do_not_grow_with_the_instansi(cast, django_assert_num_queries):
    client = Client()
    client.force_login(cast.hr_admin)
    url = reverse("dashboards:staff")
    baseline, html = _count(client, url)
    assert baseline <= CEILING["staff"]
    assert cast.pegawai.name in html

    names = _subordinates(cast, 10, start_serial=200)
    foreign_year = appraisal_year_create(instansi=cast.other_instansi, year=cast.year.year)
    foreign_post = Position.objects.get(instansi=cast.other_instansi)
    for n in range(3):
        outsider = employee_create(
            instansi=cast.other_instansi, nip=make_nip(300 + n), name=f"Pegawai Kota {n}"
        )
        assignment_create(
            employee=outsider, position=foreign_post, start=dt.date(cast.year.year, 1, 1)
        )
        plan_create(employee=outsider, position=foreign_post, year=foreign_year)

    with django_assert_num_queries(baseline):
        response = client.get(url)
    html = response.content.decode()
    assert all(name in html for name in names)
    assert "Pegawai Kota" not in html

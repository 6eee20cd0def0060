"""What the service-time pages show, and to whom."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kinerja.servicetimes.services import events_ingest
from tests.matrix import client_as
from tests.servicetimes.support import at, build_queue, whole


@pytest.fixture
def tickets(cast):
    queue = build_queue(cast)
    y = cast.year.year
    events = [
        whole("SD-1", at(y, 1, 6, 8), at(y, 1, 6, 8, 10), at(y, 1, 6, 8, 20), nip=cast.pegawai.nip),
        whole("SD-2", at(y, 1, 6, 9), at(y, 1, 6, 9, 30), at(y, 1, 6, 9, 34), nip=cast.pegawai.nip),
        # Called before it arrived: a wrong clock, flagged and left out.
        whole(
            "SD-3", at(y, 1, 6, 10), at(y, 1, 6, 9, 55), at(y, 1, 6, 10, 5), nip=cast.pegawai.nip
        ),
        whole(
            "SMP-1",
            at(y, 1, 7, 8),
            at(y, 1, 7, 8, 45),
            at(y, 1, 7, 9),
            unit="smp",
            nip=cast.outsider.nip,
        ),
    ]
    result = events_ingest(source=queue.source, events=events)
    assert not result.refused
    return queue


def overview(cast, role):
    return client_as(cast, role).get(
        reverse("servicetimes:overview"), {"bulan": f"{cast.year.year}-01"}
    )


def test_penilai_sees_their_unit_and_staff_only(cast, tickets):
    page = overview(cast, "penilai").content.decode()
    assert "Bidang Pembinaan SD" in page
    assert cast.pegawai.name in page
    assert "Bidang Pembinaan SMP" not in page
    assert cast.outsider.name not in page


def test_office_roles_see_the_whole_instansi(cast, tickets):
    for role in ("hr_admin", "auditor"):
        page = overview(cast, role).content.decode()
        assert "Bidang Pembinaan SMP" in page
        assert cast.outsider.name in page


def test_overview_shows_counts_means_and_outliers(cast, tickets):
    response = overview(cast, "hr_admin")
    units = {row.pk: row for row in response.context["units"]}
    sd = next(row for row in units.values() if row.detail == "sd")
    assert sd.stats.tickets == 3
    assert sd.stats.waiting.mean == 20  # 10 and 30; the negative wait is left out
    assert sd.outliers == 1
    assert 'data-testid="unit-' in response.content.decode()


def test_overview_defaults_to_the_latest_month_with_tickets(cast, tickets):
    response = client_as(cast, "hr_admin").get(reverse("servicetimes:overview"))
    assert response.context["month"] == dt.date(cast.year.year, 1, 1)


def test_unknown_month_parameter_falls_back_quietly(cast, tickets):
    response = client_as(cast, "hr_admin").get(reverse("servicetimes:overview"), {"bulan": "x"})
    assert response.status_code == 200


def test_detail_lists_each_ticket_with_its_outlier_flag(cast, tickets):
    url = reverse("servicetimes:detail", args=["petugas", cast.pegawai.pk, cast.year.year, 1])
    page = client_as(cast, "penilai").get(url).content.decode()
    assert "SD-1" in page and "SD-2" in page
    assert "tunggu negatif" in page
    assert "SMP-1" not in page


def test_overview_reads_in_a_bounded_number_of_queries(
    cast, tickets, django_assert_max_num_queries
):
    client = client_as(cast, "hr_admin")
    with django_assert_max_num_queries(20):
        client.get(reverse("servicetimes:overview"), {"bulan": f"{cast.year.year}-01"})


@pytest.mark.parametrize("scope", ["unit", "petugas"])
def test_an_id_beyond_the_database_integer_is_not_found(cast, tickets, scope):
    url = f"/waktu-layanan/{scope}/{10**30}/{cast.year.year}/1/"
    assert client_as(cast, "hr_admin").get(url).status_code == 404

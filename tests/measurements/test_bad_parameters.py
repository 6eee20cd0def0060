"""Odd numbers in query strings and form lists read as absent, never as a 500.

"²" passes str.isdigit() but not int(); thirty digits overflow the database.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kinerja.measurements.models import Measurement, MeasurementStatus
from kinerja.plans.models import PerformancePlan
from kinerja.plans.services import indicator_add, result_add
from tests.matrix import client_as
from tests.support import record

pytestmark = pytest.mark.usefixtures("start_of_year")

ODD = ["²", "٣", "9" * 30, "-1", "1e3"]


@pytest.mark.parametrize("raw", ODD)
def test_record_form_ignores_an_odd_month(cast, raw):
    response = client_as(cast, "pegawai").get(
        reverse("measurements:record", args=[cast.programmes.pk]), {"bulan": raw}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("raw", ODD)
def test_live_stamp_refuses_an_odd_employee_id_with_a_message(cast, raw):
    response = client_as(cast, "penilai").get(
        reverse("measurements:live"), {"scope": "employee", "id": raw}
    )
    assert response.status_code == 400
    assert "id" in response.json()["error"]


@pytest.mark.parametrize("raw", ODD)
def test_verify_skips_odd_ids_and_verifies_nothing(cast, raw):
    record(cast.programmes, 1, "3")
    response = client_as(cast, "penilai").post(
        reverse("measurements:verify"), {"measurement": [raw]}
    )
    assert response.status_code == 302
    assert not Measurement.objects.filter(status=MeasurementStatus.VERIFIED).exists()


def test_verify_does_not_name_rows_the_viewer_cannot_see(cast):
    """Another instansi's realisasi id posted to the inbox is not even reported as skipped."""
    plan = PerformancePlan.objects.get(employee=cast.foreigner)
    result = result_add(plan=plan, text="Layanan kesehatan")
    iki = indicator_add(
        result=result,
        name="Kunjungan",
        unit_of_measure="kunjungan",
        polarity="higher_better",
        aggregation="sum",
        target_value=Decimal(12),
    )
    record(iki, 1, "3")
    foreign = Measurement.objects.get(plan_indicator=iki)
    response = client_as(cast, "penilai").post(
        reverse("measurements:verify"), {"measurement": [str(foreign.pk)]}, follow=True
    )
    assert foreign.period.label not in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.status == MeasurementStatus.PENDING

"""The penilai verifies or rejects the current version of a realisasi; nobody else does."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.measurements.models import Measurement, MeasurementStatus
from kinerja.measurements.services import (
    MeasurementError,
    measurement_record,
    measurement_reject,
    measurement_verify,
    measurements_verify,
)
from kinerja.organisation.models import Position
from kinerja.organisation.services import assignment_create, employee_create, position_create
from kinerja.plans.models import PlanIndicator
from kinerja.plans.services import indicator_add, plan_create, result_add
from tests.conftest import make_nip
from tests.support import month


def _record(indicator: PlanIndicator, number: int, value: str, **kwargs) -> Measurement:
    indicator = PlanIndicator.objects.select_related("result__plan__year").get(pk=indicator.pk)
    plan = indicator.result.plan
    return measurement_record(
        user=plan.employee.user,
        plan_indicator=indicator,
        period=month(plan.year, number),
        value=Decimal(value),
        **kwargs,
    )


def _fresh(measurement: Measurement) -> Measurement:
    return Measurement.objects.get(pk=measurement.pk)


def test_penilai_verifies_with_a_note_and_the_capaian_stays(cast, start_of_year):
    measurement = _record(cast.programmes, 1, "6")
    achievement = PlanIndicator.objects.get(pk=cast.programmes.pk).achievement

    measurement_verify(cast.penilai.user, measurement, note="Sesuai daftar hadir")

    row = _fresh(measurement)
    assert row.status == MeasurementStatus.VERIFIED
    assert row.verified_by == cast.penilai.user and row.verified_at is not None
    assert row.verification_note == "Sesuai daftar hadir"
    assert PlanIndicator.objects.get(pk=cast.programmes.pk).achievement == achievement


@pytest.mark.parametrize("role", ["pegawai", "atasan", "outsider", "hr_admin", "auditor"])
def test_only_the_penilai_may_decide(cast, role):
    measurement = _record(cast.programmes, 1, "6")
    user = cast.user(role)
    with pytest.raises(PermissionDenied):
        measurement_verify(user, measurement)
    with pytest.raises(PermissionDenied):
        measurement_reject(user, measurement, "tidak")
    assert _fresh(measurement).status == MeasurementStatus.PENDING


def test_rejecting_needs_a_note_and_drops_the_value_from_the_capaian(cast, start_of_year):
    measurement = _record(cast.programmes, 1, "6")
    assert PlanIndicator.objects.get(pk=cast.programmes.pk).achievement is not None

    with pytest.raises(MeasurementError, match="Catatan wajib diisi"):
        measurement_reject(cast.penilai.user, measurement, "  ")
    assert _fresh(measurement).status == MeasurementStatus.PENDING

    measurement_reject(cast.penilai.user, measurement, "Daftar hadir tidak dilampirkan")
    row = _fresh(measurement)
    assert row.status == MeasurementStatus.REJECTED
    assert row.verification_note == "Daftar hadir tidak dilampirkan"
    iki = PlanIndicator.objects.get(pk=cast.programmes.pk)
    assert iki.achievement is None and iki.achieved_value is None


def test_a_rejected_value_can_be_entered_again_even_unchanged(cast, start_of_year):
    measurement = _record(cast.programmes, 1, "6")
    measurement_reject(cast.penilai.user, measurement, "Bukti kurang")

    again = _record(cast.programmes, 1, "6")

    assert again.pk != measurement.pk and again.version == 2
    assert again.status == MeasurementStatus.PENDING
    assert _fresh(measurement).superseded_at is not None
    assert PlanIndicator.objects.get(pk=cast.programmes.pk).achieved_value == 6


def test_only_the_current_version_can_be_decided(cast):
    old = _record(cast.programmes, 1, "6")
    new = _record(cast.programmes, 1, "7")
    with pytest.raises(MeasurementError, match="versi yang lebih baru"):
        measurement_verify(cast.penilai.user, old)
    with pytest.raises(MeasurementError, match="versi yang lebih baru"):
        measurement_reject(cast.penilai.user, old, "salah")
    assert _fresh(old).status == MeasurementStatus.PENDING
    measurement_verify(cast.penilai.user, new)
    with pytest.raises(MeasurementError, match="sudah diputuskan"):
        measurement_reject(cast.penilai.user, new, "berubah pikiran")
    assert _fresh(new).status == MeasurementStatus.VERIFIED


def test_a_verified_value_is_corrected_only_with_a_reason_as_a_new_version(cast):
    measurement = _record(cast.programmes, 1, "6")
    measurement_verify(cast.penilai.user, measurement)

    with pytest.raises(MeasurementError, match="alasan"):
        _record(cast.programmes, 1, "8")
    corrected = _record(cast.programmes, 1, "8", correction_reason="Dua kegiatan belum tercatat")

    assert corrected.version == 2 and corrected.status == MeasurementStatus.PENDING
    assert corrected.correction_reason == "Dua kegiatan belum tercatat"
    first = _fresh(measurement)
    assert first.status == MeasurementStatus.VERIFIED and first.superseded_at is not None


def test_a_ratio_with_one_part_missing_cannot_be_verified_but_can_be_rejected(cast):
    indicator = PlanIndicator.objects.select_related("result__plan__year").get(pk=cast.coverage.pk)
    half = measurement_record(
        user=cast.pegawai.user,
        plan_indicator=indicator,
        period=month(cast.year, 1),
        numerator=Decimal(90),
    )
    assert half.value is None
    with pytest.raises(MeasurementError, match="belum lengkap"):
        measurement_verify(cast.penilai.user, half)
    measurement_reject(cast.penilai.user, half, "Penyebut harus dari data Dukcapil")
    assert _fresh(half).status == MeasurementStatus.REJECTED


def _staff(cast, count: int) -> list[PlanIndicator]:
    chief = Position.objects.get(name="Kepala Bidang SD")
    supports = cast.penilai_plan.results.get()
    indicators = []
    for n in range(count):
        post = position_create(unit=chief.unit, name=f"Staf {n}", kind="pelaksana", parent=chief)
        employee = employee_create(
            instansi=cast.instansi, nip=make_nip(200 + n), name=f"Staf {n}", username=f"staf{n}"
        )
        assignment_create(employee=employee, position=post, start=cast.pegawai_plan.start)
        plan = plan_create(employee=employee, position=post, year=cast.year)
        result = result_add(plan=plan, text="Layanan", supports=supports)
        indicators.append(
            indicator_add(
                result=result,
                name="Dokumen",
                unit_of_measure="dokumen",
                polarity="higher_better",
                aggregation="sum",
                target_value=Decimal(10),
                weight=Decimal(1),
            )
        )
    return indicators


def test_bulk_verification_skips_what_is_not_the_penilais_and_stays_bounded(cast):
    mine = [_record(cast.programmes, 1, "1"), _record(cast.programmes, 2, "2")]
    superseded = _record(cast.programmes, 3, "3")
    current = _record(cast.programmes, 3, "4")
    ids = [m.pk for m in [*mine, superseded, current]]

    with CaptureQueriesContext(connection) as few:
        decided = measurements_verify(cast.penilai.user, ids, "ok")
    assert decided.verified == 3
    assert [(m.pk, why) for m, why in decided.skipped] == [
        (superseded.pk, "sudah diganti versi yang lebih baru")
    ]

    others = [_record(indicator, 1, "1") for indicator in _staff(cast, 6)]
    with CaptureQueriesContext(connection) as many:
        decided = measurements_verify(cast.penilai.user, [m.pk for m in others])
    assert decided.verified == 6
    # The penilai is derived per SKP; six more SKPs cost a few queries each, no more.
    assert len(many) <= len(few) + 6 * 4
    assert set(
        Measurement.objects.filter(pk__in=[m.pk for m in others]).values_list("status", flat=True)
    ) == {MeasurementStatus.VERIFIED}

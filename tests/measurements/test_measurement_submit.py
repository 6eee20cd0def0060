"""measurement_submit: the rules every channel shares (form, import, API, queue events)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.indicators.models import SourceKind
from kinerja.measurements.models import DataSource, Measurement, MeasurementStatus
from kinerja.measurements.services import (
    MeasurementError,
    Origin,
    Submission,
    Submitted,
    measurement_submit,
    measurements_submit,
)
from kinerja.plans.models import PlanIndicator
from tests.support import month

pytestmark = pytest.mark.usefixtures("start_of_year")

D = Decimal


def _submit(indicator: PlanIndicator, number: int, origin: Origin | None = None, **fields):
    indicator = PlanIndicator.objects.select_related("result__plan__year").get(pk=indicator.pk)
    return measurement_submit(
        plan_indicator=indicator,
        period=month(indicator.result.plan.year, number),
        origin=origin or Origin(kind=SourceKind.MANUAL, user=indicator.result.plan.employee.user),
        **fields,
    )


def _registry(cast, *, trusted: bool) -> DataSource:
    return DataSource.objects.create(
        instansi=cast.pegawai.instansi, name=f"Register {trusted}", trusted=trusted
    )


def test_the_same_value_again_writes_nothing(cast):
    first = _submit(cast.programmes, 1, value=D(3))
    again = _submit(cast.programmes, 1, value=D("3.0"))
    assert first.created and not again.created
    assert again.measurement.pk == first.measurement.pk
    assert Measurement.objects.filter(plan_indicator=cast.programmes).count() == 1


def test_a_changed_value_is_a_new_version_and_the_old_one_is_kept(cast):
    _submit(cast.programmes, 1, value=D(3))
    second = _submit(cast.programmes, 1, value=D(4)).measurement
    versions = Measurement.objects.filter(plan_indicator=cast.programmes).order_by("version")
    assert [(m.version, m.value, m.superseded_at is None) for m in versions] == [
        (1, D(3), False),
        (2, D(4), True),
    ]
    assert second.status == MeasurementStatus.PENDING


def test_a_verified_value_changes_only_with_a_reason(cast):
    first = _submit(cast.programmes, 1, value=D(3)).measurement
    Measurement.objects.filter(pk=first.pk).update(status=MeasurementStatus.VERIFIED)
    with pytest.raises(MeasurementError, match="koreksi dengan alasan"):
        _submit(cast.programmes, 1, value=D(4))
    assert Measurement.objects.filter(plan_indicator=cast.programmes).count() == 1
    corrected = _submit(cast.programmes, 1, value=D(4), correction_reason="Salah ketik").measurement
    assert (corrected.version, corrected.correction_reason) == (2, "Salah ketik")


def test_a_trusted_source_arrives_verified_and_an_untrusted_one_waits(cast):
    trusted = Origin(kind=SourceKind.API, data_source=_registry(cast, trusted=True))
    untrusted = Origin(kind=SourceKind.API, data_source=_registry(cast, trusted=False))
    verified = _submit(cast.programmes, 1, trusted, value=D(3)).measurement
    waiting = _submit(cast.programmes, 2, untrusted, value=D(3)).measurement
    assert verified.status == MeasurementStatus.VERIFIED and verified.verified_at is not None
    assert waiting.status == MeasurementStatus.PENDING and waiting.verified_at is None
    assert verified.recorded_by is None and verified.data_source == trusted.data_source


def test_ratio_parts_from_two_sources_make_the_value(cast):
    """Children immunised from one register, the target group from another, a month apart."""
    register = Origin(kind=SourceKind.API, data_source=_registry(cast, trusted=False))
    census = Origin(kind=SourceKind.API, data_source=_registry(cast, trusted=True))
    _submit(cast.coverage, 1, register, numerator=D(45))
    both = _submit(cast.coverage, 1, census, denominator=D(50)).measurement
    assert (both.numerator, both.denominator, both.value, both.version) == (D(45), D(50), D(90), 2)
    assert PlanIndicator.objects.get(pk=cast.coverage.pk).achieved_value == D(90)


def test_a_ratio_value_cannot_be_typed_in(cast):
    with pytest.raises(MeasurementError, match="bukan nilai jadi"):
        _submit(cast.coverage, 1, value=D(90))
    assert not Measurement.objects.exists()


def test_parts_of_a_plain_indicator_are_refused(cast):
    with pytest.raises(MeasurementError, match="bukan rasio"):
        _submit(cast.programmes, 1, numerator=D(1), denominator=D(2))
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [(D(-1), "tidak boleh negatif"), (D("1e16"), "terlalu besar"), (D("NaN"), "berupa angka")],
)
def test_impossible_numbers_are_refused(cast, value, message):
    with pytest.raises(MeasurementError, match=message):
        _submit(cast.programmes, 1, value=value)
    assert not Measurement.objects.exists()


def test_a_rejected_value_no_longer_counts(cast):
    _submit(cast.programmes, 1, value=D(3))
    before = PlanIndicator.objects.get(pk=cast.programmes.pk).achieved_value
    Measurement.objects.filter(plan_indicator=cast.programmes).update(
        status=MeasurementStatus.REJECTED
    )
    from kinerja.measurements.services import standing_refresh

    standing_refresh(
        PlanIndicator.objects.select_related("result__plan__year").get(pk=cast.programmes.pk)
    )
    assert before == D(3)
    assert PlanIndicator.objects.get(pk=cast.programmes.pk).achieved_value is None


def test_without_refresh_the_standing_waits_for_the_batch(cast):
    from kinerja.measurements.services import standing_recompute_plans

    _submit(cast.programmes, 1, value=D(3), refresh=False)
    assert PlanIndicator.objects.get(pk=cast.programmes.pk).achieved_value is None
    standing_recompute_plans([cast.programmes.result.plan_id])
    assert PlanIndicator.objects.get(pk=cast.programmes.pk).achieved_value == D(3)


# --- many at once -----------------------------------------------------------------------


def _submission(indicator: PlanIndicator, number: int, **fields) -> Submission:
    indicator = PlanIndicator.objects.select_related("result__plan__year").get(pk=indicator.pk)
    return Submission(indicator, month(indicator.result.plan.year, number), **fields)


def test_many_at_once_follow_the_same_rules_item_by_item(cast):
    _submit(cast.programmes, 1, value=D(3))
    outcomes = measurements_submit(
        [
            _submission(cast.programmes, 1, value=D(3)),  # unchanged
            _submission(cast.programmes, 2, value=D(5)),  # new
            _submission(cast.programmes, 3, value=D(-1)),  # refused
            _submission(cast.coverage, 1, numerator=D(45)),  # a part, waiting
        ],
        origin=Origin(kind=SourceKind.IMPORT, user=cast.hr_admin),
    )
    unchanged, new, refused, part = outcomes
    assert isinstance(unchanged, Submitted) and not unchanged.created
    assert isinstance(new, Submitted) and new.created and new.measurement.pk is not None
    assert isinstance(refused, MeasurementError) and "negatif" in str(refused)
    assert isinstance(part, Submitted) and part.measurement.value is None
    stored = Measurement.objects.filter(superseded_at__isnull=True).order_by("pk")
    assert [(m.period.number, m.value, m.source) for m in stored] == [
        (1, D(3), "manual"),
        (2, D(5), "import"),
        (1, None, "import"),
    ]


def test_two_values_for_one_month_in_one_call_make_two_versions(cast):
    measurements_submit(
        [
            _submission(cast.coverage, 1, numerator=D(45)),
            _submission(cast.coverage, 1, denominator=D(50)),
        ],
        origin=Origin(kind=SourceKind.API),
    )
    versions = Measurement.objects.filter(plan_indicator=cast.coverage).order_by("version")
    assert [(m.version, m.value, m.superseded_at is None) for m in versions] == [
        (1, None, False),
        (2, D(90), True),
    ]


def test_many_at_once_respect_the_verification_lock(cast):
    first = _submit(cast.programmes, 1, value=D(3)).measurement
    Measurement.objects.filter(pk=first.pk).update(status=MeasurementStatus.VERIFIED)
    locked, corrected = measurements_submit(
        [
            _submission(cast.programmes, 1, value=D(4)),
            _submission(cast.programmes, 1, value=D(4), correction_reason="Data register"),
        ],
        origin=Origin(kind=SourceKind.IMPORT, user=cast.hr_admin),
    )
    assert isinstance(locked, MeasurementError) and "koreksi dengan alasan" in str(locked)
    assert isinstance(corrected, Submitted) and corrected.measurement.version == 2


# --- parts and verification (review findings) -------------------------------------------


def test_a_rejected_part_is_not_carried_into_the_next_version(cast):
    """A mistyped numerator the penilai rejected must not come back with the next part."""
    wrong = _submit(cast.coverage, 1, numerator=D(950)).measurement
    Measurement.objects.filter(pk=wrong.pk).update(status=MeasurementStatus.REJECTED)
    trusted = Origin(kind=SourceKind.API, data_source=_registry(cast, trusted=True))
    after = _submit(cast.coverage, 1, trusted, denominator=D(100)).measurement
    assert (after.numerator, after.denominator, after.value) == (None, D(100), None)


def test_a_trusted_part_merged_with_an_unverified_part_waits_for_the_penilai(cast):
    _submit(cast.coverage, 1, numerator=D(45))  # typed by the pegawai: pending
    trusted = Origin(kind=SourceKind.API, data_source=_registry(cast, trusted=True))
    merged = _submit(cast.coverage, 1, trusted, denominator=D(50)).measurement
    assert merged.value == D(90)
    assert merged.status == MeasurementStatus.PENDING and merged.verified_at is None


def test_two_trusted_parts_make_a_verified_value(cast):
    trusted = Origin(kind=SourceKind.API, data_source=_registry(cast, trusted=True))
    _submit(cast.coverage, 1, trusted, numerator=D(45))
    merged = _submit(cast.coverage, 1, trusted, denominator=D(50)).measurement
    assert merged.status == MeasurementStatus.VERIFIED


def test_parts_with_more_places_than_stored_are_idempotent(cast):
    first = _submit(cast.coverage, 1, numerator=D("0.123456"), denominator=D("1.5"))
    again = _submit(cast.coverage, 1, numerator=D("0.123456"), denominator=D("1.5"))
    assert first.created and not again.created
    assert first.measurement.numerator == D("0.1235")

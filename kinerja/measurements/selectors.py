"""Reads of realisasi."""

from __future__ import annotations

from kinerja.measurements.models import Measurement, MeasurementStatus
from kinerja.measurements.standing import MonthValue


def month_values(plan_indicator_ids: list[int]) -> dict[int, list[MonthValue]]:
    """Current realisasi of the given IKIs by IKI id, as plain values (no model objects).

    Plain tuples keep a recompute over millions of rows cheap in time and memory.
    """
    rows: dict[int, list[MonthValue]] = {}
    # A value the penilai rejected no longer counts; pending ones do, so the
    # pegawai sees the consequence of new data at once. A ratio with one part
    # still missing has no value yet and waits.
    for indicator_id, month, value, numerator, denominator in (
        Measurement.objects.filter(
            plan_indicator_id__in=plan_indicator_ids, superseded_at__isnull=True
        )
        .exclude(status=MeasurementStatus.REJECTED)
        .exclude(value__isnull=True)
        .values_list("plan_indicator_id", "period__number", "value", "numerator", "denominator")
    ):
        rows.setdefault(indicator_id, []).append(MonthValue(month, value, numerator, denominator))
    return rows

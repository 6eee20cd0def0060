"""The demo's verification states: old months verified, recent ones pending, one of each kind."""

from __future__ import annotations

import datetime as dt

from kinerja.demo import evidence
from kinerja.measurements.models import Measurement, MeasurementStatus
from kinerja.organisation.models import Position
from tests.support import record


def test_demo_marks_old_months_verified_recent_pending_one_rejected_one_corrected(cast):
    for number in range(1, 7):
        record(cast.programmes, number, str(number))
        record(cast.coverage, number, numerator="90", denominator="100")
    today = dt.date(cast.year.year, 7, 15)
    team_of = Position.objects.get(name="Kepala Bidang SD")

    counts = evidence.load(years=[cast.year], today=today, team_of=team_of)

    current = Measurement.objects.filter(superseded_at__isnull=True)
    verified = current.filter(status=MeasurementStatus.VERIFIED)
    assert set(verified.values_list("period__number", flat=True)) == {1, 2, 3, 4}
    assert set(verified.values_list("verified_by", flat=True)) == {cast.penilai.user.pk}
    [rejected] = current.filter(status=MeasurementStatus.REJECTED)
    assert rejected.period.number == 6 and rejected.verification_note == evidence.REJECT_NOTE
    [corrected] = current.filter(version=2)
    assert corrected.correction_reason == evidence.CORRECTION_REASON
    assert corrected.status == MeasurementStatus.PENDING and corrected.period.number == 4
    assert (
        Measurement.objects.get(
            plan_indicator=corrected.plan_indicator, period=corrected.period, version=1
        ).status
        == MeasurementStatus.VERIFIED
    )
    assert counts == {"terverifikasi": 8, "ditolak": 1, "dikoreksi": 1}

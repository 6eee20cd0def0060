"""Verification state of the demo's realisasi, as a penilai would have left it.

Older months are verified by each employee's derived penilai a few days after
they were recorded; the two most recent months still wait in the inbox. In the
featured penilai's team one value is rejected with a note and one verified
value is corrected with a reason (a second version, through the real service),
so every state the pages show exists in the demo.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import F, QuerySet

from kinerja.cycles.models import AppraisalYear
from kinerja.measurements.models import Measurement, MeasurementStatus
from kinerja.measurements.services import Origin, measurement_submit
from kinerja.organisation.models import Assignment, Employee, Position
from kinerja.plans.workflow import penilai_by_employee

# Months this close to today are still waiting for the penilai.
PENDING_MONTHS = 2
REJECT_NOTE = (
    "Daftar hadir kegiatan belum dilampirkan. Mohon unggah daftar hadir dan "
    "notulen, lalu catat ulang realisasinya."
)
CORRECTION_REASON = "Satu kegiatan akhir bulan belum tercatat saat realisasi pertama diisi."
VERIFY_NOTE = "Sesuai bukti dukung."


def load(
    *, years: list[AppraisalYear], today: dt.date, team_of: Position | None = None
) -> dict[str, int]:
    """Mark the realisasi of `years`; `team_of` is the featured penilai's post.

    Call after the realisasi are written and before the standings are
    recomputed: the rejected value must drop out of the capaian. Returns counts.
    """
    cutoff = today.month - 1 - PENDING_MONTHS  # months up to this one are verified
    current = Measurement.objects.filter(
        plan_indicator__result__plan__year__in=years, superseded_at__isnull=True
    )
    employees = Employee.objects.filter(
        pk__in=current.values("plan_indicator__result__plan__employee_id")
    )
    penilai = penilai_by_employee(list(employees), on=today)
    by_penilai: dict[int, list[int]] = {}
    for employee_id, superior in penilai.items():
        if superior is not None and superior.user_id is not None:
            by_penilai.setdefault(superior.user_id, []).append(employee_id)
    verified = 0
    for user_id, staff in by_penilai.items():
        verified += current.filter(
            plan_indicator__result__plan__employee_id__in=staff,
            period__number__lte=cutoff,
            value__isnull=False,
        ).update(
            status=MeasurementStatus.VERIFIED,
            verified_by_id=user_id,
            verified_at=F("recorded_at") + dt.timedelta(days=3),
            verification_note=VERIFY_NOTE,
        )
    rejected = corrected = 0
    team = _team(team_of, today)
    if team:
        rejected = _reject_one(current, team[0], penilai)
        corrected = _correct_one(current, team[-1])
    return {"terverifikasi": verified, "ditolak": rejected, "dikoreksi": corrected}


def _team(position: Position | None, today: dt.date) -> list[Employee]:
    if position is None:
        return []
    return list(
        Employee.objects.filter(
            pk__in=Assignment.objects.filter(
                Assignment.active_on(today), position__parent=position
            ).values("employee_id")
        ).order_by("name")
    )


def _reject_one(
    current: QuerySet[Measurement], employee: Employee, penilai: dict[int, Employee | None]
) -> int:
    superior = penilai.get(employee.pk)
    row = (
        Measurement.objects.filter(
            pk__in=current.values("pk"),
            plan_indicator__result__plan__employee=employee,
            status=MeasurementStatus.PENDING,
        )
        .order_by("-period__number", "plan_indicator_id")
        .first()
    )
    if row is None or superior is None or superior.user_id is None:
        return 0
    Measurement.objects.filter(pk=row.pk).update(
        status=MeasurementStatus.REJECTED,
        verified_by_id=superior.user_id,
        verified_at=F("recorded_at") + dt.timedelta(days=2),
        verification_note=REJECT_NOTE,
    )
    return 1


def _correct_one(current: QuerySet[Measurement], employee: Employee) -> int:
    row = (
        Measurement.objects.filter(
            pk__in=current.values("pk"),
            plan_indicator__result__plan__employee=employee,
            status=MeasurementStatus.VERIFIED,
            numerator__isnull=True,
        )
        .select_related("plan_indicator__result__plan__year", "period__year")
        .order_by("-period__number", "plan_indicator_id")
        .first()
    )
    if row is None or row.value is None:
        return 0
    measurement_submit(
        plan_indicator=row.plan_indicator,
        period=row.period,
        origin=Origin(user=employee.user),
        value=row.value + Decimal(1),
        note=row.note,
        correction_reason=CORRECTION_REASON,
        refresh=False,
    )
    return 1

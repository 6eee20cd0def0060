"""Reads of realisasi."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from kinerja.cycles.models import Period
from kinerja.measurements.models import EvidenceFile, Measurement, MeasurementStatus
from kinerja.measurements.standing import MonthValue
from kinerja.organisation.access import Viewer, today
from kinerja.organisation.models import Assignment
from kinerja.organisation.tree import reporting_to
from kinerja.plans.models import PlanIndicator


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


# Everything a row needs to say where its value came from and who decided on it.
ORIGIN_RELATED = ("period__year", "recorded_by", "data_source", "import_batch", "verified_by")


def with_origin(queryset: QuerySet[Measurement]) -> QuerySet[Measurement]:
    """Realisasi with their source, people and evidence loaded in a fixed number of queries."""
    return queryset.select_related(*ORIGIN_RELATED).prefetch_related(
        Prefetch("evidence_files", queryset=EvidenceFile.objects.order_by("uploaded_at", "pk"))
    )


def verify_inbox_rows(viewer: Viewer) -> list[Measurement]:
    """Current pending realisasi of the staff the viewer assesses, oldest submission first.

    The staff are those whose post reports to one of the viewer's posts today
    (the same rule as the SKP inbox); three queries whatever the number of rows.
    """
    if not viewer.position_ids or viewer.employee is None:
        return []
    day = today()
    staff = Assignment.objects.filter(
        Assignment.active_on(day), position_id__in=reporting_to(viewer.position_ids, on=day)
    ).values("employee_id")
    rows = (
        Measurement.objects.filter(
            superseded_at__isnull=True,
            status=MeasurementStatus.PENDING,
            plan_indicator__result__plan__employee__in=staff,
            plan_indicator__result__plan__closed_reason="",
        )
        .exclude(plan_indicator__result__plan__employee=viewer.employee)
        .select_related("plan_indicator__result__plan__employee")
        .order_by("recorded_at", "pk")
    )
    return list(with_origin(rows))


@dataclass(frozen=True)
class PartOrigin:
    """Who delivered one part of a ratio realisasi, and when."""

    value: Decimal
    measurement: Measurement


@dataclass
class MonthHistory:
    """Every version of one month's realisasi, newest first."""

    period: Period
    versions: list[Measurement]
    numerator_from: PartOrigin | None = None
    denominator_from: PartOrigin | None = None

    @property
    def current(self) -> Measurement | None:
        head = self.versions[0] if self.versions else None
        return head if head is not None and head.superseded_at is None else None


def measurement_history(indicator: PlanIndicator) -> list[MonthHistory]:
    """All versions of every month of an IKI, with who delivered each ratio part.

    Parts of a ratio may arrive separately: a part's deliverer is the oldest
    version in the unbroken run of versions that carried the current value.
    """
    versions = list(
        with_origin(
            Measurement.objects.filter(plan_indicator=indicator).order_by(
                "period__number", "-version", "-recorded_at"
            )
        )
    )
    months: dict[int, MonthHistory] = {}
    for version in versions:
        months.setdefault(version.period_id, MonthHistory(version.period, [])).versions.append(
            version
        )
    for month in months.values():
        if indicator.is_ratio and month.current is not None:
            month.numerator_from = _part_origin(month.versions, "numerator")
            month.denominator_from = _part_origin(month.versions, "denominator")
    return sorted(months.values(), key=lambda m: m.period.number)


def _part_origin(versions: list[Measurement], part: str) -> PartOrigin | None:
    value = getattr(versions[0], part)
    if value is None:
        return None
    origin = versions[0]
    for version in versions[1:]:
        if getattr(version, part) != value:
            break
        origin = version
    return PartOrigin(value, origin)


def current_by_period(indicator: PlanIndicator) -> dict[int, Measurement]:
    """The current realisasi of each month of an IKI, by period id."""
    rows = with_origin(
        Measurement.objects.filter(plan_indicator=indicator, superseded_at__isnull=True)
    )
    return {m.period_id: m for m in rows}

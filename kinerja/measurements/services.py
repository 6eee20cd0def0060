"""Writes of realisasi, and the refresh of the standings that depend on them."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.cycles.models import Period, PeriodKind
from kinerja.indicators.models import SourceKind
from kinerja.measurements.models import Measurement
from kinerja.measurements.standing import indicator_standing, plan_standing
from kinerja.plans.models import PerformancePlan, PlanIndicator
from kinerja.scoring import ScoringPolicy

# The same bound as the form's; the realisasi column holds 16 digits before the point.
LARGEST_VALUE = Decimal("1e15")


class MeasurementError(ValueError):
    """A realisasi that cannot be recorded; the message is shown to the user."""


def measurement_record(
    *,
    user: User,
    plan_indicator: PlanIndicator,
    period: Period,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    note: str = "",
    evidence: UploadedFile[bytes] | None = None,
    source: str = SourceKind.MANUAL,
) -> Measurement:
    """Record the realisasi of an IKI for a month, replacing (not erasing) an earlier one.

    The IKI's and the SKP's standing are refreshed in the same transaction, so
    every page shows the new capaian as soon as this returns.
    """
    from django.utils.translation import gettext as _

    if period.kind != PeriodKind.MONTH or period.year_id != plan_indicator.result.plan.year_id:
        raise MeasurementError(_("Periode realisasi harus salah satu bulan pada tahun SKP."))
    if plan_indicator.is_ratio:
        if numerator is None or denominator is None:
            raise MeasurementError(_("Indikator rasio memerlukan pembilang dan penyebut."))
        if denominator == 0:
            raise MeasurementError(_("Penyebut tidak boleh nol."))
        value = numerator / denominator * 100
    elif value is None:
        raise MeasurementError(_("Nilai realisasi wajib diisi."))
    if abs(value) >= LARGEST_VALUE:
        raise MeasurementError(_("Angka terlalu besar."))
    with transaction.atomic():
        Measurement.objects.filter(
            plan_indicator=plan_indicator, period=period, superseded_at__isnull=True
        ).update(superseded_at=timezone.now())
        measurement = Measurement(
            plan_indicator=plan_indicator,
            period=period,
            value=value,
            numerator=numerator,
            denominator=denominator,
            note=note,
            source=source,
            recorded_by=user,
        )
        if evidence is not None:
            measurement.evidence.save(evidence.name or "bukti", evidence, save=False)
        measurement.save()
        standing_refresh(plan_indicator)
    return measurement


def standing_refresh(plan_indicator: PlanIndicator) -> None:
    """Recompute one IKI from its realisasi, then its SKP from the stored IKI standings."""
    plan = plan_indicator.result.plan
    policy = plan.year.scoring_policy()
    rows = Measurement.objects.filter(
        plan_indicator=plan_indicator, superseded_at__isnull=True
    ).select_related("period")
    standing = indicator_standing(plan_indicator, rows, policy=policy)
    now = timezone.now()
    PlanIndicator.objects.filter(pk=plan_indicator.pk).update(
        achieved_value=standing.achieved,
        achievement=standing.achievement,
        explanation=standing.explanation,
        computed_at=now,
    )
    plan_refresh(plan)


def plan_refresh(plan: PerformancePlan) -> None:
    """Roll the stored IKI standings of one SKP up into its capaian and proposed rating."""
    indicators = PlanIndicator.objects.filter(result__plan=plan).select_related("result")
    result = plan_standing(
        plan,
        [(i, i.achievement) for i in indicators],
        policy=plan.year.scoring_policy(),
    )
    PerformancePlan.objects.filter(pk=plan.pk).update(
        achievement=result.achievement,
        proposed_rating=result.proposed_rating or "",
        explanation=result.explanation,
        computed_at=timezone.now(),
    )


def standing_recompute_year(
    *, year_id: int, batch_size: int = 500, progress: Callable[[int, int], None] | None = None
) -> int:
    """Recompute every standing of an appraisal year (after a policy change), in batches.

    Work is done per batch of SKPs with four queries and two bulk updates, so
    memory stays bounded whatever the size of the instansi.
    """
    plan_ids = list(
        PerformancePlan.objects.filter(year_id=year_id).order_by("pk").values_list("pk", flat=True)
    )
    total = len(plan_ids)
    done = 0
    for offset in range(0, total, batch_size):
        batch = plan_ids[offset : offset + batch_size]
        _recompute_plans(batch)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    return total


def _recompute_plans(plan_ids: list[int]) -> None:
    plans = {
        p.pk: p for p in PerformancePlan.objects.filter(pk__in=plan_ids).select_related("year")
    }
    indicators = list(
        PlanIndicator.objects.filter(result__plan_id__in=plan_ids).select_related("result")
    )
    rows: dict[int, list[Measurement]] = {}
    for m in Measurement.objects.filter(
        plan_indicator__in=[i.pk for i in indicators], superseded_at__isnull=True
    ).select_related("period"):
        rows.setdefault(m.plan_indicator_id, []).append(m)
    now = timezone.now()
    per_plan: dict[int, list[tuple[PlanIndicator, Decimal | None]]] = {}
    policies: dict[int, ScoringPolicy] = {}
    for indicator in indicators:
        plan = plans[indicator.result.plan_id]
        policy = policies.setdefault(plan.year_id, plan.year.scoring_policy())
        standing = indicator_standing(indicator, rows.get(indicator.pk, []), policy=policy)
        indicator.achieved_value = standing.achieved
        indicator.achievement = standing.achievement
        indicator.explanation = standing.explanation
        indicator.computed_at = now
        per_plan.setdefault(plan.pk, []).append((indicator, standing.achievement))
    PlanIndicator.objects.bulk_update(
        indicators, ["achieved_value", "achievement", "explanation", "computed_at"], batch_size=500
    )
    # Roll up the IKI capaian as stored (rounded), exactly as plan_refresh does, so a
    # recomputed SKP never differs from the live one in the last digit or the rating.
    stored = dict(
        PlanIndicator.objects.filter(pk__in=[i.pk for i in indicators]).values_list(
            "pk", "achievement"
        )
    )
    for plan_id, achievements in per_plan.items():
        plan = plans[plan_id]
        rounded = [(indicator, stored[indicator.pk]) for indicator, _ in achievements]
        result = plan_standing(plan, rounded, policy=policies[plan.year_id])
        plan.achievement = result.achievement
        plan.proposed_rating = result.proposed_rating or ""
        plan.explanation = result.explanation
        plan.computed_at = now
    PerformancePlan.objects.bulk_update(
        list(plans.values()),
        ["achievement", "proposed_rating", "explanation", "computed_at"],
        batch_size=500,
    )

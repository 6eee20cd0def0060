"""Writes of SKPs: the plan, its RHKs and its IKIs.

Issue 3 adds the approval workflow; here an SKP is created ready for use.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.cycles.models import AppraisalYear
from kinerja.indicators.models import Indicator
from kinerja.organisation.models import Employee, Position
from kinerja.plans.models import (
    BehaviourExpectation,
    CoreValue,
    PerformancePlan,
    PlanEvent,
    PlanIndicator,
    PlannedResult,
    PlanVersion,
)


def plan_create(
    *,
    employee: Employee,
    position: Position,
    year: AppraisalYear,
    start: dt.date | None = None,
    end: dt.date | None = None,
    approach: str = PerformancePlan.Approach.QUANTITATIVE,
    status: str = PerformancePlan.Status.APPROVED,
    expectations: dict[str, str] | None = None,
) -> PerformancePlan:
    """Create an SKP for the year with an expectation row for each BerAKHLAK value."""
    with transaction.atomic():
        plan = PerformancePlan.objects.create(
            employee=employee,
            position=position,
            year=year,
            start=start or dt.date(year.year, 1, 1),
            end=end or dt.date(year.year, 12, 31),
            approach=approach,
            status=status,
        )
        BehaviourExpectation.objects.bulk_create(
            BehaviourExpectation(plan=plan, value=v, expectation=(expectations or {}).get(v, ""))
            for v in CoreValue.values
        )
    return plan


def result_add(
    *,
    plan: PerformancePlan,
    text: str,
    kind: str = PlannedResult.Kind.UTAMA,
    supports: PlannedResult | None = None,
) -> PlannedResult:
    """Add an RHK; it may only support an RHK of the SKP's superior in the same year."""
    if supports is not None and supports.plan.year_id != plan.year_id:
        raise ValidationError(_("RHK atasan harus dari tahun yang sama."))
    order = PlannedResult.objects.filter(plan=plan).count()
    return PlannedResult.objects.create(
        plan=plan, text=text, kind=kind, supports=supports, order=order
    )


def indicator_add(
    *,
    result: PlannedResult,
    name: str = "",
    catalogue: Indicator | None = None,
    target_value: Decimal | None = None,
    target_low: Decimal | None = None,
    target_high: Decimal | None = None,
    weight: Decimal = Decimal(1),
    aspect: str = "kuantitas",
    unit_of_measure: str = "",
    polarity: str = "",
    aggregation: str = "",
) -> PlanIndicator:
    """Add an IKI, copying polarity and aggregation from the catalogue indicator if given."""
    indicator = PlanIndicator(
        result=result,
        indicator=catalogue,
        name=name or (catalogue.name if catalogue else ""),
        aspect=aspect,
        unit_of_measure=unit_of_measure or (catalogue.unit_of_measure if catalogue else ""),
        polarity=polarity or (catalogue.polarity if catalogue else ""),
        range_polarity=catalogue.range_polarity if catalogue else "lower_better",
        aggregation=aggregation or (catalogue.aggregation if catalogue else ""),
        target_value=target_value,
        target_low=target_low,
        target_high=target_high,
        weight=weight,
    )
    indicator.full_clean()
    indicator.save()
    return indicator


class PlanLocked(ValidationError):
    """An edit to an SKP that is submitted or approved: it must be returned or reopened first."""


def plan_ensure_editable(plan: PerformancePlan) -> None:
    """Refuse changes to the content of an SKP that is not a draft (or returned for revision)."""
    if plan.status in (PerformancePlan.Status.SUBMITTED, PerformancePlan.Status.APPROVED):
        raise PlanLocked(
            _(
                "SKP ini berstatus %(status)s dan tidak dapat diubah. "
                "Minta penilai membukanya kembali terlebih dahulu."
            )
            % {"status": plan.get_status_display()}
        )


def plan_event_record(
    *,
    plan: PerformancePlan,
    action: str,
    actor: User | None,
    on_behalf_of: Employee | None = None,
    note: str = "",
    version: PlanVersion | None = None,
) -> PlanEvent:
    """Write one step of the SKP's history; call it inside the transaction of the change."""
    return PlanEvent.objects.create(
        plan=plan,
        action=action,
        actor=actor,
        on_behalf_of=on_behalf_of,
        note=note,
        version=version,
    )


def plan_check_complete(plan: PerformancePlan) -> list[str]:
    """What still keeps the SKP from being submitted, in words for the pegawai; empty when ready."""
    problems: list[str] = []
    results = list(plan.results.prefetch_related("indicators"))
    if not results:
        problems.append(_("SKP belum memiliki RHK."))
    total = Decimal(0)
    for result in results:
        indicators = list(result.indicators.all())
        if not indicators:
            problems.append(
                _("RHK \u201c%(rhk)s\u201d belum memiliki IKI.") % {"rhk": result.text[:80]}
            )
        total += sum((i.weight for i in indicators), Decimal(0))
    if results and total != Decimal(100):
        problems.append(
            _("Jumlah bobot IKI harus 100%%, sekarang %(total)s%%.") % {"total": total.normalize()}
        )
    return problems

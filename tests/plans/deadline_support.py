"""SKPs at the statuses the late list tells apart, reached as in the application.

The shared cast builds every SKP as a draft. An SKP becomes submitted or
approved only through the workflow (kinerja.plans.workflow), and only once it
is complete (kinerja.plans.services.plan_check_complete): an RHK utama whose
IKIs have targets and weigh 100% together. These helpers fill an SKP through
the editor's services while it is a draft, then move it on.
"""

from __future__ import annotations

from decimal import Decimal

from kinerja.plans.models import PerformancePlan, PlannedResult
from kinerja.plans.services import indicator_add, result_add
from kinerja.plans.workflow import plan_approve, plan_submit
from tests.conftest import Cast


def complete(plan: PerformancePlan, *, iki: str, unit: str, rhk: str = "") -> PerformancePlan:
    """Give the draft's first RHK (a new one, `rhk`, if it has none) one IKI weighing 100%."""
    result = PlannedResult.objects.filter(plan=plan).order_by("order", "pk").first()
    if result is None:
        result = result_add(plan=plan, text=rhk)
    indicator_add(
        result=result,
        name=iki,
        target_value=Decimal(12),
        unit_of_measure=unit,
        polarity="higher_better",
        aggregation="sum",
        weight=Decimal(100),
    )
    return plan


def penilai_plan_approved(cast: Cast) -> PerformancePlan:
    """The kepala bidang completes and submits her SKP; the kepala dinas approves it."""
    plan = complete(cast.penilai_plan, iki="Sekolah dasar yang dibina", unit="sekolah")
    plan_submit(plan=plan, actor=cast.penilai.user)
    plan_approve(plan=plan, actor=cast.atasan.user)
    plan.refresh_from_db()
    assert plan.status == PerformancePlan.Status.APPROVED
    return plan


def outsider_plan_to(cast: Cast, status: str) -> PerformancePlan:
    """The outsider completes and submits his SKP; for `approved` the kepala dinas approves it
    (Kepala Bidang SMP is vacant, so the kepala dinas is his penilai)."""
    plan = complete(
        PerformancePlan.objects.get(employee=cast.outsider, year=cast.year),
        rhk="Tersusunnya data pokok SMP",
        iki="Dokumen data pokok SMP",
        unit="dokumen",
    )
    plan_submit(plan=plan, actor=cast.outsider.user)
    if status == PerformancePlan.Status.APPROVED:
        plan_approve(plan=plan, actor=cast.atasan.user)
    plan.refresh_from_db()
    assert plan.status == status
    return plan

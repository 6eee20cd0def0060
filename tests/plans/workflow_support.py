"""Set-up shared by the workflow tests: the cast's pegawai SKP as a complete draft."""

from __future__ import annotations

from decimal import Decimal

from kinerja.plans.models import PerformancePlan, PlanIndicator
from tests.conftest import Cast


def make_draft(cast: Cast) -> PerformancePlan:
    """The pegawai's SKP as a draft ready to submit.

    The shared cast builds an approved SKP whose two IKIs weigh 1 each (issue 2
    weighted relatively); the workflow starts from a draft whose IKI weights are
    percentages adding up to 100, with the lampiran filled in.
    """
    PlanIndicator.objects.filter(pk=cast.programmes.pk).update(weight=Decimal(60))
    PlanIndicator.objects.filter(pk=cast.coverage.pk).update(weight=Decimal(40))
    PerformancePlan.objects.filter(pk=cast.pegawai_plan.pk).update(
        status=PerformancePlan.Status.DRAFT,
        supporting_resources="Anggaran program SD dan data Dapodik",
        accountability_scheme="Laporan bulanan kepada kepala bidang",
        consequences="Program tertunda bila data terlambat",
    )
    plan = PerformancePlan.objects.select_related("employee", "year").get(pk=cast.pegawai_plan.pk)
    cast.pegawai_plan = plan
    return plan

"""Set-up shared by the workflow tests: the cast's pegawai SKP as a complete draft."""

from __future__ import annotations

from decimal import Decimal

from kinerja.plans.models import PerformancePlan
from kinerja.plans.services import indicator_update, plan_update
from tests.conftest import Cast


def make_draft(cast: Cast) -> PerformancePlan:
    """The pegawai's SKP as a draft ready to submit.

    The shared cast builds a draft whose two IKIs weigh 1 each (issue 2 weighted
    relatively); the workflow starts from a draft whose IKI weights are
    percentages adding up to 100, with the lampiran filled in. Both are set
    through the editor's services, as the pegawai would on the SKP page.
    """
    for iki, weight in ((cast.programmes, Decimal(60)), (cast.coverage, Decimal(40))):
        indicator_update(
            indicator=iki,
            catalogue=iki.indicator,
            aspect=iki.aspect,
            target_value=iki.target_value,
            weight=weight,
        )
    plan_update(
        plan=cast.pegawai_plan,
        approach=cast.pegawai_plan.approach,
        supporting_resources="Anggaran program SD dan data Dapodik",
        accountability_scheme="Laporan bulanan kepada kepala bidang",
        consequences="Program tertunda bila data terlambat",
    )
    plan = PerformancePlan.objects.select_related("employee", "year").get(pk=cast.pegawai_plan.pk)
    cast.pegawai_plan = plan
    return plan

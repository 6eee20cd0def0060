"""The demo policy change: Jambi's TPP table, recorded once through the real service."""

from __future__ import annotations

from decimal import Decimal

from kinerja.cycles.models import AppraisalYear, PolicyChange
from kinerja.demo import policy as demo_policy
from kinerja.scoring import Predikat


def test_jambi_gets_its_tpp_table_once_and_palangka_raya_keeps_the_defaults(cast):
    years = list(AppraisalYear.objects.select_related("instansi"))
    assert demo_policy.load(years=years) == 1
    assert demo_policy.load(years=years) == 0

    change = PolicyChange.objects.get()
    assert change.year == cast.year
    assert change.changed_by == cast.hr_admin
    cast.year.refresh_from_db()
    assert cast.year.scoring_policy().tpp_percent[Predikat.BUTUH_PERBAIKAN] == Decimal(85)
    assert AppraisalYear.objects.get(instansi=cast.other_instansi).policy == {}

"""Demo scoring policy: Provinsi Jambi sets its TPP table per predikat for the year.

The change is made by Jambi's HR admin through the real service, so the policy page shows
a version ("<year>-r1") with its reason and what changed. It touches only the TPP table,
which no standing uses, so nothing needs recomputing; the evaluations finalised earlier by
the loader keep the default version, as every finalised evaluation does.

Must run after the office accounts exist (the loader creates them last).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from kinerja.accounts.models import Role, User
from kinerja.cycles.models import AppraisalYear
from kinerja.cycles.services import policy_change
from kinerja.scoring import Predikat

INSTANSI_CODE = "jambi"
# Made up for the demo: each government sets its own table in a Peraturan Kepala Daerah.
TPP_PERCENT = {
    Predikat.SANGAT_BAIK: Decimal(100),
    Predikat.BAIK: Decimal(100),
    Predikat.BUTUH_PERBAIKAN: Decimal(85),
    Predikat.KURANG: Decimal(70),
    Predikat.SANGAT_KURANG: Decimal(50),
}
REASON = "Tabel TPP per predikat menurut Peraturan Gubernur tentang TPP (contoh demo)."


def load(*, years: list[AppraisalYear]) -> int:
    """Record Jambi's TPP table on each of its demo years; returns how many changes."""
    changes = 0
    for year in years:
        if year.instansi.code != INSTANSI_CODE or year.policy_changes.exists():
            continue
        actor = User.objects.filter(
            role_grants__role=Role.HR_ADMIN, role_grants__instansi=year.instansi
        ).first()
        if actor is None:
            continue
        policy = replace(year.scoring_policy(), tpp_percent=TPP_PERCENT)
        policy_change(year=year, actor=actor, policy=policy, reason=REASON)
        changes += 1
    return changes

"""SKPs worth printing, built on the shared cast: a full non-JPT SKP, a JPT SKP, a kualitatif one.

Content goes in through the plan services (plan_create, plan_update, result_add,
indicator_add, behaviour_expectations_update) while the SKP is a draft, the only
time its content may change; a status other than draft is then reached through
the workflow (kinerja.plans.workflow), as in the application.
"""

from __future__ import annotations

import io
from decimal import Decimal

from pypdf import PdfReader

from kinerja.agreements.models import AgreementGoal, PerformanceAgreement
from kinerja.organisation.models import Position
from kinerja.plans.models import CoreValue, PerformancePlan
from kinerja.plans.services import (
    behaviour_expectations_update,
    indicator_add,
    plan_create,
    plan_update,
    result_add,
)
from kinerja.plans.workflow import plan_approve, plan_return, plan_submit
from tests.conftest import Cast

RESOURCES = "Akses data Dapodik dan satu unit komputer."
ACCOUNTABILITY = "Laporan bulanan kepada Kepala Bidang SD."
CONSEQUENCES = "Target yang tidak tercapai dibahas dalam evaluasi triwulan."
SERVICE_EXPECTATION = "Menanggapi permintaan data sekolah paling lambat dua hari kerja."


def complete_pegawai_plan(cast: Cast) -> PerformancePlan:
    """The pegawai's SKP plus a tambahan RHK (range and milestone IKIs), lampiran, expectation."""
    plan = cast.pegawai_plan
    extra = result_add(
        plan=plan, text="Terselenggaranya layanan konsultasi kurikulum", kind="tambahan"
    )
    indicator_add(
        result=extra,
        name="Waktu rata-rata penyelesaian konsultasi",
        target_low=Decimal(7),
        target_high=Decimal(8),
        unit_of_measure="menit",
        polarity="range",
        aggregation="mean",
        aspect="waktu",
    )
    indicator_add(
        result=extra,
        name="Laporan konsultasi tahunan tersusun",
        target_value=Decimal(1),
        unit_of_measure="laporan",
        polarity="milestone",
        aggregation="latest",
        aspect="kualitas",
    )
    plan_update(
        plan=plan,
        approach=plan.approach,
        supporting_resources=RESOURCES,
        accountability_scheme=ACCOUNTABILITY,
        consequences=CONSEQUENCES,
    )
    behaviour_expectations_update(
        plan=plan, expectations={CoreValue.BERORIENTASI_PELAYANAN: SERVICE_EXPECTATION}
    )
    plan.refresh_from_db()
    return plan


def jpt_plan(cast: Cast, *, status: str = PerformancePlan.Status.APPROVED) -> PerformancePlan:
    """The kepala dinas's SKP: its RHK is an objective of the Dinas's Perjanjian Kinerja.

    Filled in as a draft, then brought to `status` by HR through the workflow (the
    kepala dinas has nobody above on file, so HR submits and decides for them).
    """
    head = Position.objects.get(instansi=cast.instansi, name="Kepala Dinas")
    agreement = PerformanceAgreement.objects.create(unit=head.unit, year=cast.year, position=head)
    goal = AgreementGoal.objects.create(
        agreement=agreement, text="Meningkatnya akses dan mutu pendidikan dasar"
    )
    plan = plan_create(employee=cast.atasan, position=head, year=cast.year)
    result = result_add(plan=plan, text="Akses dan mutu pendidikan dasar", goal=goal)
    indicator_add(
        result=result,
        name="Angka Partisipasi Sekolah 7-12",
        target_value=Decimal("97.5"),
        unit_of_measure="%",
        polarity="higher_better",
        aggregation="ratio",
        perspective="service_users",
    )
    if status != PerformancePlan.Status.DRAFT:
        plan_submit(plan=plan, actor=cast.hr_admin)
    if status == PerformancePlan.Status.RETURNED:
        plan_return(plan=plan, actor=cast.hr_admin, note="Lengkapi target triwulan.")
    elif status == PerformancePlan.Status.APPROVED:
        plan_approve(plan=plan, actor=cast.hr_admin)
    plan.refresh_from_db()
    assert plan.status == status
    return plan


def qualitative_plan(cast: Cast) -> PerformancePlan:
    """The outsider's SKP under the kualitatif approach, its target narrated."""
    plan = PerformancePlan.objects.get(employee=cast.outsider, year=cast.year)
    plan = plan_update(plan=plan, approach=PerformancePlan.Approach.QUALITATIVE)
    result = result_add(plan=plan, text="Tersedianya data pokok pendidikan SMP yang mutakhir")
    indicator_add(
        result=result,
        name="Kemutakhiran data pokok pendidikan SMP",
        target_value=Decimal(1),
        unit_of_measure="dokumen",
        polarity="higher_better",
        aggregation="latest",
        target_text="Data seluruh SMP dimutakhirkan sebelum batas cut-off Dapodik setiap semester",
    )
    plan.refresh_from_db()
    return plan


def pdf_text(pdf: bytes) -> str:
    """The text of every page of a PDF, joined."""
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)

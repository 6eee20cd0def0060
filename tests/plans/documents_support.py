"""SKPs worth printing, built on the shared cast: a full non-JPT SKP, a JPT SKP, a kualitatif one.

Content goes in through the plan services where they exist (plan_create, result_add,
indicator_add). The lampiran texts, an RHK's Perjanjian Kinerja objective, an IKI's
perspektif and narrated target belong to forms other areas own; they are set on the
rows directly here, the way those forms store them.
"""

from __future__ import annotations

import io
from decimal import Decimal

from pypdf import PdfReader

from kinerja.agreements.models import AgreementGoal, PerformanceAgreement
from kinerja.organisation.models import Position
from kinerja.plans.models import (
    BehaviourExpectation,
    CoreValue,
    PerformancePlan,
    PlanIndicator,
    PlannedResult,
)
from kinerja.plans.services import indicator_add, plan_create, result_add
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
    PerformancePlan.objects.filter(pk=plan.pk).update(
        supporting_resources=RESOURCES,
        accountability_scheme=ACCOUNTABILITY,
        consequences=CONSEQUENCES,
    )
    BehaviourExpectation.objects.filter(plan=plan, value=CoreValue.BERORIENTASI_PELAYANAN).update(
        expectation=SERVICE_EXPECTATION
    )
    plan.refresh_from_db()
    return plan


def jpt_plan(cast: Cast, *, status: str = PerformancePlan.Status.APPROVED) -> PerformancePlan:
    """The kepala dinas's SKP: its RHK is an objective of the Dinas's Perjanjian Kinerja."""
    head = Position.objects.get(instansi=cast.instansi, name="Kepala Dinas")
    agreement = PerformanceAgreement.objects.create(unit=head.unit, year=cast.year, position=head)
    goal = AgreementGoal.objects.create(
        agreement=agreement, text="Meningkatnya akses dan mutu pendidikan dasar"
    )
    plan = plan_create(employee=cast.atasan, position=head, year=cast.year, status=status)
    result = result_add(plan=plan, text="Akses dan mutu pendidikan dasar")
    PlannedResult.objects.filter(pk=result.pk).update(goal=goal)
    iki = indicator_add(
        result=result,
        name="Angka Partisipasi Sekolah 7-12",
        target_value=Decimal("97.5"),
        unit_of_measure="%",
        polarity="higher_better",
        aggregation="ratio",
    )
    PlanIndicator.objects.filter(pk=iki.pk).update(perspective="service_users")
    return plan


def qualitative_plan(cast: Cast) -> PerformancePlan:
    """The outsider's SKP under the kualitatif approach, its target narrated."""
    plan = PerformancePlan.objects.get(employee=cast.outsider, year=cast.year)
    PerformancePlan.objects.filter(pk=plan.pk).update(approach=PerformancePlan.Approach.QUALITATIVE)
    result = result_add(plan=plan, text="Tersedianya data pokok pendidikan SMP yang mutakhir")
    iki = indicator_add(
        result=result,
        name="Kemutakhiran data pokok pendidikan SMP",
        target_value=Decimal(1),
        unit_of_measure="dokumen",
        polarity="higher_better",
        aggregation="latest",
    )
    PlanIndicator.objects.filter(pk=iki.pk).update(
        target_text="Data seluruh SMP dimutakhirkan sebelum batas cut-off Dapodik setiap semester"
    )
    plan.refresh_from_db()
    return plan


def pdf_text(pdf: bytes) -> str:
    """The text of every page of a PDF, joined."""
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)

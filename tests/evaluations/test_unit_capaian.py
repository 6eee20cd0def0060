"""A unit head's Rating Hasil Kerja is proposed from the capaian of the unit they lead."""

from __future__ import annotations

from decimal import Decimal

from kinerja.agreements.models import AgreementGoal, PerformanceAgreement
from kinerja.evaluations.services import evaluation_open
from kinerja.evaluations.unit_capaian import unit_capaian
from kinerja.plans.services import indicator_add, result_add
from tests.evaluations.eval_support import bidang, open_period
from tests.support import current_quarter, record


def _head_results(cast):
    """The penilai heads the bidang: one RHK linked to the bidang's PK goal, one not."""
    plan = cast.penilai_plan
    linked = plan.results.get()
    agreement = PerformanceAgreement.objects.create(
        unit=bidang(cast), year=cast.year, position=plan.position
    )
    goal = AgreementGoal.objects.create(agreement=agreement, text="Meningkatnya mutu SD")
    linked.goal = goal
    linked.save()
    linked_iki = indicator_add(
        result=linked,
        name="Sekolah terakreditasi",
        target_value=Decimal(10),
        weight=Decimal(1),
        unit_of_measure="sekolah",
        polarity="higher_better",
        aggregation="latest",
    )
    other = result_add(plan=plan, text="Tertibnya administrasi bidang")
    other_iki = indicator_add(
        result=other,
        name="Laporan tepat waktu",
        target_value=Decimal(10),
        weight=Decimal(1),
        unit_of_measure="laporan",
        polarity="higher_better",
        aggregation="latest",
    )
    return linked_iki, other_iki


def test_without_a_linked_rhk_the_whole_skp_stands_in_and_says_so(cast):
    period = current_quarter(cast.year)
    capaian = unit_capaian(bidang(cast), period)
    assert capaian is not None
    assert capaian.source == "skp" and capaian.linked == 0
    assert capaian.explanation["steps"][0]["code"] == "unit.capaian_skp"


def test_the_head_is_proposed_from_the_pk_linked_rhks(cast, start_of_year):
    linked, other = _head_results(cast)
    record(linked, 1, "20")  # far above target
    record(other, 1, "1")  # far below
    period = open_period(cast)  # the quarter open on the pinned day
    evaluation = evaluation_open(plan=cast.penilai_plan, period=period, user=cast.atasan.user)
    unit = evaluation.inputs["unit_capaian"]
    assert unit["source"] == "pk" and unit["linked"] == 1
    assert unit["unit_name"] == "Bidang Pembinaan SD"
    assert unit["explanation"]["steps"][0]["code"] == "unit.capaian_pk"
    # The proposal follows the unit's capaian, not the head's whole SKP.
    assert evaluation.proposed_rating == unit["proposed_rating"] == "above"
    assert Decimal(unit["achievement"]) > evaluation.achievement


def test_staff_evaluations_carry_no_unit_capaian(cast):
    period = current_quarter(cast.year)
    evaluation = evaluation_open(plan=cast.pegawai_plan, period=period, user=cast.penilai.user)
    assert "unit_capaian" not in evaluation.inputs

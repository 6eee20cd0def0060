"""Writing an SKP: its BerAKHLAK expectations, the cascade of RHKs, and valid IKIs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kinerja.cycles.services import appraisal_year_create
from kinerja.indicators.models import Indicator
from kinerja.plans.models import BehaviourExpectation, CoreValue, PlanIndicator, PlannedResult
from kinerja.plans.services import indicator_add, plan_create, result_add

D = Decimal


def test_new_skp_has_an_expectation_row_for_each_berakhlak_value(cast):
    plan = plan_create(
        employee=cast.outsider,
        position=cast.outsider.assignments.get().position,
        year=appraisal_year_create(instansi=cast.instansi, year=cast.year.year + 1),
        expectations={"kolaboratif": "Aktif dalam tim data lintas bidang"},
    )
    rows = dict(BehaviourExpectation.objects.filter(plan=plan).values_list("value", "expectation"))
    assert set(rows) == set(CoreValue.values)
    assert rows["kolaboratif"] == "Aktif dalam tim data lintas bidang"
    assert rows["loyal"] == ""
    assert (plan.start.month, plan.start.day, plan.end.month, plan.end.day) == (1, 1, 12, 31)


def test_rhk_may_support_only_a_superior_rhk_of_the_same_year(cast):
    next_year = appraisal_year_create(instansi=cast.instansi, year=cast.year.year + 1)
    later = plan_create(employee=cast.pegawai, position=cast.pegawai_plan.position, year=next_year)
    this_year_rhk = cast.penilai_plan.results.get()
    count = PlannedResult.objects.count()
    with pytest.raises(ValidationError, match="RHK atasan harus dari tahun yang sama"):
        result_add(plan=later, text="Program SD", supports=this_year_rhk)
    assert PlannedResult.objects.count() == count


def test_rhks_are_numbered_in_the_order_they_are_added(cast):
    second = result_add(plan=cast.pegawai_plan, text="Kedua", kind="tambahan")
    third = result_add(plan=cast.pegawai_plan, text="Ketiga")
    assert (second.order, third.order) == (1, 2)


def test_iki_copies_polarity_and_aggregation_from_the_catalogue(cast):
    catalogue = Indicator.objects.get(code="aps-7-12")
    assert cast.coverage.polarity == "higher_better"
    assert cast.coverage.aggregation == "ratio"
    assert cast.coverage.unit_of_measure == "%"
    # A later change to the catalogue does not rewrite an agreed SKP.
    Indicator.objects.filter(pk=catalogue.pk).update(aggregation="latest", polarity="lower_better")
    stored = PlanIndicator.objects.get(pk=cast.coverage.pk)
    assert (stored.polarity, stored.aggregation) == ("higher_better", "ratio")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"polarity": "higher_better", "target_value": D(0)}, "Target harus lebih besar dari nol."),
        (
            {"polarity": "higher_better", "target_value": D(-5)},
            "Target harus lebih besar dari nol.",
        ),
        ({"polarity": "lower_better"}, "Target harus lebih besar dari nol."),
        (
            {"polarity": "range", "target_low": D(7)},
            "Target rentang memerlukan batas bawah dan batas atas.",
        ),
        (
            {"polarity": "range", "target_low": D(9), "target_high": D(7)},
            "Batas bawah target tidak boleh melebihi batas atas.",
        ),
        (
            {"polarity": "higher_better", "target_value": D(5), "weight": D(0)},
            "Pastikan nilai ini lebih besar dari atau sama dengan 0.01.",
        ),
    ],
)
def test_invalid_iki_is_refused_and_not_saved(cast, fields, message):
    count = PlanIndicator.objects.count()
    with pytest.raises(ValidationError) as caught:
        indicator_add(
            result=cast.programmes.result,
            name="IKI uji",
            unit_of_measure="dokumen",
            aggregation="sum",
            **fields,
        )
    assert message in caught.value.messages
    assert PlanIndicator.objects.count() == count

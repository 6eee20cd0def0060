"""An evaluation of a period in which the SKP was closed and continued counts both parts by days."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.evaluations.models import Evaluation
from kinerja.evaluations.services import (
    EvaluationError,
    evaluation_finalise,
    evaluation_open,
    evaluation_snapshot,
)
from kinerja.plans.models import PerformancePlan
from kinerja.plans.services import indicator_add, result_add
from kinerja.scoring import Rating
from tests.plans.change_support import day, transfer
from tests.support import behaviour, quarter, record

pytestmark = pytest.mark.usefixtures("start_of_year")


def _split_in_may(cast) -> PerformancePlan:
    """Jan-Apr on track in the old SKP (100 %); 16 May a transfer; May-June at 75 % in the new.

    The old SKP runs 1 January - 15 May (135 days) and owns January-April;
    the new one runs from 16 May and owns May onwards.
    """
    for number in (1, 2, 3, 4):
        record(cast.programmes, number, "1")
        record(cast.coverage, number, numerator="95", denominator="100")
    new = transfer(cast, day(cast, 5, 16))
    result = result_add(plan=new, text="Tersusunnya data pendidikan SMP")
    reports = indicator_add(
        result=result,
        name="Jumlah laporan data",
        unit_of_measure="laporan",
        polarity="higher_better",
        aggregation="sum",
        target_value=Decimal(12),
    )
    record(reports, 5, "1")
    record(reports, 6, "0.5")  # 1.5 of the 2 due for May-June: 75 %
    return new


def _days(start, end) -> int:
    return (end - start).days + 1


def test_the_quarter_counts_each_part_by_its_days(cast):
    new = _split_in_may(cast)
    old = PerformancePlan.objects.get(pk=cast.pegawai_plan.pk)

    evaluation = evaluation_open(plan=new, period=quarter(cast.year, 2), user=cast.atasan.user)

    first = _days(day(cast, 1, 1), day(cast, 5, 15))
    second = _days(day(cast, 5, 16), day(cast, 6, 30))
    expected = (Decimal(100) * first + Decimal(75) * second) / (first + second)
    assert evaluation.plan == new  # attached to the part in force at the quarter's end
    assert evaluation.achievement == expected.quantize(Decimal("0.0001"))
    parts = evaluation.inputs["parts"]
    assert [(p["plan"], p["days"], Decimal(p["achievement"])) for p in parts] == [
        (old.pk, first, Decimal(100)),
        (new.pk, second, Decimal(75)),
    ]
    assert [p["position"] for p in parts] == ["Analis Kurikulum", "Analis Data Pendidikan"]
    assert parts[0]["closed_reason"] == "Mutasi / pindah unit"
    codes = [s["code"] for s in evaluation.inputs["explanation"]["steps"]]
    assert codes[:3] == ["parts.part", "parts.part", "parts.combined"]
    assert "rating.proposed" in codes
    assert {row["part"] for row in evaluation.inputs["indicators"]} == {1, 2}
    assert evaluation.proposed_rating == "meets"  # 93.6 lies between 90 and 110


def test_the_same_capaian_in_both_parts_is_that_capaian(cast):
    for number in (1, 2, 3, 4):
        record(cast.programmes, number, "1")
    new = transfer(cast, day(cast, 5, 16))
    result = result_add(plan=new, text="Tersusunnya data pendidikan SMP")
    reports = indicator_add(
        result=result,
        name="Jumlah laporan data",
        unit_of_measure="laporan",
        polarity="higher_better",
        aggregation="sum",
        target_value=Decimal(24),
    )
    record(reports, 5, "2")
    record(reports, 6, "2")
    snapshot = evaluation_snapshot(new, quarter(cast.year, 2))
    assert Decimal(str(snapshot["achievement"])) == 100


def test_a_later_quarter_still_counts_the_closed_part(cast):
    new = _split_in_may(cast)
    snapshot = evaluation_snapshot(new, quarter(cast.year, 3))
    parts = snapshot["parts"]
    assert [p["days"] for p in parts] == [
        _days(day(cast, 1, 1), day(cast, 5, 15)),
        _days(day(cast, 5, 16), day(cast, 9, 30)),
    ]


def test_an_unchanged_skp_is_evaluated_as_before(cast):
    record(cast.programmes, 1, "1")
    snapshot = evaluation_snapshot(cast.pegawai_plan, quarter(cast.year, 1))
    assert len(snapshot["parts"]) == 1
    codes = [s["code"] for s in snapshot["explanation"]["steps"]]
    assert not any(code.startswith("parts.") for code in codes)


def test_the_closed_part_is_not_evaluated_for_a_period_it_did_not_finish(cast):
    new = _split_in_may(cast)
    old = PerformancePlan.objects.get(pk=cast.pegawai_plan.pk)
    with pytest.raises(EvaluationError, match="SKP lanjutannya"):
        evaluation_open(plan=old, period=quarter(cast.year, 2), user=cast.penilai.user)
    with pytest.raises(EvaluationError, match="baru berlaku setelah"):
        evaluation_open(plan=new, period=quarter(cast.year, 1), user=cast.atasan.user)
    assert not Evaluation.objects.exists()
    # The quarter the old SKP did finish is still evaluated on it, by its own penilai.
    q1 = evaluation_open(plan=old, period=quarter(cast.year, 1), user=cast.penilai.user)
    assert len(q1.inputs["parts"]) == 1


def test_finalising_keeps_both_parts_and_the_pages_name_them(cast, monkeypatch):
    new = _split_in_may(cast)
    evaluation = evaluation_open(plan=new, period=quarter(cast.year, 2), user=cast.atasan.user)
    client = Client()
    client.force_login(cast.atasan.user)
    # The page opens a period only once it has begun.
    monkeypatch.setattr("kinerja.core.clock.today", lambda: quarter(cast.year, 2).end)
    page = client.get(reverse("evaluations:evaluate", args=[new.pk, evaluation.period_id]))
    html = page.content.decode()
    assert "Analis Kurikulum" in html and "Analis Data Pendidikan" in html
    assert "Bagian SKP" in html

    final = evaluation_finalise(
        evaluation=evaluation,
        user=cast.atasan.user,
        result_rating=Rating.MEETS,
        reason="",
        behaviour=behaviour("meets"),
    )
    assert len(final.inputs["parts"]) == 2
    client.force_login(cast.pegawai.user)
    html = client.get(reverse("evaluations:detail", args=[final.pk])).content.decode()
    assert "Analis Kurikulum" in html and "Analis Data Pendidikan" in html

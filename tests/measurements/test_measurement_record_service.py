"""measurement_record: what is stored, what is refused, and the standing it refreshes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.cycles.services import appraisal_year_create
from kinerja.measurements.models import Measurement
from kinerja.measurements.services import MeasurementError, measurement_record
from kinerja.plans.models import PerformancePlan, PlanIndicator
from kinerja.plans.services import indicator_add
from kinerja.scoring import Scored
from tests.support import month, pdf_upload, quarter, record

# Standings depend on which months are due; pin today so these numbers do not.
pytestmark = pytest.mark.usefixtures("start_of_year")

D = Decimal


def _fresh(indicator: PlanIndicator) -> PlanIndicator:
    return PlanIndicator.objects.get(pk=indicator.pk)


def _plan(cast) -> PerformancePlan:
    return PerformancePlan.objects.get(pk=cast.pegawai_plan.pk)


def _step_codes(explanation: dict) -> list[str]:
    return [step["code"] for step in explanation["steps"]]


def _iki(cast, *, aggregation: str, polarity: str = "higher_better", **target) -> PlanIndicator:
    return indicator_add(
        result=cast.programmes.result,
        name=f"IKI {aggregation} {polarity}",
        unit_of_measure="satuan",
        polarity=polarity,
        aggregation=aggregation,
        **{k: D(v) for k, v in target.items()},
    )


def test_value_is_stored_with_who_recorded_it(cast):
    measurement = measurement_record(
        user=cast.pegawai.user,
        plan_indicator=cast.programmes,
        period=month(cast.year, 1),
        value=D(1),
        note="rapat koordinasi",
    )
    stored = Measurement.objects.get(pk=measurement.pk)
    assert stored.value == 1
    assert stored.numerator is None and stored.denominator is None
    assert stored.recorded_by == cast.pegawai.user
    assert stored.note == "rapat koordinasi"
    assert stored.superseded_at is None


def test_ratio_parts_are_kept_and_give_the_computed_value(cast):
    record(cast.coverage, 1, numerator="45", denominator="50")
    stored = Measurement.objects.get(plan_indicator=cast.coverage)
    assert (stored.numerator, stored.denominator, stored.value) == (45, 50, 90)


def test_zero_denominator_is_refused_and_nothing_saved(cast):
    with pytest.raises(MeasurementError, match="Penyebut tidak boleh nol"):
        record(cast.coverage, 1, numerator="5", denominator="0")
    assert not Measurement.objects.exists()
    assert _fresh(cast.coverage).achievement is None


def test_ratio_without_any_part_is_refused(cast):
    with pytest.raises(MeasurementError, match="memerlukan pembilang dan penyebut"):
        record(cast.coverage, 1)
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    "part", [{"numerator": "45"}, {"denominator": "50"}], ids=["numerator", "denominator"]
)
def test_one_ratio_part_is_kept_and_waits_for_the_other(cast, part):
    """Coverage parts come from different registers at different times."""
    record(cast.coverage, 1, **part)
    stored = Measurement.objects.get(plan_indicator=cast.coverage)
    assert stored.value is None
    assert _fresh(cast.coverage).achievement is None


def test_missing_value_is_refused(cast):
    with pytest.raises(MeasurementError, match="Nilai realisasi wajib diisi"):
        record(cast.programmes, 1)
    assert not Measurement.objects.exists()


def test_quarter_is_not_a_realisasi_period(cast):
    with pytest.raises(MeasurementError, match="salah satu bulan pada tahun SKP"):
        measurement_record(
            user=cast.pegawai.user,
            plan_indicator=cast.programmes,
            period=quarter(cast.year, 1),
            value=D(1),
        )
    assert not Measurement.objects.exists()


def test_month_of_another_year_is_refused(cast):
    next_year = appraisal_year_create(instansi=cast.instansi, year=cast.year.year + 1)
    other_instansi_year = cast.foreigner.plans.get().year
    for period in (month(next_year, 1), month(other_instansi_year, 1)):
        with pytest.raises(MeasurementError, match="salah satu bulan pada tahun SKP"):
            measurement_record(
                user=cast.pegawai.user, plan_indicator=cast.programmes, period=period, value=D(1)
            )
    assert not Measurement.objects.exists()


def test_ratio_too_large_to_store_is_refused(cast):
    # 999 999 999 999 999 / 0.0001 × 100 has 21 digits: more than the column holds.
    with pytest.raises(MeasurementError, match="terlalu besar"):
        record(cast.coverage, 1, numerator="999999999999999", denominator="0.0001")
    assert not Measurement.objects.exists()


def test_correction_supersedes_and_keeps_the_old_version(cast):
    record(cast.programmes, 2, "1")
    record(cast.programmes, 2, "2")
    rows = list(Measurement.objects.filter(plan_indicator=cast.programmes).order_by("pk"))
    assert [r.value for r in rows] == [1, 2]
    assert rows[0].superseded_at is not None
    assert rows[1].superseded_at is None
    # The standing uses the correction only: 2 against the prorated target 12 × 2/12.
    assert _fresh(cast.programmes).achieved_value == 2
    assert _fresh(cast.programmes).achievement == 100


def test_standing_of_iki_and_skp_is_refreshed_by_each_record(cast):
    assert _plan(cast).achievement is None

    record(cast.programmes, 1, "1")
    programmes = _fresh(cast.programmes)
    assert (programmes.achieved_value, programmes.achievement) == (1, 100)
    assert programmes.computed_at is not None
    plan = _plan(cast)
    assert plan.achievement == 100  # the coverage IKI has no data yet and is left out
    assert plan.proposed_rating == "meets"

    record(cast.coverage, 1, numerator="57", denominator="100")
    coverage = _fresh(cast.coverage)
    assert coverage.achieved_value == 57
    assert coverage.achievement == 60  # 57 / 95 × 100
    plan = _plan(cast)
    assert plan.achievement == 80  # (100 + 60) / 2
    assert plan.proposed_rating == "below"
    assert "weighted_mean.result" in _step_codes(plan.explanation)


def test_evidence_is_stored_with_the_measurement(cast, media_root):
    measurement = measurement_record(
        user=cast.pegawai.user,
        plan_indicator=cast.programmes,
        period=month(cast.year, 1),
        value=D(1),
        evidence=[pdf_upload("undangan rapat.pdf")],
    )
    stored = Measurement.objects.get(pk=measurement.pk).evidence_files.get()
    assert stored.original_name == "undangan rapat.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.uploaded_by == cast.pegawai.user
    assert stored.file.name.startswith(f"evidence/{cast.programmes.pk}/")
    with stored.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")


# Months 1, 3 and 4 have data, month 2 has none; they are recorded out of order.
MONTHS = {4: "9", 1: "2", 3: "4"}


@pytest.mark.parametrize(
    ("aggregation", "achieved", "code"),
    [
        ("sum", D(15), "aggregate.sum"),
        ("latest", D(9), "aggregate.latest"),  # the latest month, not the latest entry
        ("mean", D(5), "aggregate.mean"),  # 15 / 3; a zero for month 2 would give 3.75
        ("median", D(4), "aggregate.median"),
    ],
)
def test_aggregation_over_months_skips_missing_months(cast, aggregation, achieved, code):
    iki = _iki(cast, aggregation=aggregation, target_value="48")
    for number, value in MONTHS.items():
        record(iki, number, value)
    iki = _fresh(iki)
    assert iki.achieved_value == achieved
    assert code in _step_codes(iki.explanation)


def test_ratio_aggregates_sums_of_parts_not_a_mean_of_percentages(cast):
    iki = _iki(cast, aggregation="ratio", target_value="50")
    # 10 %, 90 % and 12.5 %: the mean of percentages would be 37.5 %.
    parts = {1: ("1", "10"), 3: ("9", "10"), 4: ("10", "80")}
    for number, (numerator, denominator) in parts.items():
        record(iki, number, numerator=numerator, denominator=denominator)
    iki = _fresh(iki)
    assert iki.achieved_value == 20  # 20 / 100 × 100
    assert iki.achievement == 40  # 20 / 50 × 100
    assert "aggregate.ratio" in _step_codes(iki.explanation)


def test_summed_target_is_prorated_to_the_latest_month_with_data(cast):
    # Target 12 a year; data for months 1 and 3 only: compared with 12 × 3/12 = 3.
    record(cast.programmes, 1, "1.5")
    record(cast.programmes, 3, "1.5")
    programmes = _fresh(cast.programmes)
    assert programmes.achieved_value == 3
    assert programmes.achievement == 100
    steps = Scored.from_dict(programmes.explanation).steps
    prorated = next(s for s in steps if s.code == "target.prorated")
    assert prorated.values["elapsed"] == 3
    assert prorated.values["result"] == 3


def test_level_target_is_not_prorated(cast):
    iki = _iki(cast, aggregation="latest", target_value="80")
    record(iki, 3, "80")
    iki = _fresh(iki)
    assert iki.achievement == 100
    assert "target.prorated" not in _step_codes(iki.explanation)


@pytest.mark.parametrize(
    ("waiting_minutes", "expected"),
    [("54", D(110)), ("60", D(100)), ("75", D(75)), ("30", D(120))],  # 150 capped at 120
)
def test_lower_is_better_uses_the_inverse_formula(cast, waiting_minutes, expected):
    iki = _iki(cast, aggregation="mean", polarity="lower_better", target_value="60")
    record(iki, 1, waiting_minutes)
    iki = _fresh(iki)
    assert iki.achievement == expected
    assert "capaian.lower_better" in _step_codes(iki.explanation)


@pytest.mark.parametrize(
    ("months", "expected", "code"),
    [
        ("6.5", D("107.1429"), "capaian.range_below"),  # published example: 107.1
        ("9", D("87.5"), "capaian.range_above"),  # published example: 87.5
        ("7.5", D(100), "capaian.range_inside"),
    ],
)
def test_range_target_compares_with_the_nearer_bound(cast, months, expected, code):
    iki = _iki(cast, aggregation="latest", polarity="range", target_low="7", target_high="8")
    record(iki, 2, months)
    iki = _fresh(iki)
    assert iki.achievement.quantize(D("0.0001")) == expected
    assert code in _step_codes(iki.explanation)

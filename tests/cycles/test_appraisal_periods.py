"""An appraisal year's periods, and which of them are current or open on a day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kinerja.cycles.models import AppraisalYear, Period
from kinerja.cycles.selectors import (
    evaluation_period_current,
    evaluation_periods_open,
    month_periods_until,
)
from kinerja.cycles.services import appraisal_year_create
from kinerja.organisation.models import Instansi

D = dt.date


@pytest.fixture
def instansi(db) -> Instansi:
    return Instansi.objects.create(code="sabangau", name="Pemerintah Kota Palangka Raya")


def _spans(year: AppraisalYear, kind: str) -> list[tuple[int, dt.date, dt.date]]:
    return list(
        Period.objects.filter(year=year, kind=kind)
        .order_by("number")
        .values_list("number", "start", "end")
    )


def test_year_has_twelve_months_four_quarters_and_the_annual_period(instansi):
    year = appraisal_year_create(instansi=instansi, year=2028)  # a leap year
    months = _spans(year, "month")
    assert len(months) == 12
    assert months[1] == (2, D(2028, 2, 1), D(2028, 2, 29))
    assert months[11] == (12, D(2028, 12, 1), D(2028, 12, 31))
    assert _spans(year, "quarter") == [
        (1, D(2028, 1, 1), D(2028, 3, 31)),
        (2, D(2028, 4, 1), D(2028, 6, 30)),
        (3, D(2028, 7, 1), D(2028, 9, 30)),
        (4, D(2028, 10, 1), D(2028, 12, 31)),
    ]
    assert _spans(year, "year") == [(1, D(2028, 1, 1), D(2028, 12, 31))]


def test_opening_a_year_twice_changes_nothing(instansi):
    first = appraisal_year_create(instansi=instansi, year=2027)
    again = appraisal_year_create(instansi=instansi, year=2027, cadence="monthly")
    assert again.pk == first.pk
    assert again.cadence == "quarterly"
    assert Period.objects.filter(year=first).count() == 17


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2027, 1, 1), ("quarter", 1)),
        (D(2027, 5, 20), ("quarter", 2)),
        (D(2027, 12, 31), ("quarter", 4)),
        (D(2028, 2, 1), ("quarter", 4)),  # after the year: its last period
        (D(2026, 12, 31), None),  # before the year
    ],
)
def test_current_evaluation_period_of_a_quarterly_year(instansi, day, expected):
    year = appraisal_year_create(instansi=instansi, year=2027)
    period = evaluation_period_current(year, on=day)
    assert (None if period is None else (period.kind, period.number)) == expected


def test_current_evaluation_period_of_a_monthly_year_is_the_month(instansi):
    year = appraisal_year_create(instansi=instansi, year=2027, cadence="monthly")
    period = evaluation_period_current(year, on=D(2027, 5, 20))
    assert (period.kind, period.number) == ("month", 5)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2027, 5, 20), [("quarter", 2)]),
        (D(2027, 9, 30), [("quarter", 3)]),
        (D(2027, 10, 1), [("quarter", 4), ("year", 1)]),
        (D(2028, 1, 15), [("quarter", 4), ("year", 1)]),
    ],
)
def test_annual_evaluation_opens_with_the_last_quarter(instansi, day, expected):
    year = appraisal_year_create(instansi=instansi, year=2027)
    assert [(p.kind, p.number) for p in evaluation_periods_open(year, on=day)] == expected


def test_realisasi_may_be_recorded_for_months_that_have_started(instansi):
    year = appraisal_year_create(instansi=instansi, year=2027)
    assert [p.number for p in month_periods_until(year, on=D(2027, 3, 1))] == [1, 2, 3]
    assert month_periods_until(year, on=D(2026, 12, 31)) == []


def test_period_labels_follow_the_official_form(instansi):
    year = appraisal_year_create(instansi=instansi, year=2027)
    with translation.override("id"):
        periods = Period.objects.filter(year=year, kind__in=["quarter", "year"])
        labels = [p.label for p in periods.order_by("end", "kind")]
        assert labels == [
            "Triwulan I 2027",
            "Triwulan II 2027",
            "Triwulan III 2027",
            "Triwulan IV-AKHIR 2027",
            "Tahunan 2027",
        ]
        assert Period.objects.get(year=year, kind="month", number=8).label == "Agustus 2027"


def test_scoring_policy_defaults_to_the_regulation_and_reads_overrides(instansi):
    year = appraisal_year_create(instansi=instansi, year=2027)
    assert year.scoring_policy().capaian_cap == 120
    year.policy = {"version": "kota-2027", "capaian_cap": "110"}
    assert (year.scoring_policy().version, year.scoring_policy().capaian_cap) == ("kota-2027", 110)


@pytest.mark.parametrize(
    "policy", [{"capaian_cap": "banyak"}, {"unknown_key": 1}, {"rating_meets_min": "200"}]
)
def test_unreadable_scoring_policy_is_refused(instansi, policy):
    year = appraisal_year_create(instansi=instansi, year=2027)
    year.policy = policy
    with pytest.raises(ValidationError) as caught:
        year.full_clean()
    assert caught.value.message_dict["policy"][0].startswith("Kebijakan penilaian tidak valid")

"""Recomputing a whole year gives exactly what the live, per-indicator refresh gives."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from kinerja.cycles.models import AppraisalYear
from kinerja.measurements.services import standing_recompute_year, standing_refresh
from kinerja.plans.models import PerformancePlan, PlanIndicator
from kinerja.plans.services import indicator_add, result_add
from tests.support import record

# Standings depend on which months are due; pin today so these numbers do not.
pytestmark = pytest.mark.usefixtures("start_of_year")

STANDING_FIELDS = ("achieved_value", "achievement", "explanation")
PLAN_FIELDS = ("achievement", "proposed_rating", "explanation")


def _standings(year_id: int) -> dict[str, object]:
    return {
        "indicators": {
            i["pk"]: i
            for i in PlanIndicator.objects.filter(result__plan__year_id=year_id).values(
                "pk", *STANDING_FIELDS
            )
        },
        "plans": {
            p["pk"]: p
            for p in PerformancePlan.objects.filter(year_id=year_id).values("pk", *PLAN_FIELDS)
        },
    }


def _forget_standings() -> None:
    PlanIndicator.objects.update(achieved_value=None, achievement=None, explanation={})
    PerformancePlan.objects.update(achievement=None, proposed_rating="", explanation={})


def _year_with_data(cast) -> None:
    """Three SKPs with data: the pegawai's two IKIs, and a waiting-time IKI of the penilai."""
    record(cast.programmes, 1, "1")
    record(cast.programmes, 2, "2")
    record(cast.programmes, 2, "1.5")  # a correction
    record(cast.coverage, 1, numerator="80", denominator="100")
    record(cast.coverage, 3, numerator="99", denominator="100")
    waiting = indicator_add(
        result=cast.penilai_plan.results.get(),
        name="Rata-rata waktu tunggu layanan",
        unit_of_measure="menit",
        polarity="lower_better",
        aggregation="median",
        target_value=Decimal(60),
    )
    record(waiting, 1, "45")
    record(waiting, 2, "70")
    tambahan = result_add(plan=cast.penilai_plan, text="Tugas tambahan", kind="tambahan")
    extra = indicator_add(
        result=tambahan,
        name="Laporan tambahan",
        unit_of_measure="laporan",
        polarity="higher_better",
        aggregation="sum",
        target_value=Decimal(4),
    )
    record(extra, 1, "1")


def test_recompute_year_equals_refreshing_each_indicator(cast):
    _year_with_data(cast)
    live = _standings(cast.year.pk)
    assert live["plans"][cast.pegawai_plan.pk]["achievement"] is not None

    _forget_standings()
    progress: list[tuple[int, int]] = []
    total = standing_recompute_year(
        year_id=cast.year.pk, batch_size=2, progress=lambda d, t: progress.append((d, t))
    )

    assert total == PerformancePlan.objects.filter(year=cast.year).count() == 3
    assert progress == [(2, 3), (3, 3)]
    assert _standings(cast.year.pk) == live


def test_recompute_after_a_policy_change_equals_the_refresh_under_that_policy(cast):
    _year_with_data(cast)
    before = _standings(cast.year.pk)
    AppraisalYear.objects.filter(pk=cast.year.pk).update(
        policy={"version": "jambi-2026-b", "capaian_cap": "105", "rating_meets_min": "100"}
    )

    standing_recompute_year(year_id=cast.year.pk)
    recomputed = _standings(cast.year.pk)
    _forget_standings()
    for indicator in PlanIndicator.objects.select_related("result__plan__year"):
        standing_refresh(indicator)

    assert _standings(cast.year.pk) == recomputed
    assert recomputed != before  # the policy change did reach the stored numbers
    capped = recomputed["indicators"][cast.programmes.pk]["achievement"]
    assert capped == 105  # 3.5 programmes against 2 by February is 175 %, capped at 105


def test_recompute_leaves_other_years_alone(cast):
    foreign_plan = cast.foreigner.plans.get()
    result = result_add(plan=foreign_plan, text="Layanan kesehatan")
    iki = indicator_add(
        result=result,
        name="Kunjungan",
        unit_of_measure="kunjungan",
        polarity="higher_better",
        aggregation="sum",
        target_value=Decimal(12),
    )
    record(iki, 1, "1")
    untouched = _standings(foreign_plan.year_id)

    AppraisalYear.objects.filter(pk=foreign_plan.year_id).update(policy={"capaian_cap": "90"})
    standing_recompute_year(year_id=cast.year.pk)

    assert _standings(foreign_plan.year_id) == untouched


def test_recompute_command_reports_each_year(cast):
    _year_with_data(cast)
    live = _standings(cast.year.pk)
    _forget_standings()
    out = StringIO()

    call_command("recompute", str(cast.year.year), "--instansi", "jambi", stdout=out)

    assert "3 SKP recomputed" in out.getvalue()
    assert _standings(cast.year.pk) == live


def test_recompute_command_in_background_runs_the_job(cast, django_capture_on_commit_callbacks):
    # Without a broker the job runs in-process once its row is committed, so its
    # effect is visible at once.
    _year_with_data(cast)
    live = _standings(cast.year.pk)
    _forget_standings()
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("recompute", str(cast.year.year), "--background", stdout=out)

    assert "queued as job" in out.getvalue()
    assert _standings(cast.year.pk) == live

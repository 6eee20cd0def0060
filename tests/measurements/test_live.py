"""The live stamps: they move when a value arrives for what a page shows, and only then.

Also what one submission costs (the "within a second" of the issue rests on it
touching one IKI and its SKP, in a fixed number of queries) and what a poll costs.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.indicators.models import SourceKind
from kinerja.measurements.live import stamp_employee, stamp_team
from kinerja.measurements.services import Origin, measurement_submit
from kinerja.organisation.access import today, viewer_for
from kinerja.plans.models import PerformancePlan, PlanIndicator
from kinerja.plans.services import indicator_add
from tests.conftest import Cast
from tests.matrix import client_as
from tests.support import month

pytestmark = pytest.mark.usefixtures("start_of_year")


def _submit(cast: Cast, indicator: PlanIndicator, value: str = "3", **parts: str) -> None:
    indicator = PlanIndicator.objects.select_related("result__plan__year").get(pk=indicator.pk)
    measurement_submit(
        plan_indicator=indicator,
        period=month(cast.year, 1),
        origin=Origin(kind=SourceKind.API),
        value=None if parts else Decimal(value),
        **{k: Decimal(v) for k, v in parts.items()},
    )


def _stamp(cast: Cast, role: str, query: str) -> str:
    response = client_as(cast, role).get(reverse("measurements:live") + query)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return str(response.json()["stamp"])


def _outsider_indicator(cast: Cast) -> PlanIndicator:
    plan = PerformancePlan.objects.get(employee=cast.outsider)
    from kinerja.plans.services import result_add

    result = result_add(plan=plan, text="Terkelolanya data SMP")
    return indicator_add(
        result=result,
        name="Jumlah laporan data",
        unit_of_measure="laporan",
        polarity="higher_better",
        aggregation="sum",
        target_value=Decimal(12),
    )


def test_own_stamp_moves_when_a_value_arrives_for_the_viewers_own_skp(cast):
    before = _stamp(cast, "pegawai", "?scope=mine")
    _submit(cast, cast.programmes)
    after = _stamp(cast, "pegawai", "?scope=mine")
    assert after != before
    # The same answer again: nothing to redraw.
    assert _stamp(cast, "pegawai", "?scope=mine") == after


def test_own_stamp_stays_when_a_value_arrives_for_someone_elses_skp(cast):
    other = _outsider_indicator(cast)
    before = _stamp(cast, "pegawai", "?scope=mine")
    _submit(cast, other)
    assert _stamp(cast, "pegawai", "?scope=mine") == before
    # …while the outsider's own page does move.
    assert _stamp(cast, "outsider", "?scope=mine") != _stamp(cast, "pegawai", "?scope=mine")


def test_a_repeated_value_changes_nothing_and_the_stamp_stays(cast):
    _submit(cast, cast.programmes, "3")
    before = _stamp(cast, "pegawai", "?scope=mine")
    _submit(cast, cast.programmes, "3")  # a retried request: idempotent
    assert _stamp(cast, "pegawai", "?scope=mine") == before


def test_team_stamp_follows_direct_reports_only(cast):
    before = _stamp(cast, "penilai", "?scope=team")
    _submit(cast, _outsider_indicator(cast))  # not in the penilai's team
    assert _stamp(cast, "penilai", "?scope=team") == before
    _submit(cast, cast.programmes)  # the penilai's pegawai
    assert _stamp(cast, "penilai", "?scope=team") != before


def test_team_stamp_counts_the_same_plans_as_tim_saya(cast):
    viewer = viewer_for(cast.penilai.user)
    stamp = stamp_team(viewer, on=today())
    assert stamp.count == 1  # the pegawai's SKP in force
    atasan = stamp_team(viewer_for(cast.atasan.user), on=today())
    assert atasan.count == 2  # the two kepala bidang
    assert stamp_team(viewer_for(cast.hr_admin), on=today()).count == 0


def test_employee_stamp_of_the_penilai_follows_that_employees_skp(cast):
    query = f"?scope=employee&id={cast.pegawai.pk}"
    before = _stamp(cast, "penilai", query)
    _submit(cast, cast.coverage, numerator="90", denominator="100")
    assert _stamp(cast, "penilai", query) != before
    assert _stamp(cast, "penilai", query) == _stamp(cast, "pegawai", "?scope=mine")


def test_a_submit_touches_only_the_affected_iki_and_skp(cast):
    other = _outsider_indicator(cast)
    _submit(cast, other, "1")
    _submit(cast, cast.coverage, numerator="80", denominator="100")
    plans_before = dict(PerformancePlan.objects.values_list("pk", "computed_at"))
    iki_before = dict(PlanIndicator.objects.values_list("pk", "computed_at"))

    _submit(cast, cast.programmes, "4")

    plans_after = dict(PerformancePlan.objects.values_list("pk", "computed_at"))
    iki_after = dict(PlanIndicator.objects.values_list("pk", "computed_at"))
    changed_plans = {pk for pk in plans_after if plans_after[pk] != plans_before[pk]}
    changed_iki = {pk for pk in iki_after if iki_after[pk] != iki_before[pk]}
    assert changed_plans == {cast.pegawai_plan.pk}
    # The IKI that got the value, and no other: not even the sibling in the same SKP.
    assert changed_iki == {cast.programmes.pk}


def test_one_submit_and_one_poll_cost_a_fixed_number_of_queries(cast):
    """The evidence behind "within a second": a value is one short transaction, and a
    poll one aggregate, whatever the size of the instansi."""
    indicator = PlanIndicator.objects.select_related("result__plan__year").get(
        pk=cast.programmes.pk
    )
    period = month(cast.year, 1)
    with CaptureQueriesContext(connection) as submit:
        measurement_submit(
            plan_indicator=indicator,
            period=period,
            origin=Origin(kind=SourceKind.API),
            value=Decimal(5),
        )
    with CaptureQueriesContext(connection) as poll:
        stamp = stamp_employee(cast.pegawai)
    assert stamp.count == 1
    assert len(poll) == 1
    assert "MAX" in poll[0]["sql"].upper() and "COUNT" in poll[0]["sql"].upper()
    # Measured 8: savepoint, the current row, insert, the IKI's months, update the
    # IKI, the SKP's IKIs, update the SKP, release. Some slack for the evidence and
    # verification work of this issue, none for anything that grows with the data.
    assert len(submit) <= 10, [q["sql"] for q in submit]


def test_a_whole_poll_request_is_a_fixed_handful_of_queries(cast):
    client = client_as(cast, "penilai")
    url = reverse("measurements:live") + "?scope=team"
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    # Session, user, the viewer's employee, positions and roles, then the stamp.
    assert len(small) <= 6, [q["sql"] for q in small]


def test_stamp_queries_use_an_index(cast):
    """SQLite's plan of the poll: a search by index, never a scan of every SKP."""
    if connection.vendor != "sqlite":
        pytest.skip("the plan's wording is SQLite's")
    query = PerformancePlan.objects.filter(employee_id=cast.pegawai.pk).order_by()
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan

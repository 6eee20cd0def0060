"""The Matriks Peran Hasil: the tree from the Perjanjian Kinerja down, its gaps, its cost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core import clock
from kinerja.plans import cascade as cascade_module
from kinerja.plans.cascade import (
    Cascade,
    GapKind,
    GoalNode,
    ResultNode,
    cascade_build,
    cascade_gap_counts,
)
from tests.plans.cascade_support import (
    CascadeWorld,
    add_gapped_staff,
    add_staff,
    build_cascade_world,
    counts_of,
    posts,
    relink,
    reparent,
    sql_counts_of,
)


@pytest.fixture
def world(cast) -> CascadeWorld:
    return build_cascade_world(cast)


def build(world: CascadeWorld, unit=None, per_level=None) -> Cascade:
    return cascade_build(
        unit=unit or world.dinas, year=world.cast.year, on=clock.today(), per_level=per_level
    )


@pytest.fixture
def small_threshold(monkeypatch):
    """The world's Dinas Pendidikan has five staff: above 4 it is shown per level."""
    monkeypatch.setattr(cascade_module, "CASCADE_FULL_DEPTH_MAX", 4)


def node_of(cascade: Cascade, pk: int) -> ResultNode:
    for node, _goal in cascade.rows():
        if isinstance(node, ResultNode) and node.pk == pk:
            return node
    raise AssertionError(f"RHK {pk} is not in the tree")


def gaps_of(cascade: Cascade, kind: str) -> list[str]:
    return [g.subject for g in cascade.gaps if g.kind == kind]


def test_the_tree_runs_from_the_goal_through_the_jpt_down_to_the_staff(world):
    cascade = build(world)

    goal = cascade.goals[0]
    assert isinstance(goal, GoalNode) and goal.pk == world.goal.pk
    assert [i.name for i in goal.indicators] == ["Angka Partisipasi Sekolah 7-12"]
    (jpt,) = goal.children
    assert jpt.pk == world.jpt_result.pk and jpt.is_jpt
    assert jpt.employee == world.cast.atasan
    assert jpt.indicators[0].target == "95,00 %"
    chief = next(c for c in jpt.children if c.pk == world.chief_result.pk)
    assert chief.employee == world.cast.penilai and chief.parent_text == jpt.text
    (staff,) = chief.children
    assert staff.pk == world.staff_result.pk and staff.depth == 3
    assert [i.name for i in staff.indicators] == [
        "Jumlah program pendidikan yang dilaksanakan",
        "Angka Partisipasi Sekolah 7-12",
    ]
    assert not staff.has_gap


def test_each_kind_of_gap_is_listed_and_marked_in_the_tree(world):
    cascade = build(world)

    assert gaps_of(cascade, GapKind.GOAL_UNREACHED) == [world.lonely_goal.text]
    assert cascade.goals[1].gaps == [GapKind.GOAL_UNREACHED]
    assert sorted(gaps_of(cascade, GapKind.NO_PARENT)) == sorted(
        [world.jpt_orphan.text, world.outsider_result.text]
    )
    assert {n.pk for n in cascade.orphans} == {world.jpt_orphan.pk, world.outsider_result.pk}
    assert gaps_of(cascade, GapKind.SUPERIOR_CHANGED) == [world.moved_result.text]
    assert node_of(cascade, world.moved_result.pk).gaps == [GapKind.SUPERIOR_CHANGED]
    no_plan = [g for g in cascade.gaps if g.kind == GapKind.NO_PLAN]
    assert [g.employee for g in no_plan] == [world.newcomer]
    assert [s.employee for s in cascade.staff_without_plan] == [world.newcomer]
    (no_target,) = [g for g in cascade.gaps if g.kind == GapKind.NO_TARGET]
    assert no_target.subject.startswith("Laporan partisipasi tersusun")
    moved = node_of(cascade, world.moved_result.pk)
    assert [i.no_target for i in moved.indicators] == [True]
    summary = {kind: count for kind, _label, count in cascade.summary}
    assert summary == {
        GapKind.GOAL_UNREACHED: 1,
        GapKind.NO_PARENT: 2,
        GapKind.SUPERIOR_CHANGED: 1,
        GapKind.NO_PLAN: 1,
        GapKind.NO_TARGET: 1,
    }


def test_a_narrated_target_or_a_range_counts_as_a_target(world):
    from kinerja.plans.models import PlanIndicator

    PlanIndicator.objects.filter(pk=world.no_target.pk).update(target_text="Laporan tepat waktu")
    assert gaps_of(build(world), GapKind.NO_TARGET) == []
    PlanIndicator.objects.filter(pk=world.no_target.pk).update(
        target_text="", polarity="range", target_low=2, target_high=4
    )
    cascade = build(world)
    assert gaps_of(cascade, GapKind.NO_TARGET) == []
    assert node_of(cascade, world.moved_result.pk).indicators[0].target == "2,00–4,00 laporan"


def test_an_rhk_under_the_current_superior_is_no_gap(world):
    # The pegawai moves the RHK under the kepala bidang's, as the SKP page would.
    relink(world.moved_result, supports=world.chief_result)
    assert gaps_of(build(world), GapKind.SUPERIOR_CHANGED) == []


def test_a_vacant_superior_post_is_skipped_when_checking_the_superior(world):
    """With the kepala bidang gone, the kepala dinas is the pegawai's superior."""
    from kinerja.organisation.models import Assignment

    Assignment.objects.filter(employee=world.cast.penilai).update(
        end=clock.today().replace(month=1, day=1)
    )
    cascade = cascade_build(
        unit=world.dinas, year=world.cast.year, on=clock.today().replace(month=1, day=2)
    )
    moved = node_of(cascade, world.moved_result.pk)
    assert GapKind.SUPERIOR_CHANGED not in moved.gaps


def test_a_sub_unit_shows_its_staff_under_the_rhk_outside_it(world):
    cascade = build(world, world.bidang)

    assert cascade.goals == []  # Bidang SD has no Perjanjian Kinerja of its own
    outside = {n.pk: n for n in cascade.outside}
    assert world.chief_result.pk in outside
    assert outside[world.chief_result.pk].parent_text == world.jpt_result.text
    assert outside[world.chief_result.pk].parent_owner == world.cast.atasan.name
    assert [c.pk for c in outside[world.chief_result.pk].children] == [world.staff_result.pk]
    assert world.moved_result.pk in outside  # under the kepala dinas's RHK, outside the bidang
    staff = {e.pk for e in [s.employee for s in cascade.staff_without_plan]}
    assert staff == {world.newcomer.pk}
    everyone = {n.employee.pk for n, _ in cascade.rows() if isinstance(n, ResultNode)}
    assert world.cast.outsider.pk not in everyone  # Bidang SMP is not below Bidang SD
    assert world.cast.atasan.pk not in everyone


def test_only_gaps_keeps_the_path_to_each_gap_and_drops_the_rest(world):
    cascade = build(world)

    steps = [s.node for s in cascade.steps("goals", only_gaps=True) if s.node is not None]
    shown = {n.pk for n in steps if isinstance(n, ResultNode)}
    assert world.moved_result.pk in shown and world.jpt_result.pk in shown
    assert world.staff_result.pk not in shown and world.chief_result.pk not in shown
    everything = [s.node for s in cascade.steps("goals") if s.node is not None]
    assert len(everything) > len(steps)


def test_the_walk_opens_and_closes_every_nested_list(world):
    cascade = build(world)

    for section in ("goals", "outside", "orphans"):
        depth = 0
        for step in cascade.steps(section):
            if step.node is None:
                depth -= 1
            elif step.opens:
                depth += 1
            assert depth >= 0
        assert depth == 0


def test_rhks_supporting_each_other_in_a_circle_show_as_parentless(world):
    """A circle is left behind when a link made under a wrong reporting line outlives
    the correction: every link was right when it was made."""
    from kinerja.plans.models import PlannedResult

    cast = world.cast
    head, chief, staff = posts(cast)
    relink(world.jpt_result, goal=None)
    relink(world.jpt_orphan, goal=world.goal)
    # HR swaps the two posts by mistake: the kepala bidang now reports to the analyst,
    # and she hangs her RHK under his, as the SKP page lets her.
    reparent(cast, staff, head, "Penataan jabatan Bidang SD")
    reparent(cast, chief, staff, "Penataan jabatan Bidang SD")
    relink(world.chief_result, supports=world.staff_result)
    # HR puts the posts back; the links stay.
    reparent(cast, chief, head, "Koreksi: Kepala Bidang SD di bawah Kepala Dinas")
    reparent(cast, staff, chief, "Koreksi: Analis Kurikulum di bawah Kepala Bidang SD")
    # The chief's and the staff RHK now point at each other: no root reaches them.
    chief_result = PlannedResult.objects.get(pk=world.chief_result.pk)
    assert chief_result.supports_id == world.staff_result.pk
    assert world.staff_result.supports_id == world.chief_result.pk
    cascade = build(world)
    orphans = {n.pk for n in cascade.orphans}
    assert {world.chief_result.pk, world.staff_result.pk} <= orphans
    # The SQL counts find the circle too (a recursive walk down from the roots).
    assert_sql_counts_agree(world)


def queries_for(world: CascadeWorld) -> int:
    with CaptureQueriesContext(connection) as captured:
        build(world)
    return len(captured)


def test_the_number_of_queries_is_bounded_and_does_not_grow_with_the_staff(
    world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        build(world)
    before = queries_for(world)
    add_staff(world, 25)
    after = queries_for(world)
    assert after == before
    cascade = build(world)
    assert cascade.staff_count == 4 + 1 + 25  # the cast's four, the newcomer, 25 more
    chief = node_of(cascade, world.chief_result.pk)
    assert len(chief.children) == 1 + 25


# Per level: above CASCADE_FULL_DEPTH_MAX employees, one level and a row per sub-unit.


def assert_sql_counts_agree(world: CascadeWorld) -> None:
    """The SQL aggregates of the dinas and of each sub-unit equal the full-depth counts."""
    year, on = world.cast.year, clock.today()
    total, by_unit = cascade_gap_counts(unit=world.dinas, year=year, on=on)
    assert sql_counts_of(total) == counts_of(build(world, per_level=False))
    for sub in (world.bidang, world.smp):
        full = counts_of(build(world, sub, per_level=False))
        assert sql_counts_of(by_unit[sub.pk]) == full, sub.name


def test_up_to_the_threshold_the_matrix_keeps_every_level(world, monkeypatch):
    monkeypatch.setattr(cascade_module, "CASCADE_FULL_DEPTH_MAX", 5)
    cascade = build(world)
    assert not cascade.per_level and cascade.sub_units == []
    assert node_of(cascade, world.staff_result.pk).depth == 3


def test_above_the_threshold_the_unit_is_shown_per_level(world, small_threshold):
    cascade = build(world)

    assert cascade.per_level
    shown = {n.pk for n, _goal in cascade.rows() if isinstance(n, ResultNode)}
    # The kepala dinas's RHKs and, one level into Bidang SD, its head's RHK under them.
    assert shown == {world.jpt_result.pk, world.jpt_orphan.pk, world.chief_result.pk}
    chief = node_of(cascade, world.chief_result.pk)
    assert chief.drill == world.bidang and chief.children == []
    assert node_of(cascade, world.jpt_result.pk).drill is None
    assert cascade.staff_without_plan == []  # the newcomer is in Bidang SD, below this level
    rows = {row.unit.pk: row for row in cascade.sub_units}
    assert [row.unit for row in cascade.sub_units] == [world.bidang, world.smp]
    sd, smp = rows[world.bidang.pk].counts, rows[world.smp.pk].counts
    assert (sd.staff, sd.plans, sd.results, sd.indicators) == (3, 2, 3, 3)
    assert sd.gaps == {
        GapKind.GOAL_UNREACHED: 0,
        GapKind.NO_PARENT: 0,
        GapKind.NO_PLAN: 1,
        GapKind.NO_TARGET: 1,
    }
    assert smp.staff == 1 and smp.gaps[GapKind.NO_PARENT] == 1  # the outsider's RHK
    cells = dict((kind, count) for kind, _label, count in rows[world.bidang.pk].cells)
    assert cells[GapKind.SUPERIOR_CHANGED] is None  # known only when Bidang SD is opened
    # The summary covers the whole subtree; "superior changed" the rendered level only.
    summary = {kind: count for kind, _label, count in cascade.summary}
    assert summary == {
        GapKind.GOAL_UNREACHED: 1,
        GapKind.NO_PARENT: 2,
        GapKind.SUPERIOR_CHANGED: 0,
        GapKind.NO_PLAN: 1,
        GapKind.NO_TARGET: 1,
    }
    assert (cascade.staff_count, cascade.plan_count) == (5, 4)
    assert (cascade.result_count, cascade.indicator_count) == (6, 4)
    # The list of gaps holds the rendered level: the second goal and the JPT's orphan.
    assert sorted(g.kind for g in cascade.gaps) == [GapKind.GOAL_UNREACHED, GapKind.NO_PARENT]


def test_a_sub_unit_below_the_threshold_opens_at_full_depth(world, small_threshold):
    cascade = build(world, world.bidang)
    assert not cascade.per_level
    assert gaps_of(cascade, GapKind.SUPERIOR_CHANGED) == [world.moved_result.text]


def test_the_sql_counts_equal_the_full_depth_counts_below_and_above_the_threshold(
    world, monkeypatch
):
    assert_sql_counts_agree(world)
    full = {k: c for k, _l, c in build(world).summary if k != GapKind.SUPERIOR_CHANGED}
    monkeypatch.setattr(cascade_module, "CASCADE_FULL_DEPTH_MAX", 4)
    per_level = {k: c for k, _l, c in build(world).summary if k != GapKind.SUPERIOR_CHANGED}
    assert per_level == full

    # More staff, with gaps of every kind deep in Bidang SD: the numbers still agree.
    extra = add_gapped_staff(world)
    first_part_in_force = clock.today().month <= 6
    assert counts_of(build(world, per_level=False)) == {
        "staff": 10,  # the acting one once
        "plans": 8,
        "results": 10,
        "indicators": 7,
        GapKind.GOAL_UNREACHED: 1,
        GapKind.NO_PARENT: 3 + first_part_in_force,
        GapKind.NO_PLAN: 2,
        GapKind.NO_TARGET: 2,
    }
    assert_sql_counts_agree(world)
    per_level = build(world)
    assert per_level.per_level
    monkeypatch.setattr(cascade_module, "CASCADE_FULL_DEPTH_MAX", 400)
    full_depth = build(world)
    assert not full_depth.per_level
    assert counts_of(per_level) == counts_of(full_depth)
    assert per_level.staff_count == 5 + len(extra)


def test_per_level_queries_are_bounded_and_do_not_grow_with_the_staff(
    world, small_threshold, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        assert build(world).per_level
    before = queries_for(world)
    add_staff(world, 25)
    assert queries_for(world) == before
    cascade = build(world)
    assert cascade.staff_count == 30
    assert node_of(cascade, world.chief_result.pk).children == []  # the 25 stay in Bidang SD


def test_a_sub_unit_without_staff_gets_a_row_of_zeros(world, small_threshold):
    from kinerja.organisation.services import unit_create

    empty = unit_create(
        instansi=world.cast.instansi,
        code="paud",
        name="Bidang PAUD",
        kind="bidang",
        parent=world.dinas,
    )
    row = next(r for r in build(world).sub_units if r.unit == empty)
    assert row.counts.staff == 0
    assert [count for kind, _label, count in row.cells if kind != GapKind.SUPERIOR_CHANGED] == [
        0,
        0,
        0,
        0,
    ]

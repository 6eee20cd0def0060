"""The Matriks Peran Hasil: a unit's Perjanjian Kinerja goals down to every staff RHK and IKI.

For one unit and year the tree starts at each goal (sasaran) of the unit's
Perjanjian Kinerja, goes through the RHKs linked to it (the JPT's, or a unit
head's), and then through every RHK that supports those, recursively. The
staff are the employees assigned today in the unit and its sub-units.

Everything is read in a fixed number of queries (the unit's assignments, the
SKPs, RHKs and IKIs of its staff in bulk, one walk up the position tree for
the superiors) and assembled here, so a unit of a few thousand people costs
the same dozen queries as a unit of three. Nothing outside the unit's subtree
is read, except the RHKs and goals that the unit's own RHKs hang under.

The gaps (celah) a planner must fix are marked on the tree and listed:
goals nobody works toward, RHKs with no parent, RHKs hung under someone who is
no longer the superior, staff with no SKP for the year, IKIs with no target.

A big unit is shown per level (per tingkat). Above CASCADE_FULL_DEPTH_MAX
employees in the subtree (one COUNT query decides), the tree holds only the
unit's own staff and the heads of its direct sub-units (whose RHKs hang under
the unit's); every direct sub-unit gets one summary row with a link to its own
matrix. The gap counts of the whole subtree and of each sub-unit are then
aggregated in one SQL query (cascade_gap_counts), never by loading the subtree:
every kind of gap except "superior changed", which needs the reporting line
walk and is counted on the rendered level only.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Q, QuerySet, TextChoices
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.agreements.models import AgreementGoal, AgreementIndicator, PerformanceAgreement
from kinerja.core.explanations import format_number
from kinerja.cycles.models import AppraisalYear
from kinerja.organisation.access import Viewer
from kinerja.organisation.models import Assignment, Employee, Position, PositionKind, Unit
from kinerja.plans.models import PerformancePlan, PlanIndicator, PlannedResult


class GapKind(TextChoices):
    """What is missing in the cascade, in the order a planner fixes it."""

    GOAL_UNREACHED = "goal_unreached", gettext_lazy("Sasaran tanpa RHK")
    NO_PARENT = "no_parent", gettext_lazy("RHK tanpa induk")
    SUPERIOR_CHANGED = "superior_changed", gettext_lazy("Atasan sudah berganti")
    NO_PLAN = "no_plan", gettext_lazy("Pegawai tanpa SKP")
    NO_TARGET = "no_target", gettext_lazy("IKI tanpa target")


# Up to this many employees in the unit's subtree the matrix shows every level; above it,
# one level with a summary row per direct sub-unit (a leader drills down level by level).
CASCADE_FULL_DEPTH_MAX = 400

# The tree walks below are recursive CTEs from one node, as in organisation/tree.py:
# django-tree-queries would build its CTE over every unit of every instansi first.


def unit_subtree(unit_ids: Iterable[int]) -> RawSQL:
    """A subquery of the units `unit_ids` and every unit below them, for `__in`."""
    ids = sorted(set(unit_ids)) or [0]
    placeholders = ", ".join(["%s"] * len(ids))
    table = connection.ops.quote_name(Unit._meta.db_table)
    sql = (
        f"WITH RECURSIVE down(id) AS ("  # noqa: S608 (placeholders and the quoted table only)
        f"SELECT id FROM {table} WHERE id IN ({placeholders}) "
        f"UNION SELECT u.id FROM {table} u JOIN down ON u.parent_id = down.id"
        f") SELECT id FROM down"
    )
    return RawSQL(sql, ids)  # noqa: S611


def penilai_holders(
    holders: dict[int, set[int]], position_ids: Iterable[int], *, on: dt.date
) -> dict[int, frozenset[int]]:
    """For each position, the ids of the employees holding its penilai's position on `on`.

    The penilai's position is the nearest position above that someone holds, as
    in organisation.selectors.reporting_line (a vacant post is skipped). One
    query walks up from all the positions at once and reads who holds what on
    the way. `holders` is filled with what was read (position id to employee
    ids), so a caller can exclude an employee who also holds a post above.
    """
    ids = sorted(set(position_ids))
    if not ids:
        return {}
    positions = connection.ops.quote_name(Position._meta.db_table)
    assignments = connection.ops.quote_name(Assignment._meta.db_table)
    end = connection.ops.quote_name("end")
    placeholders = ", ".join(["%s"] * len(ids))
    sql = (
        f"WITH RECURSIVE up(id, parent_id) AS ("  # noqa: S608 (placeholders and quoted names only)
        f"SELECT id, parent_id FROM {positions} WHERE id IN ({placeholders}) "
        f"UNION SELECT p.id, p.parent_id FROM {positions} p JOIN up ON p.id = up.parent_id"
        f") SELECT up.id, up.parent_id, a.employee_id FROM up LEFT JOIN {assignments} a "
        f"ON a.position_id = up.id AND a.start <= %s AND (a.{end} IS NULL OR a.{end} >= %s)"
    )
    parent: dict[int, int | None] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, on, on])
        for position_id, parent_id, employee_id in cursor.fetchall():
            parent[position_id] = parent_id
            if employee_id is not None:
                holders.setdefault(position_id, set()).add(employee_id)
    answer: dict[int, frozenset[int]] = {}
    for position_id in ids:
        above = parent.get(position_id)
        seen = {position_id}
        while above is not None and above not in seen and not holders.get(above):
            seen.add(above)
            above = parent.get(above)
        answer[position_id] = (
            frozenset(holders.get(above, ())) if above is not None else frozenset()
        )
    return answer


def target_label(indicator: PlanIndicator) -> str:
    """The IKI's target as the pages print it: a value, a range, or the narrated expectation."""
    if indicator.target_value is not None:
        return f"{format_number(indicator.target_value)} {indicator.unit_of_measure}".strip()
    if indicator.target_low is not None and indicator.target_high is not None:
        low, high = format_number(indicator.target_low), format_number(indicator.target_high)
        return f"{low}–{high} {indicator.unit_of_measure}".strip()
    return indicator.target_text.strip()


def has_no_target(indicator: PlanIndicator) -> bool:
    """No value, no complete range and no narrated target."""
    has_range = indicator.target_low is not None and indicator.target_high is not None
    return indicator.target_value is None and not has_range and not indicator.target_text.strip()


@dataclass
class IndicatorRow:
    """One IKI as the matrix shows it."""

    pk: int
    name: str
    aspect: str
    target: str
    target_value: Decimal | None
    unit_of_measure: str
    perspective: str
    no_target: bool


@dataclass
class ResultNode:
    """One RHK in the tree, with its owner, IKIs, gaps and the RHKs that support it."""

    pk: int
    text: str
    kind: str
    employee: Employee
    position: Position
    plan_id: int
    plan_status: str
    is_jpt: bool
    indicators: list[IndicatorRow] = field(default_factory=list)
    children: list[ResultNode] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    # What it hangs under, for the export and for the RHKs anchored outside the unit.
    parent_text: str = ""
    parent_owner: str = ""
    depth: int = 0
    gap_below: bool = False
    # Per level: the sub-unit whose matrix shows the RHKs below this one (a sub-unit head's).
    drill: Unit | None = None

    is_goal = False

    @property
    def anchor(self) -> str:
        return f"rhk-{self.pk}"

    @property
    def has_gap(self) -> bool:
        return bool(self.gaps) or any(i.no_target for i in self.indicators)


@dataclass
class GoalNode:
    """A goal (sasaran) of the unit's Perjanjian Kinerja, at the root of the tree."""

    pk: int
    text: str
    indicators: list[AgreementIndicator]
    children: list[ResultNode] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    depth: int = 0
    gap_below: bool = False

    is_goal = True

    @property
    def anchor(self) -> str:
        return f"sasaran-{self.pk}"

    @property
    def has_gap(self) -> bool:
        return bool(self.gaps)


@dataclass(frozen=True)
class Gap:
    """One gap in the list: its kind, what it is about, and where it sits in the tree."""

    kind: str
    subject: str
    employee: Employee | None
    anchor: str

    @property
    def label(self) -> str:
        return str(GapKind(self.kind).label)


@dataclass(frozen=True)
class StaffWithoutPlan:
    employee: Employee
    position: Position

    @property
    def anchor(self) -> str:
        return f"pegawai-{self.employee.pk}"


@dataclass(frozen=True)
class TreeStep:
    """One step of a depth-first walk: a node (opening a nested list if it has
    visible children), or None, which closes the list the last open node began."""

    node: GoalNode | ResultNode | None
    depth: int
    opens: bool = False


@dataclass(frozen=True)
class GapCounts:
    """What a (sub)tree holds and lacks, counted in SQL. `gaps` has every GapKind but
    SUPERIOR_CHANGED, which is known on the rendered level only."""

    staff: int = 0
    plans: int = 0
    results: int = 0
    indicators: int = 0
    gaps: dict[str, int] = field(default_factory=dict)

    @property
    def gap_count(self) -> int:
        return sum(self.gaps.values())


@dataclass(frozen=True)
class SubUnitRow:
    """A direct sub-unit on a matrix shown per level: its size and gaps, and a link down."""

    unit: Unit
    counts: GapCounts

    @property
    def cells(self) -> list[tuple[str, str, int | None]]:
        """(kind, label, count) in GapKind order; None where the count is not known here."""
        return [(kind, str(label), self.counts.gaps.get(kind)) for kind, label in GapKind.choices]


@dataclass
class Cascade:
    """The Matriks Peran Hasil of one unit and year, with its gaps.

    Shown per level (`per_level`), the tree and `gaps` cover the rendered level only,
    while `totals` (and so `summary` and the counts) cover the whole subtree.
    """

    unit: Unit
    year: AppraisalYear
    on: dt.date
    agreement: PerformanceAgreement | None
    goals: list[GoalNode]
    # RHKs whose parent (an RHK or a goal) lies outside the unit: the unit head's, typically.
    outside: list[ResultNode]
    orphans: list[ResultNode]
    staff_without_plan: list[StaffWithoutPlan]
    gaps: list[Gap]
    staff_count: int
    plan_count: int
    result_count: int
    indicator_count: int
    per_level: bool = False
    sub_units: list[SubUnitRow] = field(default_factory=list)
    totals: GapCounts | None = None

    @property
    def summary(self) -> list[tuple[str, str, int]]:
        """(kind, label, count) for every kind of gap, zero included: of the whole subtree,
        except SUPERIOR_CHANGED on a matrix shown per level (the rendered level's)."""
        counts: dict[str, int] = defaultdict(int)
        for gap in self.gaps:
            counts[gap.kind] += 1
        if self.totals is not None:
            counts.update(self.totals.gaps)
        return [(kind, str(label), counts[kind]) for kind, label in GapKind.choices]

    @property
    def gap_count(self) -> int:
        return sum(count for _kind, _label, count in self.summary)

    def steps(self, section: str, *, only_gaps: bool = False) -> list[TreeStep]:
        """The depth-first walk of one section ("goals", "outside", "orphans")."""
        roots: Sequence[GoalNode | ResultNode] = getattr(self, section)
        return list(_walk(roots, 0, only_gaps))

    def rows(self) -> Iterator[tuple[GoalNode | ResultNode, GoalNode | None]]:
        """Every node in tree order with the goal it descends from (None outside the goals)."""
        for goal in self.goals:
            yield goal, goal
            for step in _walk(goal.children, 1, False):
                if step.node is not None:
                    yield step.node, goal
        for section in (self.outside, self.orphans):
            for step in _walk(section, 0, False):
                if step.node is not None:
                    yield step.node, None


def _visible(node: GoalNode | ResultNode, only_gaps: bool) -> bool:
    return not only_gaps or node.has_gap or node.gap_below


def _walk(
    nodes: Sequence[GoalNode | ResultNode], depth: int, only_gaps: bool
) -> Iterator[TreeStep]:
    for node in nodes:
        if not _visible(node, only_gaps):
            continue
        children = [c for c in node.children if _visible(c, only_gaps)]
        yield TreeStep(node, depth, opens=bool(children))
        if children:
            yield from _walk(children, depth + 1, only_gaps)
            yield TreeStep(None, depth)


def _mark_gaps_below(node: GoalNode | ResultNode) -> bool:
    """Set gap_below on `node` and its subtree; True when the subtree has a gap."""
    below = False
    for child in node.children:
        below = _mark_gaps_below(child) or below
    node.gap_below = below
    return below or node.has_gap


def _full_scope(unit: Unit) -> Q:
    """Assignments to posts anywhere in the unit's subtree."""
    return Q(position__unit__in=unit_subtree([unit.pk]))


def _level_scope(unit: Unit) -> Q:
    """Assignments to the unit's own posts and to the heads of its direct sub-units (a post
    heading its unit, or one reporting to a post of this unit)."""
    heads = Q(position__heads_unit=True) | Q(position__parent__unit=unit)
    return Q(position__unit=unit) | (Q(position__unit__parent=unit) & heads)


def cascade_staff_count(unit: Unit, on: dt.date) -> int:
    """How many employees are assigned on `on` in the unit's subtree: one COUNT query."""
    return (
        Assignment.objects.filter(Assignment.active_on(on), _full_scope(unit))
        .values("employee_id")
        .distinct()
        .count()
    )


def _current_assignments(scope: Q, on: dt.date) -> dict[int, Assignment]:
    """Each employee assigned on `on` within `scope`, with one assignment
    (a definitive one wins over an acting one, as in reporting_line)."""
    chosen: dict[int, Assignment] = {}
    for assignment in (
        Assignment.objects.filter(Assignment.active_on(on), scope)
        .select_related("employee", "position__unit")
        .order_by("kind", "start")  # later rows (definitive, newer) overwrite earlier ones
    ):
        chosen[assignment.employee_id] = assignment
    return chosen


def _plans_in_force(scope: Q, year: AppraisalYear, on: dt.date) -> dict[int, PerformancePlan]:
    """Each staff member's SKP of the year: the one running on `on`, else the latest."""
    staff = Assignment.objects.filter(Assignment.active_on(on), scope).values("employee_id")
    chosen: dict[int, PerformancePlan] = {}
    for plan in (
        PerformancePlan.objects.filter(year=year, employee__in=staff)
        .select_related("position__unit")
        .order_by("start", "pk")
    ):
        current = chosen.get(plan.employee_id)
        if current is None or not (current.start <= on <= current.end):
            chosen[plan.employee_id] = plan
    return chosen


def cascade_build(
    *, unit: Unit, year: AppraisalYear, on: dt.date, per_level: bool | None = None
) -> Cascade:
    """The Matriks Peran Hasil of `unit` for `year`, its staff taken as assigned on `on`.

    Full depth when the subtree has at most CASCADE_FULL_DEPTH_MAX employees, else per
    level; `per_level` forces one or the other (None: decided by the count).
    """
    if per_level is None:
        per_level = cascade_staff_count(unit, on) > CASCADE_FULL_DEPTH_MAX
    if not per_level:
        return _build_tree(unit=unit, year=year, on=on, scope=_full_scope(unit))
    cascade = _build_tree(unit=unit, year=year, on=on, scope=_level_scope(unit))
    totals, by_unit = cascade_gap_counts(unit=unit, year=year, on=on)
    superior_changed = sum(1 for g in cascade.gaps if g.kind == GapKind.SUPERIOR_CHANGED)
    cascade.per_level = True
    cascade.totals = GapCounts(
        staff=totals.staff,
        plans=totals.plans,
        results=totals.results,
        indicators=totals.indicators,
        gaps={**totals.gaps, GapKind.SUPERIOR_CHANGED: superior_changed},
    )
    cascade.staff_count, cascade.plan_count = totals.staff, totals.plans
    cascade.result_count, cascade.indicator_count = totals.results, totals.indicators
    children = list(Unit.objects.filter(parent=unit).order_by("name", "pk"))
    empty = _counts({}, goals=0)  # a sub-unit nobody works in yet
    cascade.sub_units = [SubUnitRow(c, by_unit.get(c.pk, empty)) for c in children]
    child_of = {c.pk: c for c in children}
    for node, _goal in cascade.rows():
        if isinstance(node, ResultNode):
            node.drill = child_of.get(node.position.unit_id)
    return cascade


def _build_tree(*, unit: Unit, year: AppraisalYear, on: dt.date, scope: Q) -> Cascade:
    """The tree of the staff in `scope`: the whole subtree, or one level of it."""
    assignments = _current_assignments(scope, on)
    plans = _plans_in_force(scope, year, on)
    agreement = (
        PerformanceAgreement.objects.filter(unit=unit, year=year).select_related("position").first()
    )
    goal_rows: list[AgreementGoal] = (
        list(agreement.goals.prefetch_related("indicators")) if agreement else []
    )
    plan_ids = [p.pk for p in plans.values()]
    results = list(PlannedResult.objects.filter(plan_id__in=plan_ids))
    indicators_of: dict[int, list[PlanIndicator]] = defaultdict(list)
    for indicator in PlanIndicator.objects.filter(result__plan_id__in=plan_ids):
        indicators_of[indicator.result_id].append(indicator)

    plan_by_id = {p.pk: p for p in plans.values()}
    employee_of = {e_id: a.employee for e_id, a in assignments.items()}
    goals = {g.pk: GoalNode(g.pk, g.text, list(g.indicators.all())) for g in goal_rows}

    nodes: dict[int, ResultNode] = {}
    for result in results:
        plan = plan_by_id[result.plan_id]
        nodes[result.pk] = ResultNode(
            pk=result.pk,
            text=result.text,
            kind=result.get_kind_display(),
            employee=employee_of[plan.employee_id],
            position=plan.position,
            plan_id=plan.pk,
            plan_status=plan.get_status_display(),
            is_jpt=plan.position.kind == PositionKind.JPT,
            indicators=[
                IndicatorRow(
                    pk=i.pk,
                    name=i.name,
                    aspect=i.get_aspect_display(),
                    target=target_label(i),
                    target_value=i.target_value,
                    unit_of_measure=i.unit_of_measure,
                    perspective=i.get_perspective_display() if i.perspective else "",
                    no_target=has_no_target(i),
                )
                for i in indicators_of[result.pk]
            ],
        )

    # The parents outside the unit (the superior's RHK, another unit's goal), read once.
    outside_rhk_ids = {
        r.supports_id for r in results if r.supports_id and r.supports_id not in nodes
    }
    outside_rhks = (
        PlannedResult.objects.select_related("plan__employee").in_bulk(outside_rhk_ids)
        if outside_rhk_ids
        else {}
    )
    outside_goal_ids = {r.goal_id for r in results if r.goal_id and r.goal_id not in goals}
    outside_goals = (
        AgreementGoal.objects.select_related("agreement__unit").in_bulk(outside_goal_ids)
        if outside_goal_ids
        else {}
    )
    owner_of_rhk = {r.pk: plan_by_id[r.plan_id].employee_id for r in results}
    owner_of_rhk.update({pk: r.plan.employee_id for pk, r in outside_rhks.items()})

    # Who is each owner's superior now: one walk up the position tree for all of them.
    holders: dict[int, set[int]] = {}
    position_of = {e_id: a.position_id for e_id, a in assignments.items()}
    superiors = penilai_holders(holders, position_of.values(), on=on)

    outside: list[ResultNode] = []
    orphans: list[ResultNode] = []
    gaps: list[Gap] = []
    ordered = sorted(
        results,
        key=lambda r: (
            nodes[r.pk].position.name,
            nodes[r.pk].employee.name,
            r.kind,
            r.order,
            r.pk,
        ),
    )
    for result in ordered:
        node = nodes[result.pk]
        owner = plan_by_id[result.plan_id].employee_id
        if node.is_jpt:
            parent_rhk_id, parent_goal_id = None, result.goal_id
        else:
            parent_rhk_id = result.supports_id
            parent_goal_id = None if parent_rhk_id else result.goal_id
        if parent_goal_id in goals:
            goal = goals[parent_goal_id]
            goal.children.append(node)
            node.parent_text = goal.text
        elif parent_rhk_id in nodes:
            parent = nodes[parent_rhk_id]
            parent.children.append(node)
            node.parent_text, node.parent_owner = parent.text, parent.employee.name
        elif parent_rhk_id in outside_rhks:
            parent_rhk = outside_rhks[parent_rhk_id]
            node.parent_text = parent_rhk.text
            node.parent_owner = parent_rhk.plan.employee.name
            outside.append(node)
        elif parent_goal_id in outside_goals:
            parent_goal = outside_goals[parent_goal_id]
            node.parent_text = parent_goal.text
            node.parent_owner = _("Perjanjian Kinerja %(unit)s") % {
                "unit": parent_goal.agreement.unit.name
            }
            outside.append(node)
        else:
            node.gaps.append(GapKind.NO_PARENT)
            orphans.append(node)
        if parent_rhk_id is not None and parent_rhk_id in owner_of_rhk:
            superior_now = superiors.get(position_of.get(owner, 0), frozenset()) - {owner}
            if owner_of_rhk[parent_rhk_id] not in superior_now:
                node.gaps.append(GapKind.SUPERIOR_CHANGED)

    # A cycle of RHKs supporting each other is reachable from no root: show it as parentless.
    reached: set[int] = set()

    def reach(node: GoalNode | ResultNode, depth: int) -> None:
        node.depth = depth
        if isinstance(node, ResultNode):
            reached.add(node.pk)
        node.children = [c for c in node.children if c.pk not in reached]
        for child in node.children:
            reach(child, depth + 1)

    starts: list[GoalNode | ResultNode] = [*goals.values(), *outside, *orphans]
    for start in starts:
        reach(start, 0)
    for unreached in nodes.values():
        if unreached.pk not in reached:
            unreached.gaps.append(GapKind.NO_PARENT)
            unreached.children = []
            orphans.append(unreached)
            reached.add(unreached.pk)

    goal_list = list(goals.values())
    roots: list[GoalNode | ResultNode] = [*goal_list, *outside, *orphans]
    for goal in goal_list:
        if not goal.children:
            goal.gaps.append(GapKind.GOAL_UNREACHED)
            gaps.append(Gap(GapKind.GOAL_UNREACHED, goal.text, None, goal.anchor))
    for root in roots:
        _mark_gaps_below(root)

    for node in _tree_order(goal_list, outside, orphans):
        for kind in node.gaps:
            gaps.append(Gap(kind, node.text, node.employee, node.anchor))
        for row in node.indicators:
            if row.no_target:
                subject = f"{row.name} ({node.text})"
                gaps.append(Gap(GapKind.NO_TARGET, subject, node.employee, node.anchor))

    without_plan = sorted(
        (
            StaffWithoutPlan(a.employee, a.position)
            for e_id, a in assignments.items()
            if e_id not in plans
        ),
        key=lambda s: (s.position.unit.name, s.employee.name),
    )
    for staff in without_plan:
        gaps.append(Gap(GapKind.NO_PLAN, staff.position.name, staff.employee, staff.anchor))
    gaps.sort(key=lambda g: GapKind.values.index(g.kind))

    return Cascade(
        unit=unit,
        year=year,
        on=on,
        agreement=agreement,
        goals=goal_list,
        outside=outside,
        orphans=orphans,
        staff_without_plan=without_plan,
        gaps=gaps,
        staff_count=len(assignments),
        plan_count=len(plans),
        result_count=len(results),
        indicator_count=sum(len(v) for v in indicators_of.values()),
    )


def _tree_order(
    goals: list[GoalNode], outside: list[ResultNode], orphans: list[ResultNode]
) -> Iterator[ResultNode]:
    for step in _walk([*goals, *outside, *orphans], 0, False):
        if isinstance(step.node, ResultNode):
            yield step.node


def _gap_counts_sql() -> str:
    q = connection.ops.quote_name
    units, positions = q(Unit._meta.db_table), q(Position._meta.db_table)
    assignments, plans = q(Assignment._meta.db_table), q(PerformancePlan._meta.db_table)
    results, indicators = q(PlannedResult._meta.db_table), q(PlanIndicator._meta.db_table)
    goals, agreements = q(AgreementGoal._meta.db_table), q(PerformanceAgreement._meta.db_table)
    end = q("end")
    in_force = f"pl.start <= %s AND pl.{end} >= %s"
    # The same choices as _build_tree, in SQL: one assignment per employee (definitive over
    # acting, then the newest), one SKP per employee (the first running on the day, else
    # the latest), an RHK's parent (a JPT's: its goal; anyone else's: the RHK it supports,
    # else its goal), and the RHKs no root reaches (a circle of RHKs) as parentless.
    # Each employee counts in the branch of the post chosen for them: the unit itself or
    # the direct sub-unit it lies under.
    return f"""
WITH RECURSIVE branch(id, branch) AS (
    SELECT id, id FROM {units} WHERE id = %s
    UNION
    SELECT u.id, CASE WHEN b.id = %s THEN u.id ELSE b.branch END
    FROM {units} u JOIN branch b ON u.parent_id = b.id
),
staff AS (
    SELECT employee_id, branch FROM (
        SELECT a.employee_id, b.branch, ROW_NUMBER() OVER (
            PARTITION BY a.employee_id ORDER BY a.kind DESC, a.start DESC, a.id DESC
        ) AS n
        FROM {assignments} a
        JOIN {positions} p ON p.id = a.position_id
        JOIN branch b ON b.id = p.unit_id
        WHERE a.start <= %s AND (a.{end} IS NULL OR a.{end} >= %s)
    ) chosen WHERE n = 1
),
plan AS (
    SELECT id, branch, position_kind FROM (
        SELECT pl.id, s.branch, pos.kind AS position_kind, ROW_NUMBER() OVER (
            PARTITION BY pl.employee_id ORDER BY
                CASE WHEN {in_force} THEN 0 ELSE 1 END,
                CASE WHEN {in_force} THEN pl.start END,
                CASE WHEN {in_force} THEN pl.id END,
                pl.start DESC, pl.id DESC
        ) AS n
        FROM {plans} pl
        JOIN staff s ON s.employee_id = pl.employee_id
        JOIN {positions} pos ON pos.id = pl.position_id
        WHERE pl.year_id = %s
    ) chosen WHERE n = 1
),
planned AS (
    SELECT pl.employee_id FROM {plans} pl JOIN staff s ON s.employee_id = pl.employee_id
    WHERE pl.year_id = %s
),
rhk AS (
    SELECT r.id, p.branch,
        CASE WHEN p.position_kind = %s THEN NULL ELSE r.supports_id END AS up_rhk,
        CASE WHEN p.position_kind = %s OR r.supports_id IS NULL THEN r.goal_id END AS up_goal
    FROM {results} r JOIN plan p ON p.id = r.plan_id
),
reached(id) AS (
    SELECT id FROM rhk WHERE up_rhk IS NULL OR up_rhk NOT IN (SELECT id FROM rhk)
    UNION
    SELECT rhk.id FROM rhk JOIN reached ON rhk.up_rhk = reached.id
),
iki AS (
    SELECT r.branch,
        CASE WHEN i.target_value IS NULL AND (i.target_low IS NULL OR i.target_high IS NULL)
            AND TRIM(i.target_text) = '' THEN 1 ELSE 0 END AS missing
    FROM {indicators} i JOIN rhk r ON r.id = i.result_id
),
goal AS (
    SELECT g.id, a.unit_id FROM {goals} g JOIN {agreements} a ON a.id = g.agreement_id
    WHERE a.year_id = %s AND a.unit_id IN (SELECT id FROM branch WHERE id = branch)
)
SELECT 'staff', branch, COUNT(*) FROM staff GROUP BY branch
UNION ALL SELECT 'no_plan', branch, COUNT(*) FROM staff
    WHERE employee_id NOT IN (SELECT employee_id FROM planned) GROUP BY branch
UNION ALL SELECT 'plans', branch, COUNT(*) FROM plan GROUP BY branch
UNION ALL SELECT 'results', branch, COUNT(*) FROM rhk GROUP BY branch
UNION ALL SELECT 'no_parent', branch, COUNT(*) FROM rhk
    WHERE (up_rhk IS NULL AND up_goal IS NULL) OR id NOT IN (SELECT id FROM reached)
    GROUP BY branch
UNION ALL SELECT 'indicators', branch, COUNT(*) FROM iki GROUP BY branch
UNION ALL SELECT 'no_target', branch, SUM(missing) FROM iki GROUP BY branch
UNION ALL SELECT 'goal_unreached', g.unit_id, COUNT(*) FROM goal g
    WHERE NOT EXISTS (
        SELECT 1 FROM rhk WHERE rhk.up_goal = g.id AND (g.unit_id = %s OR rhk.branch = g.unit_id)
    )
    GROUP BY g.unit_id
"""  # noqa: S608 (placeholders and quoted names only)


def _counts(values: dict[str, int], *, goals: int) -> GapCounts:
    return GapCounts(
        staff=values.get("staff", 0),
        plans=values.get("plans", 0),
        results=values.get("results", 0),
        indicators=values.get("indicators", 0),
        gaps={
            GapKind.GOAL_UNREACHED: goals,
            GapKind.NO_PARENT: values.get("no_parent", 0),
            GapKind.NO_PLAN: values.get("no_plan", 0),
            GapKind.NO_TARGET: values.get("no_target", 0),
        },
    )


def cascade_gap_counts(
    *, unit: Unit, year: AppraisalYear, on: dt.date
) -> tuple[GapCounts, dict[int, GapCounts]]:
    """The sizes and gaps of `unit`'s whole subtree, and of each direct sub-unit's, in one
    SQL query that aggregates in the database: nothing of the subtree is loaded.

    The total's "goals without an RHK" are the unit's own Perjanjian Kinerja goals, reached
    by an RHK anywhere below; a sub-unit's are its own goals, reached from within it, as
    its own matrix counts them. "Superior changed" is not counted here.
    """
    params = [
        unit.pk,
        unit.pk,
        on,
        on,
        *[on] * 6,
        year.pk,
        year.pk,
        PositionKind.JPT.value,
        PositionKind.JPT.value,
        year.pk,
        unit.pk,
    ]
    raw: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with connection.cursor() as cursor:
        cursor.execute(_gap_counts_sql(), params)
        for what, branch, count in cursor.fetchall():
            raw[branch][what] = int(count or 0)

    summed: dict[str, int] = defaultdict(int)
    for values in raw.values():
        for what, count in values.items():
            summed[what] += count
    total = _counts(summed, goals=raw[unit.pk]["goal_unreached"])
    by_unit = {
        branch: _counts(values, goals=values["goal_unreached"])
        for branch, values in raw.items()
        if branch != unit.pk
    }
    return total, by_unit


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cascade_xlsx(cascade: Cascade) -> bytes:
    """The matrix as a workbook: one row per goal, RHK and IKI; a second sheet of gaps.

    The workbook holds what the page holds: every level up to CASCADE_FULL_DEPTH_MAX
    employees; above it the rendered level, and a third sheet with one row per direct
    sub-unit (its size and gap counts), so the file stays as bounded as the page.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Matriks Peran Hasil")[:31]
    headers = [
        _("Tingkat"),
        _("Sasaran Perjanjian Kinerja"),
        _("Pegawai"),
        _("NIP"),
        _("Jabatan"),
        _("Unit kerja"),
        _("Induk (RHK atasan / sasaran)"),
        _("RHK"),
        _("Jenis RHK"),
        _("IKI"),
        _("Aspek"),
        _("Target"),
        _("Satuan"),
        _("Perspektif"),
        _("Celah"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for node, goal in cascade.rows():
        goal_text = goal.text if goal else ""
        if isinstance(node, GoalNode):
            goal_flags = ", ".join(str(GapKind(k).label) for k in node.gaps)
            sheet.append([0, node.text, *[""] * 12, goal_flags])
            continue
        level = node.depth if goal else node.depth + 1
        base = [
            level,
            goal_text,
            node.employee.name,
            node.employee.nip,
            node.position.name,
            node.position.unit.name,
            node.parent_text,
            node.text,
            node.kind,
        ]
        rhk_flags = [str(GapKind(k).label) for k in node.gaps]
        if not node.indicators:
            sheet.append([*base, "", "", "", "", "", ", ".join(rhk_flags)])
        for iki in node.indicators:
            flags = [*rhk_flags, str(GapKind.NO_TARGET.label)] if iki.no_target else rhk_flags
            target: Decimal | str = iki.target_value if iki.target_value is not None else iki.target
            sheet.append(
                [
                    *base,
                    iki.name,
                    iki.aspect,
                    target,
                    iki.unit_of_measure,
                    iki.perspective,
                    ", ".join(flags),
                ]
            )
    widths = [8, 40, 28, 20, 28, 28, 40, 48, 10, 40, 12, 16, 12, 18, 30]
    for column, width in zip("ABCDEFGHIJKLMNO", widths, strict=True):
        sheet.column_dimensions[column].width = width

    gaps = book.create_sheet(_("Celah")[:31])
    gaps.append([_("Jenis celah"), _("Pegawai"), _("NIP"), _("Uraian")])
    for cell in gaps[1]:
        cell.font = Font(bold=True)
    for gap in cascade.gaps:
        employee = gap.employee
        gaps.append(
            [
                gap.label,
                employee.name if employee else "",
                employee.nip if employee else "",
                gap.subject,
            ]
        )
    for column, width in zip("ABCD", [24, 28, 20, 80], strict=True):
        gaps.column_dimensions[column].width = width

    if cascade.per_level:
        # Shown per level, the two sheets hold the rendered level; this one each sub-unit.
        subs = book.create_sheet(_("Sub-unit")[:31])
        subs.append(
            [
                _("Sub-unit"),
                _("Kode"),
                _("Pegawai"),
                _("SKP"),
                _("RHK"),
                _("IKI"),
                *[str(label) for _kind, label in GapKind.choices],
            ]
        )
        for cell in subs[1]:
            cell.font = Font(bold=True)
        for row in cascade.sub_units:
            counts = row.counts
            subs.append(
                [
                    row.unit.name,
                    row.unit.code,
                    counts.staff,
                    counts.plans,
                    counts.results,
                    counts.indicators,
                    *["–" if count is None else count for _kind, _label, count in row.cells],
                ]
            )
        for column, width in zip("ABCDEFGHIJK", [40, 16, *[12] * 4, *[20] * 5], strict=True):
            subs.column_dimensions[column].width = width

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Who may open the matrix of which unit. HR and auditors read every unit of their
# instansi; a leader (the penilai of someone) the units of the posts they hold and
# below; anyone else is refused outright.


def cascade_allowed(viewer: Viewer) -> bool:
    """Whether `viewer` may use the Matriks Peran Hasil at all (else 403)."""
    return viewer.is_superuser or bool(viewer.office_instansi_ids) or viewer.leads_staff


def cascade_unit_list(viewer: Viewer) -> QuerySet[Unit]:
    """The units whose matrix `viewer` may open."""
    units: QuerySet[Unit] = Unit.objects.all()
    if viewer.is_superuser:
        return units
    condition = Q(instansi_id__in=viewer.office_instansi_ids)
    if viewer.position_ids and viewer.leads_staff:
        held = Position.objects.filter(pk__in=viewer.position_ids).values_list("unit_id", flat=True)
        condition |= Q(pk__in=unit_subtree(list(held)))
    return units.filter(condition)


def cascade_unit_get(viewer: Viewer, pk: int) -> Unit:
    """The unit `pk` if `viewer` may open its matrix, else 404 (hidden and absent look alike)."""
    unit = cascade_unit_list(viewer).filter(pk=pk).select_related("instansi").first()
    if unit is None:
        raise Http404
    return unit

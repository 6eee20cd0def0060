"""SKP templates per position: RHKs and IKIs with default targets, applied to every holder.

A template belongs to one position. Applying it gives each current holder of
the position a draft SKP for the year (or extends the draft they have) with the
template's RHKs and IKIs, in a fixed number of queries however many holders
there are: 70 teachers get their IKIs in one action. The copies are ordinary
PlannedResult and PlanIndicator rows, so each holder's targets stay adjustable.
An applied RHK remembers its template RHK (PlannedResult.template_result), which
makes applying again add only what is missing.

Who manages a position's templates: the HR admins of its instansi, and the
penilai of the position (the holder of a position it reports to); auditors of
the instansi may read them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.cycles.models import AppraisalYear
from kinerja.indicators.models import Indicator
from kinerja.organisation import tree
from kinerja.organisation.access import Viewer, today
from kinerja.organisation.models import Assignment, Employee, Position
from kinerja.plans.models import (
    BehaviourExpectation,
    CoreValue,
    PerformancePlan,
    PlanEvent,
    PlanIndicator,
    PlannedResult,
    PlanTemplate,
    TemplateIndicator,
    TemplateResult,
)
from kinerja.plans.permissions import plan_list_visible
from kinerja.plans.services import PlanLocked, plan_ensure_editable

WEIGHT_TOTAL = Decimal(100)

# --- who may do what ---------------------------------------------------------------


def position_list_manageable(viewer: Viewer) -> QuerySet[Position]:
    """Positions whose templates `viewer` may write: HR's instansi, or those reporting to them."""
    positions: QuerySet[Position] = Position.objects.all()
    if viewer.is_superuser:
        return positions
    condition = Q(instansi_id__in=viewer.hr_instansi_ids)
    if viewer.position_ids:
        condition |= Q(pk__in=tree.reporting_to(viewer.position_ids, on=today()))
    return positions.filter(condition)


def template_list_visible(viewer: Viewer) -> QuerySet[PlanTemplate]:
    """Templates `viewer` may read: those they manage, and every one of an auditor's instansi."""
    if viewer.is_superuser:
        return PlanTemplate.objects.all()
    return PlanTemplate.objects.filter(
        Q(position__in=position_list_manageable(viewer))
        | Q(position__instansi_id__in=viewer.auditor_instansi_ids)
    )


def template_get_visible(viewer: Viewer, pk: int) -> PlanTemplate:
    """The template `pk` if `viewer` may read it, else 404."""
    template = (
        template_list_visible(viewer)
        .filter(pk=pk)
        .select_related("position__unit", "position__instansi")
        .first()
    )
    if template is None:
        raise Http404
    return template


def may_manage_position(viewer: Viewer, position: Position) -> bool:
    return position_list_manageable(viewer).filter(pk=position.pk).exists()


def may_manage(viewer: Viewer, template: PlanTemplate) -> bool:
    """Write the template and apply it (reading alone is template_list_visible)."""
    return may_manage_position(viewer, template.position)


def may_use_templates(viewer: Viewer) -> bool:
    """Whether the Template SKP pages have anything for `viewer` (else they are refused)."""
    return bool(viewer.auditor_instansi_ids) or position_list_manageable(viewer).exists()


# --- reads -------------------------------------------------------------------------


def _holding_today() -> QuerySet[Assignment]:
    return Assignment.objects.filter(Assignment.active_on(today()))


def template_list(viewer: Viewer) -> QuerySet[PlanTemplate]:
    """The templates `viewer` may read, with their position's number of current holders."""
    holders = (
        _holding_today()
        .filter(position_id=OuterRef("position_id"))
        .order_by()
        .values("position_id")
        .annotate(n=Count("employee_id", distinct=True))
        .values("n")
    )
    return (
        template_list_visible(viewer)
        .select_related("position__unit")
        .annotate(
            holder_count=Coalesce(Subquery(holders), Value(0)),
            result_count=Count("results", distinct=True),
            indicator_count=Count("results__indicators", distinct=True),
        )
        .order_by("position__unit__name", "position__name", "name")
    )


def template_detail(template: PlanTemplate) -> list[TemplateResult]:
    """The template's RHKs (utama first) with their IKIs, in two queries."""
    return list(
        template.results.prefetch_related("indicators__indicator").order_by("kind", "order", "pk")
    )


def template_weight_total(template: PlanTemplate) -> Decimal:
    total = TemplateIndicator.objects.filter(result__template=template).values_list(
        "weight", flat=True
    )
    return sum(total, Decimal(0))


def template_holders(template: PlanTemplate) -> QuerySet[Employee]:
    """The employees who hold the template's position today."""
    return Employee.objects.filter(
        pk__in=_holding_today().filter(position_id=template.position_id).values("employee_id")
    ).order_by("name", "pk")


def template_years(template: PlanTemplate) -> QuerySet[AppraisalYear]:
    """The appraisal years of the position's instansi a template can be applied to."""
    return AppraisalYear.objects.filter(instansi_id=template.position.instansi_id).order_by("-year")


def plan_list_for_template_source(viewer: Viewer, *, year: int) -> QuerySet[PerformancePlan]:
    """SKPs of the year a new template may start from: visible, in a position `viewer` manages."""
    return (
        plan_list_visible(viewer)
        .filter(year__year=year, position__in=position_list_manageable(viewer))
        .select_related("employee", "position__unit", "year")
        .order_by("position__name", "employee__name")
    )


# --- writing templates ---------------------------------------------------------------


def _clean_text(value: str, *, field_name: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field_name: message})
    return value


def template_create(*, position: Position, name: str, actor: User | None) -> PlanTemplate:
    """Start an empty template for `position`."""
    name = _clean_text(name, field_name="name", message=_("Nama template wajib diisi."))
    if PlanTemplate.objects.filter(position=position, name__iexact=name).exists():
        raise ValidationError(
            {"name": _("Jabatan ini sudah memiliki template dengan nama tersebut.")}
        )
    template = PlanTemplate(position=position, name=name, created_by=actor)
    template.full_clean(exclude=["created_by"])
    template.save()
    return template


def template_result_add(
    *, template: PlanTemplate, text: str, kind: str = PlannedResult.Kind.UTAMA
) -> TemplateResult:
    """Add an RHK at the end of the template."""
    text = _clean_text(text, field_name="text", message=_("Rencana hasil kerja wajib diisi."))
    result = TemplateResult(template=template, text=text, kind=kind, order=template.results.count())
    result.full_clean()
    result.save()
    return result


def template_result_update(*, result: TemplateResult, text: str, kind: str) -> TemplateResult:
    """Change an RHK's wording or kind; SKPs it was applied to keep their own copy."""
    result.text = _clean_text(
        text, field_name="text", message=_("Rencana hasil kerja wajib diisi.")
    )
    result.kind = kind
    result.full_clean()
    result.save(update_fields=["text", "kind"])
    return result


def template_result_delete(*, result: TemplateResult) -> None:
    """Remove an RHK and its IKIs from the template; applied copies stay in the SKPs."""
    result.delete()


def _checked_indicator(
    *,
    template_indicator: TemplateIndicator,
    template: PlanTemplate,
    catalogue: Indicator | None,
) -> None:
    """Validate the template IKI by the rules of a real IKI, then the template's weight total."""
    if catalogue is not None and catalogue.instansi_id != template.position.instansi_id:
        raise ValidationError({"catalogue": _("Indikator katalog tidak ditemukan.")})
    # The rules for an IKI's target live on PlanIndicator; a template IKI is held to
    # exactly those, through an unsaved stand-in in a draft kuantitatif SKP of the position.
    stand_in_plan = PerformancePlan(
        position=template.position,
        approach=PerformancePlan.Approach.QUANTITATIVE,
        status=PerformancePlan.Status.DRAFT,
    )
    stand_in = PlanIndicator(
        result=PlannedResult(plan=stand_in_plan, kind=template_indicator.result.kind),
        **template_indicator.definition(),
    )
    stand_in.full_clean(exclude=["result"])
    others = TemplateIndicator.objects.filter(result__template=template).exclude(
        pk=template_indicator.pk
    )
    total = sum(others.values_list("weight", flat=True), Decimal(0)) + template_indicator.weight
    if total > WEIGHT_TOTAL:
        raise ValidationError(
            {
                "weight": _(
                    "Bobot adalah persentase: jumlah bobot IKI template menjadi %(total)s%%, "
                    "melebihi 100%%."
                )
                % {"total": f"{total:f}".rstrip("0").rstrip(".")}
            }
        )


def template_indicator_add(
    *,
    result: TemplateResult,
    name: str = "",
    catalogue: Indicator | None = None,
    target_value: Decimal | None = None,
    target_low: Decimal | None = None,
    target_high: Decimal | None = None,
    target_text: str = "",
    weight: Decimal = Decimal(1),
    aspect: str = "kuantitas",
    unit_of_measure: str = "",
    polarity: str = "",
    aggregation: str = "",
) -> TemplateIndicator:
    """Add an IKI with its default target; checked by the same rules as an SKP's IKI."""
    indicator = TemplateIndicator(result=result)
    indicator.define(
        name=name,
        catalogue=catalogue,
        target_value=target_value,
        target_low=target_low,
        target_high=target_high,
        target_text=target_text,
        weight=weight,
        aspect=aspect,
        unit_of_measure=unit_of_measure,
        polarity=polarity,
        aggregation=aggregation,
    )
    with transaction.atomic():
        _checked_indicator(
            template_indicator=indicator, template=result.template, catalogue=catalogue
        )
        indicator.save()
    return indicator


def template_indicator_update(
    *,
    indicator: TemplateIndicator,
    name: str = "",
    catalogue: Indicator | None = None,
    target_value: Decimal | None = None,
    target_low: Decimal | None = None,
    target_high: Decimal | None = None,
    target_text: str = "",
    weight: Decimal = Decimal(1),
    aspect: str = "kuantitas",
    unit_of_measure: str = "",
    polarity: str = "",
    aggregation: str = "",
) -> TemplateIndicator:
    """Change a template IKI; SKPs it was applied to keep their own (adjusted) copy."""
    template = indicator.result.template
    original = indicator.definition()
    indicator.define(
        name=name,
        catalogue=catalogue,
        target_value=target_value,
        target_low=target_low,
        target_high=target_high,
        target_text=target_text,
        weight=weight,
        aspect=aspect,
        unit_of_measure=unit_of_measure,
        polarity=polarity,
        aggregation=aggregation,
    )
    try:
        with transaction.atomic():
            _checked_indicator(template_indicator=indicator, template=template, catalogue=catalogue)
            indicator.save()
    except ValidationError:
        for name_, value in original.items():
            setattr(indicator, name_, value)
        raise
    return indicator


def template_indicator_delete(*, indicator: TemplateIndicator) -> None:
    """Remove an IKI from the template; applied copies stay in the SKPs."""
    indicator.delete()


def template_from_plan(*, plan: PerformancePlan, name: str, actor: User | None) -> PlanTemplate:
    """Start a template for the SKP's position with a copy of its RHKs and IKIs."""
    with transaction.atomic():
        template = template_create(position=plan.position, name=name, actor=actor)
        results = list(plan.results.prefetch_related("indicators").order_by("kind", "order", "pk"))
        copies = TemplateResult.objects.bulk_create(
            TemplateResult(template=template, kind=r.kind, text=r.text, order=i)
            for i, r in enumerate(results)
        )
        TemplateIndicator.objects.bulk_create(
            TemplateIndicator(result=copy, **i.definition())
            for result, copy in zip(results, copies, strict=True)
            for i in result.indicators.all()
        )
    return template


# --- applying a template ---------------------------------------------------------------


class Outcome:
    CREATE = "create"
    EXTEND = "extend"
    SKIP = "skip"


@dataclass
class HolderOutcome:
    """What applying the template does (or did) for one holder."""

    employee: Employee
    action: str
    plan: PerformancePlan | None = None
    reason: str = ""
    results_added: int = 0
    indicators_added: int = 0


@dataclass
class ApplyResult:
    """The outcome of template_apply, holder by holder."""

    template: PlanTemplate
    year: AppraisalYear
    outcomes: list[HolderOutcome] = field(default_factory=list)

    def _of(self, action: str) -> list[HolderOutcome]:
        return [o for o in self.outcomes if o.action == action]

    @property
    def created(self) -> list[HolderOutcome]:
        return self._of(Outcome.CREATE)

    @property
    def extended(self) -> list[HolderOutcome]:
        return self._of(Outcome.EXTEND)

    @property
    def changing(self) -> list[HolderOutcome]:
        """The holders whose SKP is (or would be) created or extended."""
        return [o for o in self.outcomes if o.action != Outcome.SKIP]

    @property
    def skipped(self) -> list[HolderOutcome]:
        return self._of(Outcome.SKIP)

    def skipped_reasons(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for outcome in self.skipped:
            counts[outcome.reason] += 1
        return dict(counts)


def _indicator_key(indicator_id: int | None, name: str) -> tuple[str, object]:
    """Two IKIs of one RHK are the same when they share the catalogue indicator or the name."""
    if indicator_id is not None:
        return ("catalogue", indicator_id)
    return ("name", " ".join(name.casefold().split()))


TemplateResults = list[TemplateResult]


@dataclass
class _Work:
    """The rows the apply step will insert, computed before anything is written."""

    results: TemplateResults
    outcomes: list[HolderOutcome]
    # (plan, template result) → existing RHK of that plan, and its IKI keys
    applied: dict[tuple[int, int], int]
    present: dict[int, set[tuple[str, object]]]
    next_order: dict[int, int]
    assignment_of: dict[int, Assignment]


def _prepare(template: PlanTemplate, year: AppraisalYear, employee_ids: list[int] | None) -> _Work:
    """Decide, for every current holder, what applying would do: a fixed number of queries."""
    if year.instansi_id != template.position.instansi_id:
        raise ValidationError(_("Tahun penilaian harus dari instansi jabatan template."))
    results = list(template.results.prefetch_related("indicators").order_by("kind", "order", "pk"))
    assignments = (
        _holding_today()
        .filter(position_id=template.position_id)
        .select_related("employee")
        .order_by("kind", "start")  # a definitive assignment overwrites an acting one below
    )
    if employee_ids is not None:
        assignments = assignments.filter(employee_id__in=employee_ids)
    assignment_of: dict[int, Assignment] = {}
    for assignment in assignments:
        assignment_of[assignment.employee_id] = assignment
    plans_of: dict[int, list[PerformancePlan]] = defaultdict(list)
    for plan in PerformancePlan.objects.filter(year=year, employee_id__in=list(assignment_of)):
        plans_of[plan.employee_id].append(plan)

    outcomes: list[HolderOutcome] = []
    targets: list[PerformancePlan] = []
    for assignment in sorted(
        assignment_of.values(), key=lambda a: (a.employee.name, a.employee_id)
    ):
        employee = assignment.employee
        plans = plans_of.get(employee.pk, [])
        open_here = sorted(
            (p for p in plans if not p.closed_reason and p.position_id == template.position_id),
            key=lambda p: p.start,
        )
        if not plans:
            outcomes.append(HolderOutcome(employee=employee, action=Outcome.CREATE))
            continue
        if not open_here:
            outcomes.append(
                HolderOutcome(
                    employee=employee,
                    action=Outcome.SKIP,
                    reason=_("SKP tahun ini untuk jabatan lain atau sudah ditutup"),
                )
            )
            continue
        plan = open_here[-1]
        try:
            plan_ensure_editable(plan)
        except PlanLocked:
            outcomes.append(
                HolderOutcome(
                    employee=employee,
                    action=Outcome.SKIP,
                    plan=plan,
                    reason=_("SKP terkunci (sudah diajukan atau disetujui)"),
                )
            )
            continue
        outcomes.append(HolderOutcome(employee=employee, action=Outcome.EXTEND, plan=plan))
        targets.append(plan)

    applied: dict[tuple[int, int], int] = {}
    next_order: dict[int, int] = defaultdict(int)
    for pk, plan_id, template_result_id in PlannedResult.objects.filter(
        plan__in=[p.pk for p in targets]
    ).values_list("pk", "plan_id", "template_result_id"):
        next_order[plan_id] += 1
        if template_result_id is not None:
            applied[(plan_id, template_result_id)] = pk
    present: dict[int, set[tuple[str, object]]] = defaultdict(set)
    for result_id, indicator_id, name in PlanIndicator.objects.filter(
        result_id__in=list(applied.values())
    ).values_list("result_id", "indicator_id", "name"):
        present[result_id].add(_indicator_key(indicator_id, name))

    for outcome in outcomes:
        if outcome.action == Outcome.CREATE:
            outcome.results_added = len(results)
            outcome.indicators_added = sum(len(r.indicators.all()) for r in results)
        elif outcome.action == Outcome.EXTEND:
            assert outcome.plan is not None
            for result in results:
                existing = applied.get((outcome.plan.pk, result.pk))
                if existing is None:
                    outcome.results_added += 1
                    outcome.indicators_added += len(result.indicators.all())
                else:
                    outcome.indicators_added += sum(
                        _indicator_key(i.indicator_id, i.name) not in present[existing]
                        for i in result.indicators.all()
                    )
            if not (outcome.results_added or outcome.indicators_added):
                outcome.action = Outcome.SKIP
                outcome.reason = _("SKP sudah memuat seluruh isi template")
    return _Work(results, outcomes, applied, present, next_order, assignment_of)


def template_apply_preview(
    *, template: PlanTemplate, year: AppraisalYear, employee_ids: list[int] | None = None
) -> ApplyResult:
    """What template_apply would do for each holder, without writing anything."""
    work = _prepare(template, year, employee_ids)
    return ApplyResult(template=template, year=year, outcomes=work.outcomes)


def template_apply(
    *,
    template: PlanTemplate,
    year: AppraisalYear,
    actor: User | None,
    employee_ids: list[int] | None = None,
) -> ApplyResult:
    """Give every current holder of the position (or the given ones) the template's RHKs and IKIs.

    A holder without an SKP for the year gets a draft one; a draft (or returned)
    SKP gets the RHKs and IKIs it does not have yet; a submitted or approved SKP
    is skipped with the reason, never changed. Each changed SKP records a
    TEMPLATE_APPLIED event. The number of queries does not depend on the number
    of holders.
    """
    with transaction.atomic():
        # Two people applying the same template at once must not both add the rows.
        PlanTemplate.objects.select_for_update().filter(pk=template.pk).first()
        work = _prepare(template, year, employee_ids)
        jan1, dec31 = dt.date(year.year, 1, 1), dt.date(year.year, 12, 31)
        creating = [o for o in work.outcomes if o.action == Outcome.CREATE]
        new_plans = PerformancePlan.objects.bulk_create(
            PerformancePlan(
                employee=o.employee,
                position=template.position,
                year=year,
                start=max(jan1, work.assignment_of[o.employee.pk].start),
                end=min(dec31, work.assignment_of[o.employee.pk].end or dec31),
                approach=PerformancePlan.Approach.QUANTITATIVE,
                status=PerformancePlan.Status.DRAFT,
            )
            for o in creating
        )
        for outcome, plan in zip(creating, new_plans, strict=True):
            outcome.plan = plan
        BehaviourExpectation.objects.bulk_create(
            BehaviourExpectation(plan=plan, value=value, expectation="")
            for plan in new_plans
            for value in CoreValue.values
        )

        changing = [o for o in work.outcomes if o.action in (Outcome.CREATE, Outcome.EXTEND)]
        new_results: list[PlannedResult] = []
        # For each template RHK, the plan RHK (new or already applied) that gets its missing IKIs.
        destinations: list[tuple[TemplateResult, PlannedResult | int]] = []
        for outcome in changing:
            assert outcome.plan is not None
            plan_id = outcome.plan.pk
            for result in work.results:
                existing = work.applied.get((plan_id, result.pk))
                if existing is not None:
                    destinations.append((result, existing))
                    continue
                row = PlannedResult(
                    plan_id=plan_id,
                    template_result=result,
                    kind=result.kind,
                    text=result.text,
                    order=work.next_order[plan_id],
                )
                work.next_order[plan_id] += 1
                new_results.append(row)
                destinations.append((result, row))
        PlannedResult.objects.bulk_create(new_results)

        new_indicators = []
        for result, destination in destinations:
            if isinstance(destination, PlannedResult):
                result_id, present = destination.pk, set()
            else:
                result_id, present = destination, work.present[destination]
            for indicator in result.indicators.all():
                if _indicator_key(indicator.indicator_id, indicator.name) in present:
                    continue
                new_indicators.append(PlanIndicator(result_id=result_id, **indicator.definition()))
        PlanIndicator.objects.bulk_create(new_indicators)

        note = _("Template jabatan «%(name)s»") % {"name": template.name}
        events = [
            PlanEvent(
                plan=o.plan,
                action=PlanEvent.Action.CREATED,
                actor=actor,
                note=note,
            )
            for o in creating
        ]
        events += [
            PlanEvent(
                plan=o.plan,
                action=PlanEvent.Action.TEMPLATE_APPLIED,
                actor=actor,
                note=_("%(note)s: %(results)d RHK, %(indicators)d IKI ditambahkan")
                % {"note": note, "results": o.results_added, "indicators": o.indicators_added},
            )
            for o in changing
        ]
        PlanEvent.objects.bulk_create(events)
    return ApplyResult(template=template, year=year, outcomes=work.outcomes)

"""Writes of SKPs: the plan, its RHKs, its IKIs, its lampiran and expectations.

Every write that changes an SKP's content is refused while the SKP is
submitted or approved (plan_ensure_editable); milestones of its life are kept
as PlanEvent rows written in the same transaction (plan_event_record).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.agreements.models import AgreementGoal, PerformanceAgreement, Perspective
from kinerja.core import clock
from kinerja.cycles.models import AppraisalYear
from kinerja.indicators.models import Indicator
from kinerja.organisation.models import Employee, Position, PositionKind
from kinerja.organisation.selectors import assignment_current
from kinerja.plans.models import (
    BehaviourExpectation,
    CoreValue,
    PerformancePlan,
    PlanEvent,
    PlanIndicator,
    PlannedResult,
    PlanVersion,
)
from kinerja.plans.permissions import penilai_of

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def plan_create(
    *,
    employee: Employee,
    position: Position | None = None,
    year: AppraisalYear | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    approach: str = PerformancePlan.Approach.QUANTITATIVE,
    status: str = PerformancePlan.Status.DRAFT,
    expectations: dict[str, str] | None = None,
    actor: User | None = None,
) -> PerformancePlan:
    """Create an SKP (a draft unless told otherwise) with a row for each BerAKHLAK value.

    Without `year` it is the current appraisal year of the employee's instansi;
    without `position` the position the employee holds (assignment_current).
    An employee has one running SKP at a time: a second one whose dates overlap
    an existing SKP of the same year is refused.
    """
    with transaction.atomic():
        plan = _plan_new(
            employee=employee,
            position=position,
            year=year,
            start=start,
            end=end,
            approach=approach,
            status=status,
            expectations=expectations,
        )
        plan_event_record(plan=plan, action=PlanEvent.Action.CREATED, actor=actor)
    return plan


def _plan_new(
    *,
    employee: Employee,
    position: Position | None,
    year: AppraisalYear | None,
    start: dt.date | None,
    end: dt.date | None,
    approach: str,
    status: str,
    expectations: dict[str, str] | None,
) -> PerformancePlan:
    if year is None:
        year = AppraisalYear.objects.filter(
            instansi_id=employee.instansi_id, year=clock.today().year
        ).first()
        if year is None:
            raise ValidationError(
                _("Tahun penilaian %(year)s belum dibuka oleh admin kepegawaian.")
                % {"year": clock.today().year}
            )
    first, last = dt.date(year.year, 1, 1), dt.date(year.year, 12, 31)
    if position is None:
        day = min(max(clock.today(), first), last)
        assignment = assignment_current(employee, on=day)
        if assignment is None:
            raise ValidationError(
                _("Anda belum tercatat memegang jabatan; hubungi admin kepegawaian.")
            )
        position = assignment.position
        start = start or max(first, assignment.start)
    start, end = start or first, end or last
    running = (
        PerformancePlan.objects.filter(employee=employee, year=year, start__lte=end, end__gte=start)
        .order_by("start")
        .first()
    )
    if running is not None:
        raise ValidationError(
            _(
                "Sudah ada SKP tahun %(year)s yang berlaku %(start)s–%(end)s. "
                "Satu pegawai hanya memiliki satu SKP yang berjalan."
            )
            % {
                "year": year.year,
                "start": running.start.strftime("%d-%m-%Y"),
                "end": running.end.strftime("%d-%m-%Y"),
            }
        )
    plan = PerformancePlan.objects.create(
        employee=employee,
        position=position,
        year=year,
        start=start,
        end=end,
        approach=approach,
        status=status,
    )
    BehaviourExpectation.objects.bulk_create(
        BehaviourExpectation(plan=plan, value=v, expectation=(expectations or {}).get(v, ""))
        for v in CoreValue.values
    )
    return plan


def plan_update(
    *,
    plan: PerformancePlan,
    approach: str,
    supporting_resources: str = "",
    accountability_scheme: str = "",
    consequences: str = "",
) -> PerformancePlan:
    """Change the SKP's approach and its lampiran texts."""
    if approach not in PerformancePlan.Approach.values:
        raise ValidationError({"approach": _("Pilih pendekatan kuantitatif atau kualitatif.")})
    with transaction.atomic():
        plan = _locked(plan)
        plan.approach = approach
        plan.supporting_resources = supporting_resources.strip()
        plan.accountability_scheme = accountability_scheme.strip()
        plan.consequences = consequences.strip()
        plan.save(
            update_fields=[
                "approach",
                "supporting_resources",
                "accountability_scheme",
                "consequences",
            ]
        )
    return plan


def _locked(plan: PerformancePlan) -> PerformancePlan:
    """The SKP re-read under a row lock, refused unless its content may change.

    Reading it again makes a status changed by someone else since the page was
    drawn count (an approval in another tab).
    """
    fresh = PerformancePlan.objects.select_for_update().select_related("year").get(pk=plan.pk)
    plan_ensure_editable(fresh)
    return fresh


def is_jpt(plan: PerformancePlan) -> bool:
    """A JPT's SKP draws its RHKs from the Perjanjian Kinerja instead of a superior's RHK."""
    return bool(plan.position.kind == PositionKind.JPT)


def _check_parent(
    plan: PerformancePlan, supports: PlannedResult | None, goal: AgreementGoal | None
) -> None:
    """The parent of an RHK: the direct superior's RHK (non-JPT) or a PK goal (JPT)."""
    if is_jpt(plan):
        if supports is not None:
            raise ValidationError(
                {
                    "supports": _(
                        "RHK JPT diturunkan dari Perjanjian Kinerja, bukan dari RHK atasan."
                    )
                }
            )
        if goal is not None and not (
            goal.agreement.position_id == plan.position_id
            and goal.agreement.year_id == plan.year_id
        ):
            raise ValidationError(
                {"goal": _("Sasaran yang dipilih bukan dari Perjanjian Kinerja jabatan ini.")}
            )
        return
    if goal is not None:
        raise ValidationError(
            {"goal": _("Hanya RHK JPT yang diambil langsung dari Perjanjian Kinerja.")}
        )
    if supports is None:
        return  # the superior may have no SKP yet: linked later, nobody is stuck
    if supports.plan.year_id != plan.year_id:
        raise ValidationError({"supports": _("RHK atasan harus dari tahun yang sama.")})
    penilai = penilai_of(plan)
    if penilai is None or supports.plan.employee_id != penilai.pk:
        raise ValidationError(
            {"supports": _("RHK atasan yang dipilih bukan milik atasan langsung.")}
        )


def result_add(
    *,
    plan: PerformancePlan,
    text: str,
    kind: str = PlannedResult.Kind.UTAMA,
    supports: PlannedResult | None = None,
    goal: AgreementGoal | None = None,
    actor: User | None = None,
) -> PlannedResult:
    """Add an RHK under the direct superior's RHK (or, for a JPT, a PK goal); both optional."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Uraian RHK wajib diisi.")})
    if kind not in PlannedResult.Kind.values:
        raise ValidationError({"kind": _("Pilih RHK utama atau tambahan.")})
    with transaction.atomic():
        plan = _locked(plan)
        _check_parent(plan, supports, goal)
        order = PlannedResult.objects.filter(plan=plan).count()
        return PlannedResult.objects.create(
            plan=plan, text=text, kind=kind, supports=supports, goal=goal, order=order
        )


def result_update(
    *,
    result: PlannedResult,
    text: str,
    kind: str,
    supports: PlannedResult | None = None,
    goal: AgreementGoal | None = None,
    actor: User | None = None,
) -> PlannedResult:
    """Change an RHK; giving a parent to an RHK that had none is recorded as LINKED."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Uraian RHK wajib diisi.")})
    if kind not in PlannedResult.Kind.values:
        raise ValidationError({"kind": _("Pilih RHK utama atau tambahan.")})
    with transaction.atomic():
        plan = _locked(result.plan)
        _check_parent(plan, supports, goal)
        fresh = PlannedResult.objects.get(pk=result.pk)
        was_unlinked = fresh.supports_id is None and fresh.goal_id is None
        fresh.text, fresh.kind, fresh.supports, fresh.goal = text, kind, supports, goal
        fresh.save(update_fields=["text", "kind", "supports", "goal"])
        if was_unlinked and (supports is not None or goal is not None):
            parent = supports.text if supports is not None else goal.text if goal else ""
            plan_event_record(
                plan=plan,
                action=PlanEvent.Action.LINKED,
                actor=actor,
                note=f"{text[:200]} → {parent[:200]}",
            )
    return fresh


def result_delete(*, result: PlannedResult, actor: User | None = None) -> None:
    """Remove an RHK with its IKIs; refused while a staff RHK still hangs under it."""
    with transaction.atomic():
        _locked(result.plan)
        if PlannedResult.objects.filter(supports=result).exists():
            raise ValidationError(
                _(
                    "RHK ini masih diintervensi oleh RHK bawahan; "
                    "minta bawahan memindahkannya terlebih dahulu."
                )
            )
        result.delete()


def _catalogue_for(plan: PerformancePlan, catalogue: Indicator | None) -> Indicator | None:
    if catalogue is not None and catalogue.instansi_id != plan.employee.instansi_id:
        raise ValidationError({"catalogue": _("Indikator katalog bukan milik instansi ini.")})
    return catalogue


def _fill_indicator(
    indicator: PlanIndicator,
    plan: PerformancePlan,
    *,
    name: str,
    catalogue: Indicator | None,
    target_value: Decimal | None,
    target_low: Decimal | None,
    target_high: Decimal | None,
    weight: Decimal,
    aspect: str,
    unit_of_measure: str,
    polarity: str,
    aggregation: str,
    target_text: str,
    perspective: str,
) -> PlanIndicator:
    """Set an IKI's fields and validate it (PlanIndicator.clean is the home of the rules)."""
    catalogue = _catalogue_for(plan, catalogue)
    jpt = is_jpt(plan)
    if perspective and perspective not in Perspective.values:
        raise ValidationError({"perspective": _("Pilih perspektif dari daftar.")})
    indicator.define(
        name=name,
        catalogue=catalogue,
        aspect=aspect,
        unit_of_measure=unit_of_measure,
        polarity=polarity,
        aggregation=aggregation,
        target_value=target_value,
        target_low=target_low,
        target_high=target_high,
        weight=weight,
        target_text=target_text,
    )
    indicator.perspective = perspective if jpt else ""
    indicator.qualitative = plan.approach == PerformancePlan.Approach.QUALITATIVE
    indicator.full_clean()
    return indicator


def indicator_add(
    *,
    result: PlannedResult,
    name: str = "",
    catalogue: Indicator | None = None,
    target_value: Decimal | None = None,
    target_low: Decimal | None = None,
    target_high: Decimal | None = None,
    weight: Decimal = HUNDRED,
    aspect: str = "kuantitas",
    unit_of_measure: str = "",
    polarity: str = "",
    aggregation: str = "",
    target_text: str = "",
    perspective: str = "",
    actor: User | None = None,
) -> PlanIndicator:
    """Add an IKI: from the catalogue (unit, polarity, aggregation copied) or written anew.

    `weight` is a percentage; the weights of an SKP must add up to 100 before it
    is submitted (plan_check_complete), not at every step of typing them in.
    """
    with transaction.atomic():
        plan = _locked(result.plan)
        indicator = _fill_indicator(
            PlanIndicator(result=result),
            plan,
            name=name,
            catalogue=catalogue,
            target_value=target_value,
            target_low=target_low,
            target_high=target_high,
            weight=weight,
            aspect=aspect,
            unit_of_measure=unit_of_measure,
            polarity=polarity,
            aggregation=aggregation,
            target_text=target_text,
            perspective=perspective,
        )
        indicator.save()
    return indicator


def indicator_update(
    *,
    indicator: PlanIndicator,
    name: str = "",
    catalogue: Indicator | None = None,
    target_value: Decimal | None = None,
    target_low: Decimal | None = None,
    target_high: Decimal | None = None,
    weight: Decimal = HUNDRED,
    aspect: str = "kuantitas",
    unit_of_measure: str = "",
    polarity: str = "",
    aggregation: str = "",
    target_text: str = "",
    perspective: str = "",
    actor: User | None = None,
) -> PlanIndicator:
    """Replace an IKI's definition, target and weight with the arguments (a whole form).

    The stored standing is kept until the next realisasi or recompute refreshes it.
    """
    with transaction.atomic():
        plan = _locked(indicator.result.plan)
        fresh = PlanIndicator.objects.get(pk=indicator.pk)
        _fill_indicator(
            fresh,
            plan,
            name=name,
            catalogue=catalogue,
            target_value=target_value,
            target_low=target_low,
            target_high=target_high,
            weight=weight,
            aspect=aspect,
            unit_of_measure=unit_of_measure,
            polarity=polarity,
            aggregation=aggregation,
            target_text=target_text,
            perspective=perspective,
        )
        fresh.save()
    return fresh


def indicator_delete(*, indicator: PlanIndicator, actor: User | None = None) -> None:
    """Remove an IKI; refused once realisasi were recorded for it (they would be lost)."""
    with transaction.atomic():
        _locked(indicator.result.plan)
        if indicator.measurements.exists():
            raise ValidationError(
                _("IKI ini sudah memiliki realisasi dan tidak dapat dihapus; ubah saja isinya.")
            )
        indicator.delete()


def plan_check_complete(plan: PerformancePlan) -> list[str]:
    """Why the SKP cannot be submitted yet, in Indonesian; empty when it is complete.

    Called by the workflow at submission and shown to the editor on the SKP page.
    """
    results = list(
        PlannedResult.objects.filter(plan=plan)
        .prefetch_related("indicators")
        .order_by("kind", "order", "pk")
    )
    reasons: list[str] = []
    if not any(r.kind == PlannedResult.Kind.UTAMA for r in results):
        reasons.append(_("SKP belum memiliki RHK utama."))
    qualitative = plan.approach == PerformancePlan.Approach.QUALITATIVE
    indicators = [i for r in results for i in r.indicators.all()]
    for result in results:
        ikis = list(result.indicators.all())
        if not ikis:
            reasons.append(_("RHK “%(rhk)s” belum memiliki IKI.") % {"rhk": _short(result.text)})
        elif qualitative and not any(i.target_text.strip() for i in ikis):
            reasons.append(
                _("RHK “%(rhk)s” belum memiliki uraian target kualitatif.")
                % {"rhk": _short(result.text)}
            )
    if not qualitative:
        for indicator in indicators:
            if not indicator.has_numeric_target:
                reasons.append(
                    _("IKI “%(iki)s” belum memiliki target angka.")
                    % {"iki": _short(indicator.name)}
                )
    if indicators:
        total = sum((i.weight for i in indicators), Decimal(0)).quantize(CENT)
        if total != HUNDRED:
            reasons.append(
                _("Jumlah bobot IKI %(total)s%%; harus tepat 100%%.")
                % {"total": f"{total:.2f}".replace(".", ",")}
            )
    if is_jpt(plan):
        for indicator in indicators:
            if not indicator.perspective:
                reasons.append(
                    _("IKI “%(iki)s” belum memiliki perspektif.") % {"iki": _short(indicator.name)}
                )
        if PerformanceAgreement.objects.filter(
            position_id=plan.position_id, year_id=plan.year_id, goals__isnull=False
        ).exists():
            for result in results:
                if result.goal_id is None:
                    reasons.append(
                        _("RHK “%(rhk)s” belum dihubungkan ke sasaran Perjanjian Kinerja.")
                        % {"rhk": _short(result.text)}
                    )
    else:
        penilai = penilai_of(plan)
        superior_has_rhk = (
            penilai is not None
            and PlannedResult.objects.filter(
                plan__employee=penilai, plan__year_id=plan.year_id
            ).exists()
        )
        if superior_has_rhk:
            for result in results:
                if result.kind == PlannedResult.Kind.UTAMA and result.supports_id is None:
                    reasons.append(
                        _("RHK utama “%(rhk)s” belum dihubungkan ke RHK atasan.")
                        % {"rhk": _short(result.text)}
                    )
    return reasons


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def behaviour_expectations_update(
    *, plan: PerformancePlan, expectations: dict[str, str], actor: User | None = None
) -> None:
    """Set the ekspektasi khusus pimpinan of the BerAKHLAK values (the penilai's, or HR's, words).

    Values not given keep their text; who may call this is decided by the view.
    """
    unknown = set(expectations) - set(CoreValue.values)
    if unknown:
        raise ValidationError(_("Nilai BerAKHLAK tidak dikenal: %s") % ", ".join(sorted(unknown)))
    with transaction.atomic():
        plan = _locked(plan)
        for value, text in expectations.items():
            BehaviourExpectation.objects.update_or_create(
                plan=plan, value=value, defaults={"expectation": text.strip()}
            )


def plan_copy_previous_year(
    *, employee: Employee, year: AppraisalYear, actor: User | None = None
) -> PerformancePlan:
    """Start this year's draft from last year's SKP (its latest part).

    RHKs, IKIs with their targets and weights, the lampiran and the expectations
    are copied; the parents are not (last year's superior RHKs and PK goals
    belong to last year), so each RHK is linked again this year. The position is
    the one the employee holds now.
    """
    previous = (
        PerformancePlan.objects.filter(employee=employee, year__year=year.year - 1)
        .order_by("-start", "-pk")
        .first()
    )
    if previous is None:
        raise ValidationError(
            _("Tidak ada SKP tahun %(year)s untuk disalin.") % {"year": year.year - 1}
        )
    if PerformancePlan.objects.filter(employee=employee, year=year).exists():
        raise ValidationError(
            _("SKP tahun %(year)s sudah ada; salinan tidak dibuat.") % {"year": year.year}
        )
    with transaction.atomic():
        expectations = dict(previous.behaviour_expectations.values_list("value", "expectation"))
        plan = _plan_new(
            employee=employee,
            position=None,
            year=year,
            start=None,
            end=None,
            approach=previous.approach,
            status=PerformancePlan.Status.DRAFT,
            expectations=expectations,
        )
        plan.supporting_resources = previous.supporting_resources
        plan.accountability_scheme = previous.accountability_scheme
        plan.consequences = previous.consequences
        plan.save(update_fields=["supporting_resources", "accountability_scheme", "consequences"])
        old_results = list(previous.results.prefetch_related("indicators").order_by("order", "pk"))
        new_results = PlannedResult.objects.bulk_create(
            PlannedResult(plan=plan, kind=r.kind, text=r.text, order=r.order) for r in old_results
        )
        PlanIndicator.objects.bulk_create(
            PlanIndicator(result=new, perspective=i.perspective, **i.definition())
            for old, new in zip(old_results, new_results, strict=True)
            for i in old.indicators.all()
        )
        plan_event_record(
            plan=plan,
            action=PlanEvent.Action.COPIED,
            actor=actor,
            note=_("Disalin dari SKP tahun %(year)s.") % {"year": year.year - 1},
        )
    return plan


class PlanLocked(ValidationError):
    """An edit to an SKP that is submitted or approved: it must be returned or reopened first."""


def plan_ensure_editable(plan: PerformancePlan) -> None:
    """Refuse changes to the content of an SKP that is not a draft (or returned for revision)."""
    if plan.status in (PerformancePlan.Status.SUBMITTED, PerformancePlan.Status.APPROVED):
        raise PlanLocked(
            _(
                "SKP ini berstatus %(status)s dan tidak dapat diubah. "
                "Minta penilai membukanya kembali terlebih dahulu."
            )
            % {"status": plan.get_status_display()}
        )


def plan_event_record(
    *,
    plan: PerformancePlan,
    action: str,
    actor: User | None,
    on_behalf_of: Employee | None = None,
    note: str = "",
    version: PlanVersion | None = None,
) -> PlanEvent:
    """Write one step of the SKP's history; call it inside the transaction of the change."""
    return PlanEvent.objects.create(
        plan=plan,
        action=action,
        actor=actor,
        on_behalf_of=on_behalf_of,
        note=note,
        version=version,
    )

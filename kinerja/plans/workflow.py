"""The SKP approval workflow: submit, return, approve, reopen; versions and their comparison.

PermenPANRB 6/2022: the pegawai drafts the SKP and the penilai sets it. The
steps follow the reporting line (plans.permissions); an HR admin of the
instansi may act for a penilai who has not started (or for a pegawai), and the
history then says who did it and on whose behalf. Every step freezes the SKP's
content as a numbered PlanVersion, so any two moments can be compared.

    draft ──submit──▶ submitted ──approve──▶ approved ──reopen──▶ draft
      ▲                   │
      └──── returned ◀────┘ return (with a note); returned ──submit──▶ submitted
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.agreements.models import Perspective
from kinerja.core.explanations import format_number
from kinerja.organisation.access import Viewer, today, viewer_for
from kinerja.organisation.models import Assignment, Employee, Position
from kinerja.organisation.tree import reporting_to
from kinerja.plans.models import (
    Aspect,
    CoreValue,
    PerformancePlan,
    PlanEvent,
    PlannedResult,
    PlanVersion,
)
from kinerja.plans.permissions import is_hr_for, is_owner, is_penilai, penilai_of
from kinerja.plans.services import plan_check_complete, plan_event_record

Status = PerformancePlan.Status
Action = PlanEvent.Action

SNAPSHOT_SCHEMA = 1


# --- snapshot ---------------------------------------------------------------------------


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def plan_snapshot(plan: PerformancePlan) -> dict[str, Any]:
    """The SKP's content as plain JSON: header, lampiran, RHKs with IKIs, BerAKHLAK expectations.

    Codes are stored, not labels, so a version reads the same in every language.
    """
    plan = (
        PerformancePlan.objects.select_related("employee", "position__unit", "year")
        .prefetch_related("behaviour_expectations")
        .get(pk=plan.pk)
    )
    results = (
        PlannedResult.objects.filter(plan=plan)
        .select_related("supports__plan__employee", "goal")
        .prefetch_related("indicators__indicator")
    )
    return {
        "schema": SNAPSHOT_SCHEMA,
        "plan": {
            "employee": plan.employee.name,
            "nip": plan.employee.nip,
            "position": plan.position.name,
            "unit": plan.position.unit.name,
            "year": plan.year.year,
            "approach": plan.approach,
            "start": plan.start.isoformat(),
            "end": plan.end.isoformat(),
            "status": plan.status,
        },
        "lampiran": {
            "supporting_resources": plan.supporting_resources,
            "accountability_scheme": plan.accountability_scheme,
            "consequences": plan.consequences,
        },
        "results": [
            {
                "id": result.pk,
                "kind": result.kind,
                "order": result.order,
                "text": result.text,
                "supports": (
                    {
                        "id": result.supports.pk,
                        "text": result.supports.text,
                        "owner": result.supports.plan.employee.name,
                    }
                    if result.supports
                    else None
                ),
                "goal": {"id": result.goal.pk, "text": result.goal.text} if result.goal else None,
                "indicators": [
                    {
                        "id": iki.pk,
                        "name": iki.name,
                        "catalogue": iki.indicator.code if iki.indicator else None,
                        "aspect": iki.aspect,
                        "perspective": iki.perspective,
                        "unit_of_measure": iki.unit_of_measure,
                        "polarity": iki.polarity,
                        "target_value": _decimal(iki.target_value),
                        "target_low": _decimal(iki.target_low),
                        "target_high": _decimal(iki.target_high),
                        "target_text": iki.target_text,
                        "weight": _decimal(iki.weight),
                    }
                    for iki in result.indicators.all()
                ],
            }
            for result in results
        ],
        "expectations": {row.value: row.expectation for row in plan.behaviour_expectations.all()},
    }


# --- who acts --------------------------------------------------------------------------


def _refuse_if_closed(plan: PerformancePlan) -> None:
    if plan.closed_reason:
        raise ValidationError(_("SKP ini sudah ditutup karena perubahan dan tidak dapat diproses."))


def _decider(viewer: Viewer, plan: PerformancePlan) -> Employee | None:
    """Check `viewer` may decide on `plan`; return the penilai they act for when HR acts."""
    if is_owner(viewer, plan):
        raise PermissionDenied(_("Anda tidak dapat memutuskan SKP Anda sendiri."))
    if is_penilai(viewer, plan):
        return None
    if is_hr_for(viewer, plan):
        return penilai_of(plan)
    raise PermissionDenied(_("Hanya penilai atau admin kepegawaian yang dapat memutuskan SKP ini."))


def _locked(plan: PerformancePlan, allowed: Iterable[str], message: str) -> PerformancePlan:
    """The SKP's row, locked for this transaction, if its status is one of `allowed`."""
    row = PerformancePlan.objects.select_for_update().get(pk=plan.pk)
    if row.status not in allowed:
        raise ValidationError(message % {"status": row.get_status_display()})
    return row


def _step(
    *,
    plan: PerformancePlan,
    actor: User,
    action: str,
    new_status: str,
    on_behalf_of: Employee | None,
    note: str,
) -> PlanEvent:
    """Move the SKP to `new_status`, freeze its content as the next version, record the event."""
    now = timezone.now()
    PerformancePlan.objects.filter(pk=plan.pk).update(status=new_status, status_changed_at=now)
    plan.status = new_status
    plan.status_changed_at = now
    last = PlanVersion.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0
    version = PlanVersion.objects.create(
        plan=plan, number=last + 1, content=plan_snapshot(plan), created_by=actor
    )
    return plan_event_record(
        plan=plan,
        action=action,
        actor=actor,
        on_behalf_of=on_behalf_of,
        note=note,
        version=version,
    )


# --- the steps -------------------------------------------------------------------------


def plan_submit(*, plan: PerformancePlan, actor: User) -> PlanEvent:
    """The pegawai (or HR for them) submits a complete draft or returned SKP to the penilai."""
    viewer = viewer_for(actor)
    if is_owner(viewer, plan):
        on_behalf_of = None
    elif is_hr_for(viewer, plan):
        on_behalf_of = plan.employee
    else:
        raise PermissionDenied(
            _("Hanya pegawai pemilik SKP atau admin kepegawaian yang dapat mengajukannya.")
        )
    _refuse_if_closed(plan)
    with transaction.atomic():
        _locked(
            plan,
            (Status.DRAFT, Status.RETURNED),
            _("SKP berstatus %(status)s tidak dapat diajukan."),
        )
        problems = plan_check_complete(plan)
        if problems:
            raise ValidationError(problems)
        return _step(
            plan=plan,
            actor=actor,
            action=Action.SUBMITTED,
            new_status=Status.SUBMITTED,
            on_behalf_of=on_behalf_of,
            note="",
        )


def _required(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"note": _("Catatan wajib diisi.")})
    return text


def plan_return(*, plan: PerformancePlan, actor: User, note: str) -> PlanEvent:
    """The penilai (or HR for them) sends a submitted SKP back to the pegawai with a note."""
    on_behalf_of = _decider(viewer_for(actor), plan)
    note = _required(note)
    _refuse_if_closed(plan)
    with transaction.atomic():
        _locked(plan, (Status.SUBMITTED,), _("SKP berstatus %(status)s tidak dapat dikembalikan."))
        return _step(
            plan=plan,
            actor=actor,
            action=Action.RETURNED,
            new_status=Status.RETURNED,
            on_behalf_of=on_behalf_of,
            note=note,
        )


def plan_approve(*, plan: PerformancePlan, actor: User, note: str = "") -> PlanEvent:
    """The penilai (or HR for them) approves a submitted SKP: it is set for the year."""
    on_behalf_of = _decider(viewer_for(actor), plan)
    _refuse_if_closed(plan)
    with transaction.atomic():
        _locked(plan, (Status.SUBMITTED,), _("SKP berstatus %(status)s tidak dapat disetujui."))
        return _step(
            plan=plan,
            actor=actor,
            action=Action.APPROVED,
            new_status=Status.APPROVED,
            on_behalf_of=on_behalf_of,
            note=(note or "").strip(),
        )


def plan_reopen(*, plan: PerformancePlan, actor: User, reason: str) -> PlanEvent:
    """The penilai (or HR) reopens an approved SKP as a draft, so its content can change again."""
    on_behalf_of = _decider(viewer_for(actor), plan)
    reason = _required(reason)
    _refuse_if_closed(plan)
    with transaction.atomic():
        _locked(plan, (Status.APPROVED,), _("SKP berstatus %(status)s tidak dapat dibuka kembali."))
        return _step(
            plan=plan,
            actor=actor,
            action=Action.REOPENED,
            new_status=Status.DRAFT,
            on_behalf_of=on_behalf_of,
            note=reason,
        )


# --- reads ------------------------------------------------------------------------------


def plan_last_return_note(plan: PerformancePlan) -> PlanEvent | None:
    """The latest return of the SKP, if it is still the latest decision."""
    event = (
        PlanEvent.objects.filter(
            plan=plan, action__in=[Action.RETURNED, Action.SUBMITTED, Action.APPROVED]
        )
        .select_related("actor", "on_behalf_of")
        .order_by("-at", "-pk")
        .first()
    )
    return event if event is not None and event.action == Action.RETURNED else None


@dataclass(frozen=True)
class InboxRow:
    """One SKP waiting for a decision, with its penilai (None: nobody above holds a post)."""

    plan: PerformancePlan
    penilai: Employee | None
    days_waiting: int | None


def penilai_by_employee(
    employees: Iterable[Employee], *, on: dt.date
) -> dict[int, Employee | None]:
    """The derived penilai of many employees at once, by the rule of organisation.reporting_line.

    The HR inbox lists every submitted SKP of an instansi; asking reporting_line
    for each would cost a few queries per row. Here: the instansi's position
    links and held posts are read once, and the chains are walked in memory.
    """
    people = {e.pk: e for e in employees}
    if not people:
        return {}
    instansi_ids = {e.instansi_id for e in people.values()}
    parent = dict(
        Position.objects.filter(instansi_id__in=instansi_ids).values_list("id", "parent_id")
    )
    holders: dict[int, list[tuple[str, Employee]]] = {}
    own_position: dict[int, tuple[str, int]] = {}
    for assignment in (
        Assignment.objects.filter(Assignment.active_on(on), position__instansi_id__in=instansi_ids)
        .select_related("employee")
        .order_by("kind", "start")
    ):
        holders.setdefault(assignment.position_id, []).append(
            (assignment.kind, assignment.employee)
        )
        if assignment.employee_id in people:
            # "definitive" sorts after "acting", so a definitive post overwrites an acting one.
            own_position[assignment.employee_id] = (assignment.kind, assignment.position_id)
    found: dict[int, Employee | None] = {}
    for pk in people:
        found[pk] = None
        if pk not in own_position:
            continue
        position_id: int | None = parent.get(own_position[pk][1])
        seen: set[int] = set()
        while position_id is not None and position_id not in seen:
            seen.add(position_id)
            others = [e for _kind, e in holders.get(position_id, []) if e.pk != pk]
            if others:
                found[pk] = others[-1]  # a definitive holder wins over an acting one
                break
            position_id = parent.get(position_id)
    return found


def _waiting(plan: PerformancePlan) -> int | None:
    if plan.status_changed_at is None:
        return None
    return (today() - timezone.localtime(plan.status_changed_at).date()).days


def inbox_rows(viewer: Viewer) -> tuple[list[InboxRow], list[InboxRow]]:
    """SKPs awaiting the viewer: (submitted to decide, stuck without a penilai).

    A penilai sees the submitted SKPs of the staff they assess. HR sees every
    submitted SKP of its instansi with the penilai and the days waiting, and the
    unapproved SKPs whose employee has nobody above to assess them.
    """
    base: QuerySet[PerformancePlan] = PerformancePlan.objects.filter(
        closed_reason=""
    ).select_related("employee", "position__unit", "year")
    day = today()
    if viewer.is_superuser or viewer.hr_instansi_ids:
        scope = (
            base
            if viewer.is_superuser
            else base.filter(employee__instansi_id__in=viewer.hr_instansi_ids)
        )
        candidates = list(
            scope.filter(status__in=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED]).order_by(
                "status_changed_at", "pk"
            )
        )
        penilai = penilai_by_employee({p.employee for p in candidates}, on=day)
        decide = [
            InboxRow(p, penilai[p.employee_id], _waiting(p))
            for p in candidates
            if p.status == Status.SUBMITTED
        ]
        stuck = [
            InboxRow(p, None, _waiting(p))
            for p in candidates
            if p.status != Status.SUBMITTED and penilai[p.employee_id] is None
        ]
        return decide, stuck
    if not viewer.position_ids or viewer.employee is None:
        return [], []
    staff = Assignment.objects.filter(
        Assignment.active_on(day), position_id__in=reporting_to(viewer.position_ids, on=day)
    ).values("employee_id")
    plans = base.filter(status=Status.SUBMITTED, employee__in=staff).exclude(
        employee=viewer.employee
    )
    return [
        InboxRow(p, viewer.employee, _waiting(p)) for p in plans.order_by("status_changed_at")
    ], []


# --- comparing two versions -------------------------------------------------------------

ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"

_LABELS = {
    "approach": gettext_lazy("Pendekatan"),
    "start": gettext_lazy("Berlaku mulai"),
    "end": gettext_lazy("Berlaku sampai"),
    "position": gettext_lazy("Jabatan"),
    "supporting_resources": gettext_lazy("Dukungan Sumber Daya"),
    "accountability_scheme": gettext_lazy("Skema Pertanggungjawaban"),
    "consequences": gettext_lazy("Konsekuensi"),
    "kind": gettext_lazy("Jenis"),
    "text": gettext_lazy("Rencana Hasil Kerja"),
    "parent": gettext_lazy("RHK atasan yang diintervensi"),
    "name": gettext_lazy("IKI"),
    "aspect": gettext_lazy("Aspek"),
    "perspective": gettext_lazy("Perspektif"),
    "target": gettext_lazy("Target"),
    "target_text": gettext_lazy("Target (uraian kualitatif)"),
    "weight": gettext_lazy("Bobot (%)"),
    "rhk": gettext_lazy("RHK"),
    "expectation": gettext_lazy("Ekspektasi khusus pimpinan"),
}


@dataclass(frozen=True)
class FieldDiff:
    key: str
    before: str
    after: str

    @property
    def label(self) -> str:
        return str(_LABELS[self.key])

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class CompareRow:
    """One thing of the SKP in both versions: a header field group, an RHK, an IKI or a value."""

    level: str  # "plan", "result", "indicator", "expectation"
    title: str
    change: str
    fields: tuple[FieldDiff, ...]

    @property
    def changed_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.changed)


@dataclass
class Comparison:
    rows: list[CompareRow] = field(default_factory=list)

    def count(self, change: str) -> int:
        return sum(1 for row in self.rows if row.change == change)

    @property
    def added(self) -> int:
        return self.count(ADDED)

    @property
    def removed(self) -> int:
        return self.count(REMOVED)

    @property
    def changed(self) -> int:
        return self.count(CHANGED)


def _number(value: str | None) -> str:
    if value in (None, ""):
        return ""
    try:
        return format_number(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def _choice(choices: Any, value: str) -> str:
    return str(dict(choices).get(value, value)) if value else ""


def _result_fields(result: Mapping[str, Any] | None) -> dict[str, str]:
    if result is None:
        return {}
    parent = result.get("supports") or result.get("goal")
    parent_text = ""
    if parent:
        owner = parent.get("owner")
        parent_text = f"{parent['text']} ({owner})" if owner else parent["text"]
    return {
        "kind": _choice(PlannedResult.Kind.choices, result.get("kind", "")),
        "text": result.get("text", ""),
        "parent": parent_text,
    }


def _target(iki: Mapping[str, Any]) -> str:
    unit = iki.get("unit_of_measure") or ""
    if iki.get("polarity") == "range":
        value = f"{_number(iki.get('target_low'))}–{_number(iki.get('target_high'))}"
    else:
        value = _number(iki.get("target_value"))
    return f"{value} {unit}".strip() if value else ""


def _indicator_fields(iki: Mapping[str, Any] | None, rhk: str) -> dict[str, str]:
    if iki is None:
        return {}
    return {
        "rhk": rhk,
        "name": iki.get("name", ""),
        "aspect": _choice(Aspect.choices, iki.get("aspect", "")),
        "perspective": _choice(Perspective.choices, iki.get("perspective", "")),
        "target": _target(iki),
        "target_text": iki.get("target_text", ""),
        "weight": _number(iki.get("weight")),
    }


def _row(
    level: str,
    title: str,
    before: dict[str, str],
    after: dict[str, str],
    *,
    present: tuple[bool, bool],
) -> CompareRow:
    keys = list(after or before)
    fields = tuple(FieldDiff(k, before.get(k, ""), after.get(k, "")) for k in keys)
    if not present[0]:
        change = ADDED
    elif not present[1]:
        change = REMOVED
    else:
        change = CHANGED if any(f.changed for f in fields) else SAME
    return CompareRow(level, title, change, fields)


def snapshot_display(content: Mapping[str, Any]) -> dict[str, Any]:
    """A frozen version in readable form: labels for codes, numbers as the reader writes them."""
    plan = content.get("plan", {})
    lampiran = content.get("lampiran", {})
    results = []
    for result in content.get("results", []):
        fields = _result_fields(result)
        results.append(
            {
                "kind": fields["kind"],
                "text": fields["text"],
                "parent": fields["parent"],
                "indicators": [
                    _indicator_fields(iki, result["text"]) for iki in result.get("indicators", [])
                ],
            }
        )
    return {
        "plan": {
            **plan,
            "approach": _choice(PerformancePlan.Approach.choices, plan.get("approach", "")),
            "status": _choice(Status.choices, plan.get("status", "")),
        },
        "lampiran": [
            (_LABELS[key], lampiran.get(key, ""))
            for key in ("supporting_resources", "accountability_scheme", "consequences")
        ],
        "results": results,
        "expectations": [
            (label, content.get("expectations", {}).get(value, ""))
            for value, label in CoreValue.choices
        ],
    }


def version_compare(a: Mapping[str, Any], b: Mapping[str, Any]) -> Comparison:
    """What changed from snapshot `a` to snapshot `b`, RHKs and IKIs matched by identity."""
    comparison = Comparison()
    header_a = {**a.get("plan", {}), **a.get("lampiran", {})}
    header_b = {**b.get("plan", {}), **b.get("lampiran", {})}
    header_keys = ("position", "approach", "start", "end")
    lampiran_keys = ("supporting_resources", "accountability_scheme", "consequences")

    def pick(data: Mapping[str, Any], keys: Iterable[str]) -> dict[str, str]:
        out = {k: str(data.get(k) or "") for k in keys}
        if "approach" in out:
            out["approach"] = _choice(PerformancePlan.Approach.choices, out["approach"])
        return out

    comparison.rows.append(
        _row(
            "plan",
            _("Data SKP"),
            pick(header_a, header_keys),
            pick(header_b, header_keys),
            present=(True, True),
        )
    )
    comparison.rows.append(
        _row(
            "plan",
            _("Lampiran SKP"),
            pick(header_a, lampiran_keys),
            pick(header_b, lampiran_keys),
            present=(True, True),
        )
    )

    results_a = {r["id"]: r for r in a.get("results", [])}
    results_b = {r["id"]: r for r in b.get("results", [])}
    ikis_a = {i["id"]: (i, r) for r in a.get("results", []) for i in r.get("indicators", [])}
    ikis_b = {i["id"]: (i, r) for r in b.get("results", []) for i in r.get("indicators", [])}

    def result_rows(result: Mapping[str, Any], *, removed: bool) -> None:
        before = _result_fields(results_a.get(result["id"]))
        after = {} if removed else _result_fields(result)
        comparison.rows.append(
            _row(
                "result",
                result["text"],
                before,
                after,
                present=(result["id"] in results_a, not removed),
            )
        )
        for iki in result.get("indicators", []):
            if removed and iki["id"] in ikis_b:
                continue  # moved to another RHK: shown there
            old = ikis_a.get(iki["id"])
            comparison.rows.append(
                _row(
                    "indicator",
                    iki["name"],
                    _indicator_fields(old[0], old[1]["text"]) if old else {},
                    {} if removed else _indicator_fields(iki, result["text"]),
                    present=(old is not None, not removed),
                )
            )
        if not removed:
            for iki in results_a.get(result["id"], {}).get("indicators", []):
                if iki["id"] not in ikis_b:
                    comparison.rows.append(
                        _row(
                            "indicator",
                            iki["name"],
                            _indicator_fields(iki, result["text"]),
                            {},
                            present=(True, False),
                        )
                    )

    for result in b.get("results", []):
        result_rows(result, removed=False)
    for result in a.get("results", []):
        if result["id"] not in results_b:
            result_rows(result, removed=True)

    expectations_a = a.get("expectations", {})
    expectations_b = b.get("expectations", {})
    for value, label in CoreValue.choices:
        if value in expectations_a or value in expectations_b:
            comparison.rows.append(
                _row(
                    "expectation",
                    str(label),
                    {"expectation": expectations_a.get(value, "")},
                    {"expectation": expectations_b.get(value, "")},
                    present=(value in expectations_a, value in expectations_b),
                )
            )
    return comparison

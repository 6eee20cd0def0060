"""Who may see, edit and decide on an SKP.

The rules follow the reporting line (PermenPANRB 6/2022: the pegawai drafts,
the penilai sets it) with one escape hatch so nobody is stuck: an HR admin of
the employee's instansi may act for a penilai who has not started, and every
such act is recorded as done on the penilai's behalf (see plans.workflow).
Visibility comes from organisation.access: hidden is 404, visible but not
yours to change is 403.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kinerja.organisation.access import Viewer, employee_list_visible, today
from kinerja.organisation.models import Employee
from kinerja.organisation.selectors import reporting_line
from kinerja.plans.models import PerformancePlan, PlanIndicator


def plan_list_visible(viewer: Viewer) -> QuerySet[PerformancePlan]:
    """Every SKP whose employee `viewer` may see."""
    return PerformancePlan.objects.filter(employee__in=employee_list_visible(viewer))


def plan_get_visible(viewer: Viewer, pk: int) -> PerformancePlan:
    """The SKP `pk` if `viewer` may see it, else 404."""
    plan = (
        plan_list_visible(viewer)
        .filter(pk=pk)
        .select_related("employee", "position__unit", "year__instansi")
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def indicator_get_visible(viewer: Viewer, pk: int) -> PlanIndicator:
    """The IKI `pk`, with its SKP, employee and year, if `viewer` may see it, else 404."""
    indicator = (
        PlanIndicator.objects.filter(
            pk=pk, result__plan__employee__in=employee_list_visible(viewer)
        )
        .select_related("result__plan__year", "result__plan__employee", "indicator")
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator


def penilai_of(plan: PerformancePlan) -> Employee | None:
    """The derived penilai of the SKP's employee today, or on the nearest day the SKP runs.

    A closed SKP keeps the penilai of its time; a continuation that starts after
    today already has the penilai of its first day.
    """
    day = min(max(today(), plan.start), plan.end)
    return reporting_line(plan.employee, on=day).penilai


def is_owner(viewer: Viewer, plan: PerformancePlan) -> bool:
    return viewer.employee is not None and viewer.employee.pk == plan.employee_id


def is_penilai(viewer: Viewer, plan: PerformancePlan) -> bool:
    penilai = penilai_of(plan)
    return viewer.employee is not None and penilai is not None and penilai.pk == viewer.employee.pk


def is_hr_for(viewer: Viewer, plan: PerformancePlan) -> bool:
    """An HR admin of the SKP's instansi (or a superuser)."""
    return viewer.is_superuser or plan.employee.instansi_id in viewer.hr_instansi_ids


def may_edit(viewer: Viewer, plan: PerformancePlan) -> bool:
    """The pegawai, the penilai, and HR may change a draft's content."""
    return is_owner(viewer, plan) or is_penilai(viewer, plan) or is_hr_for(viewer, plan)


def may_decide(viewer: Viewer, plan: PerformancePlan) -> bool:
    """Approve or return a submitted SKP: the penilai, or HR acting for them."""
    return is_penilai(viewer, plan) or is_hr_for(viewer, plan)

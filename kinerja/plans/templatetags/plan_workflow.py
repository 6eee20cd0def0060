"""The workflow panel of the SKP page: {% load plan_workflow %}{% workflow_panel plan %}.

It shows the status, the last return note (prominently, so the pegawai knows
what to revise) and only the buttons the viewer may use; the server checks
again when the button is pressed.
"""

from __future__ import annotations

from typing import Any

from django import template

from kinerja.organisation.access import viewer_for
from kinerja.plans.models import PerformancePlan
from kinerja.plans.permissions import is_hr_for, is_owner, is_penilai, penilai_of
from kinerja.plans.services import plan_check_complete
from kinerja.plans.workflow import plan_last_return_note

register = template.Library()

Status = PerformancePlan.Status


@register.inclusion_tag("plans/_workflow_panel.html", takes_context=True)
def workflow_panel(context: dict[str, Any], plan: PerformancePlan) -> dict[str, Any]:
    request = context.get("request")
    panel: dict[str, Any] = {
        "plan": plan,
        "request": request,
        "failed": context.get("workflow_failed"),
        "next": context.get("workflow_next") or (request.get_full_path() if request else ""),
        "return_note": plan_last_return_note(plan) if plan.status == Status.RETURNED else None,
        "version_count": plan.versions.count(),
    }
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or plan.closed_reason:
        return panel
    viewer = viewer_for(user)
    owner = is_owner(viewer, plan)
    hr = is_hr_for(viewer, plan)
    penilai = is_penilai(viewer, plan)
    editable = plan.status in (Status.DRAFT, Status.RETURNED)
    panel["is_owner"] = owner
    panel["may_submit"] = editable and (owner or hr)
    panel["submit_for"] = plan.employee if panel["may_submit"] and not owner else None
    deciding = not owner and (penilai or hr)
    panel["may_decide"] = deciding and plan.status == Status.SUBMITTED
    panel["may_reopen"] = deciding and plan.status == Status.APPROVED
    if (panel["may_decide"] or panel["may_reopen"]) and not penilai:
        panel["acting_for"] = penilai_of(plan)
        panel["acting_as_hr"] = True
    if panel["may_submit"]:
        panel["problems"] = plan_check_complete(plan)
    return panel

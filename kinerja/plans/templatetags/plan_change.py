"""The change_panel panel of the SKP page: {% load plan_change %}{% change_panel plan %}.

Shows where a split SKP came from and where it went (plans.changes), and gives
HR admins of the employee's instansi the way to record a change.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from kinerja.organisation.access import viewer_for
from kinerja.plans.models import PerformancePlan
from kinerja.plans.permissions import is_hr_for

register = template.Library()


def plan_url(plan: PerformancePlan) -> str:
    """The SKP's own page, or the employee's performance page where that page is not served."""
    try:
        return reverse("plans:detail", args=[plan.pk])
    except NoReverseMatch:
        return reverse("dashboards:employee", args=[plan.employee_id])


@register.inclusion_tag("plans/_change_panel.html", takes_context=True)
def change_panel(context: dict[str, Any], plan: PerformancePlan) -> dict[str, Any]:
    request = context.get("request")
    previous = (
        PerformancePlan.objects.select_related("position").filter(pk=plan.previous_id).first()
        if plan.previous_id
        else None
    )
    following = plan.continued_by.select_related("position").order_by("start").first()
    user = getattr(request, "user", None)
    may_change = (
        user is not None
        and user.is_authenticated
        and following is None
        and not plan.closed_reason
        and is_hr_for(viewer_for(user), plan)
    )
    return {
        "plan": plan,
        "request": request,
        "previous": previous,
        "previous_url": plan_url(previous) if previous else "",
        "following": following,
        "following_url": plan_url(following) if following else "",
        "may_change": may_change,
    }

"""The workflow_panel panel of the SKP page: {% load plan_workflow %}{% workflow_panel plan %}."""

from __future__ import annotations

from typing import Any

from django import template

from kinerja.plans.models import PerformancePlan

register = template.Library()


@register.inclusion_tag("plans/_workflow_panel.html", takes_context=True)
def workflow_panel(context: dict[str, Any], plan: PerformancePlan) -> dict[str, Any]:
    return {"plan": plan, "request": context.get("request")}

"""The document_links panel of the SKP page: {% load plan_documents %}{% document_links plan %}."""

from __future__ import annotations

from typing import Any

from django import template

from kinerja.plans.models import PerformancePlan

register = template.Library()


@register.inclusion_tag("plans/_document_links.html", takes_context=True)
def document_links(context: dict[str, Any], plan: PerformancePlan) -> dict[str, Any]:
    return {"plan": plan, "request": context.get("request")}

"""The document_links panel of the SKP page: {% load plan_documents %}{% document_links plan %}.

The SKP page is shown only to those who may see the SKP, and the document views
check the same rule again, so the panel needs no permission check of its own.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from kinerja.plans.documents import skp_filename
from kinerja.plans.models import PerformancePlan

register = template.Library()


@register.inclusion_tag("plans/_document_links.html", takes_context=True)
def document_links(context: dict[str, Any], plan: PerformancePlan) -> dict[str, Any]:
    return {
        "plan": plan,
        "request": context.get("request"),
        "pdf_url": reverse("plans:pdf", args=[plan.pk]),
        "print_url": reverse("plans:print", args=[plan.pk]),
        "filename": skp_filename(plan),
        "is_draft": plan.status != PerformancePlan.Status.APPROVED,
    }

"""Anonymous peer input beside an evaluation: {% peer_summary evaluation %}."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("evaluations/_peer_summary.html")
def peer_summary(evaluation: Any) -> dict[str, Any]:
    return {"evaluation": evaluation}

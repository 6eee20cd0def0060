"""Template helpers for numbers and explanations as Indonesian users read them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from kinerja.core.explanations import explain_steps, format_number

register = template.Library()


@register.filter
def num(value: Any) -> str:
    """A number with two decimals and Indonesian separators (1.234,50); – for none."""
    return format_number(value)


@register.filter
def bar_width(value: Any) -> str:
    """Width in percent for a progress bar, capped at 100."""
    if value is None:
        return "0"
    return str(min(Decimal(str(value)), Decimal(100)).quantize(Decimal("1")))


@register.inclusion_tag("core/explanation.html")
def explanation(data: Any, summary: str = "") -> dict[str, Any]:
    return {"steps": explain_steps(data), "summary": summary}

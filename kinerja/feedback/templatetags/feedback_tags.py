"""Template helpers of the feedback page."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: dict[Any, Any], key: Any) -> Any:
    """`forms.rhk|lookup:result.pk`: the form kept for one thread (dict keys are not strings)."""
    return mapping.get(key)

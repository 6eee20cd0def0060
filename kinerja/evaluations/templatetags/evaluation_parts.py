"""The parts of a split SKP as an evaluation stored them: {% load evaluation_parts %}."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def iso_day(value: str | None) -> str:
    """A stored ISO date ("2026-05-15") in the reader's notation; empty if unreadable."""
    try:
        return date_format(dt.date.fromisoformat(str(value)), "j M Y")
    except ValueError:
        return ""

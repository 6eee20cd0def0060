"""The readable label of a stored choice code, one helper for every page that shows one.

Stored JSON (revision states, period rows) may hold a code that is empty or no
longer a choice; the page then shows `missing` instead of failing.
"""

from __future__ import annotations

from typing import Any


def choice_label(choices: Any, code: object, *, missing: str = "–") -> str:
    """The label of `code` in the TextChoices `choices`, or `missing` when it is none."""
    return str(choices(code).label) if code in choices.values else missing

"""Anonymous peer input beside an evaluation: {% peer_summary evaluation %}."""

from __future__ import annotations

from typing import Any

from django import template

from kinerja.evaluations.peer import peer_summary_get

register = template.Library()


@register.inclusion_tag("evaluations/_peer_summary.html")
def peer_summary(evaluation: Any) -> dict[str, Any]:
    """The summary of the answers about the evaluation's SKP and period (penilai only).

    Placed on the evaluate page, which only the penilai reaches; below the
    threshold it gives the number of answers and nothing else.
    """
    return {
        "evaluation": evaluation,
        "summary": peer_summary_get(plan_id=evaluation.plan_id, period_id=evaluation.period_id),
    }

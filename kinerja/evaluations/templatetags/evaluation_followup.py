"""What follows a final evaluation on its detail page: {% load evaluation_followup %}.

``acknowledgement_of`` says whether the viewer may acknowledge,
``acknowledged_current_of`` whether the current revision is acknowledged; ``revisions_of``
gives the earlier revisions with their values readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from kinerja.evaluations.acknowledgement import acknowledged_current, may_acknowledge
from kinerja.evaluations.labels import choice_label
from kinerja.evaluations.models import EvaluationRevision, PredikatChoice
from kinerja.plans.models import RatingChoice

register = template.Library()


@register.simple_tag(takes_context=True)
def acknowledgement_of(context: dict[str, Any], evaluation: Any) -> bool:
    request = context.get("request")
    return may_acknowledge(evaluation, getattr(request, "user", None))


@register.simple_tag
def acknowledged_current_of(evaluation: Any) -> bool:
    """True when the pegawai acknowledged the evaluation's current revision."""
    return acknowledged_current(evaluation)


@dataclass(frozen=True)
class RevisionRow:
    revision: EvaluationRevision
    achievement: str | None
    proposed: str
    result: str
    reason: str
    behaviour: str
    predikat: str
    policy_version: str


@register.simple_tag
def revisions_of(evaluation: Any) -> list[RevisionRow]:
    rows = []
    for revision in EvaluationRevision.objects.filter(evaluation=evaluation).select_related(
        "created_by"
    ):
        before = revision.before if isinstance(revision.before, dict) else {}
        rows.append(
            RevisionRow(
                revision,
                before.get("achievement"),
                choice_label(RatingChoice, before.get("proposed_rating")),
                choice_label(RatingChoice, before.get("result_rating")),
                str(before.get("result_rating_reason") or ""),
                choice_label(RatingChoice, before.get("behaviour_rating")),
                choice_label(PredikatChoice, before.get("predikat")),
                str(before.get("policy_version") or ""),
            )
        )
    return rows

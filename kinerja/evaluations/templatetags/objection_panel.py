"""The objection panel of an evaluation's detail page: {% objection_panel %}.

Reads the route and the viewer's part in it once per page; a view that re-renders
the page after a refused step passes its bound form as ``objection_form`` for
the step ``objection_step``.
"""

from __future__ import annotations

from typing import Any

from django import template

from kinerja.evaluations.labels import choice_label
from kinerja.evaluations.models import Evaluation, EvaluationRevision, PredikatChoice
from kinerja.evaluations.objection_forms import (
    PREFIX,
    ObjectionDecideForm,
    ObjectionExplainForm,
    ObjectionFileForm,
)
from kinerja.evaluations.objections import objection_view
from kinerja.plans.models import RatingChoice

register = template.Library()


@register.inclusion_tag("evaluations/objections/_panel.html", takes_context=True)
def objection_panel(context: template.Context) -> dict[str, Any]:
    evaluation: Evaluation = context["evaluation"]
    request = context["request"]
    if evaluation.status != Evaluation.Status.FINAL:
        return {"shown": False}
    view = objection_view(evaluation, request.user)
    step, bound = context.get("objection_step"), context.get("objection_form")
    forms = {
        "file": ObjectionFileForm(prefix=PREFIX),
        "explain": ObjectionExplainForm(prefix=PREFIX),
        "decide": ObjectionDecideForm(prefix=PREFIX),
    }
    if step in forms and bound is not None:
        forms[step] = bound
    before: dict[str, str] | None = None
    objection = view.objection
    if objection is not None and objection.decision == "changed":
        revision = (
            EvaluationRevision.objects.filter(evaluation=evaluation, cause="objection")
            .order_by("-number")
            .first()
        )
        if revision is not None:
            before = {
                "result_rating": choice_label(RatingChoice, revision.before.get("result_rating")),
                "behaviour_rating": choice_label(
                    RatingChoice, revision.before.get("behaviour_rating")
                ),
                "predikat": choice_label(PredikatChoice, revision.before.get("predikat")),
            }
    return {
        "shown": True,
        "evaluation": evaluation,
        "view": view,
        "objection": objection,
        "forms": forms,
        "step": step,
        "before": before,
        "csrf_token": context.get("csrf_token"),
    }

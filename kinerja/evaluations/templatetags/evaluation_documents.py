"""The figures of a final evaluation on its detail page: {% load evaluation_documents %}."""

from __future__ import annotations

from typing import Any

from django import template

from kinerja.core.explanations import PP46_BANDS
from kinerja.evaluations.figures import evaluation_figures as figures_of
from kinerja.evaluations.models import Evaluation

register = template.Library()


@register.inclusion_tag("evaluations/_figures_body.html")
def evaluation_figures(evaluation: Evaluation) -> dict[str, Any]:
    figures = figures_of(evaluation)
    band = figures.legacy.band if figures and figures.legacy else ""
    return {"figures": figures, "band_label": PP46_BANDS.get(band, "")}

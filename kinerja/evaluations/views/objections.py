"""The objection route on an evaluation (file, explain, decide) and the Keberatan list.

Whoever may not see the evaluation finds nothing (404); a step by someone who may see it
but is not the one to take it is refused (403). A refused or invalid step saves nothing
and shows the evaluation again with the message beside the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.evaluations.models import Evaluation
from kinerja.evaluations.objection_forms import (
    PREFIX,
    ObjectionDecideForm,
    ObjectionExplainForm,
    ObjectionFileForm,
)
from kinerja.evaluations.objections import (
    ObjectionError,
    evaluation_reachable,
    objection_decide,
    objection_explain,
    objection_file,
    objection_lists,
    step_holder,
)
from kinerja.evaluations.views.evaluate import period_rows
from kinerja.organisation.access import employee_list_visible, viewer_for


def _evaluation(request: AuthenticatedHttpRequest, pk: int) -> Evaluation:
    """The final evaluation `pk` if the user may see it or takes a step of its objection.

    Seen as the detail page reads it (the reporting line today, an office's instansi); the
    one who explains or decides the objection reaches it even when today's tree hides it
    (an evaluator who has moved post). Anyone else finds nothing (404).
    """
    viewer = viewer_for(request.user)
    found = Evaluation.objects.filter(pk=pk).select_related(
        "plan__employee", "plan__year", "period__year", "evaluator"
    )
    evaluation = (
        found.filter(plan__employee__in=employee_list_visible(viewer))
        .prefetch_related("behaviour_assessments")
        .first()
    )
    if evaluation is None:
        hidden = found.prefetch_related("behaviour_assessments").first()
        if hidden is None or not evaluation_reachable(hidden, request.user):
            raise Http404
        evaluation = hidden
    if evaluation.status != Evaluation.Status.FINAL:
        # Only a final evaluation has an objection route; a draft is the penilai's working copy.
        raise PermissionDenied
    return evaluation


def _done(evaluation: Evaluation) -> HttpResponse:
    return redirect(reverse("evaluations:objection", args=[evaluation.pk]) + "#keberatan")


def _again(
    request: AuthenticatedHttpRequest, evaluation: Evaluation, step: str, form: Form
) -> HttpResponse:
    """The evaluation page once more, with the step's form and its errors."""
    context: dict[str, Any] = {
        "evaluation": evaluation,
        "period_rows": period_rows(evaluation),
        "objection_step": step,
        "objection_form": form,
    }
    return render(request, "evaluations/detail.html", context)


@login_required
@require_GET
def objection(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The evaluation page, reached through its objection: what the links and lists open."""
    evaluation = _evaluation(request, pk)
    context = {"evaluation": evaluation, "period_rows": period_rows(evaluation)}
    return render(request, "evaluations/detail.html", context)


@login_required
@require_POST
def file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    form = ObjectionFileForm(request.POST, prefix=PREFIX)
    if form.is_valid():
        try:
            objection_file(
                evaluation=evaluation, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ObjectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Keberatan diajukan. Penilai akan memberi penjelasan lebih dulu.")
            )
            return _done(evaluation)
    elif not _may(evaluation, request, "file"):
        raise PermissionDenied
    return _again(request, evaluation, "file", form)


@login_required
@require_POST
def explain(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    form = ObjectionExplainForm(request.POST, prefix=PREFIX)
    if form.is_valid():
        try:
            objection_explain(
                evaluation=evaluation,
                user=request.user,
                explanation=form.cleaned_data["explanation"],
            )
        except ObjectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Penjelasan disimpan dan diteruskan kepada atasan pejabat penilai.")
            )
            return _done(evaluation)
    elif not _may(evaluation, request, "explain"):
        raise PermissionDenied
    return _again(request, evaluation, "explain", form)


@login_required
@require_POST
def decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    form = ObjectionDecideForm(request.POST, prefix=PREFIX)
    if form.is_valid():
        data = form.cleaned_data
        try:
            objection_decide(
                evaluation=evaluation,
                user=request.user,
                decision=data["decision"],
                reason=data["reason"],
                result_rating=data["result_rating"],
                behaviour_rating=data["behaviour_rating"],
            )
        except ObjectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Keputusan atas keberatan disimpan; keputusan ini final."))
            return _done(evaluation)
    elif not _may(evaluation, request, "decide"):
        raise PermissionDenied
    return _again(request, evaluation, "decide", form)


def _may(evaluation: Evaluation, request: AuthenticatedHttpRequest, step: str) -> bool:
    """Whether the user takes `step` at all: form errors are for them, a 403 for anyone else."""
    return step_holder(evaluation, request.user, step)


@login_required
@require_GET
def objection_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    lists = objection_lists(viewer, office_page=request.GET.get("halaman"))
    return render(request, "evaluations/objections/list.html", {"lists": lists})

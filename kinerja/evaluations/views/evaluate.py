"""Evaluating an SKP for a period, and reading an evaluation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kinerja import scoring
from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.cycles.models import Period
from kinerja.evaluations.forms import EvaluationForm
from kinerja.evaluations.models import Evaluation
from kinerja.evaluations.services import EvaluationError, evaluation_finalise, evaluation_open
from kinerja.organisation.access import employee_list_visible, viewer_for
from kinerja.plans.models import PerformancePlan


@login_required
def evaluate(request: AuthenticatedHttpRequest, plan_pk: int, period_pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    plan = (
        PerformancePlan.objects.filter(pk=plan_pk, employee__in=employee_list_visible(viewer))
        .select_related("employee", "year", "position__unit")
        .first()
    )
    period = Period.objects.filter(pk=period_pk).select_related("year").first()
    if plan is None or period is None or period.year_id != plan.year_id:
        raise Http404
    try:
        evaluation = evaluation_open(plan=plan, period=period, user=request.user)
    except EvaluationError as error:
        messages.error(request, str(error))
        return redirect("dashboards:team")
    if evaluation.status == Evaluation.Status.FINAL:
        return redirect("evaluations:detail", evaluation.pk)
    form = EvaluationForm(request.POST or None, proposed=evaluation.proposed_rating)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_finalise(
                evaluation=evaluation,
                user=request.user,
                result_rating=scoring.Rating(form.cleaned_data["result_rating"]),
                reason=form.cleaned_data["result_rating_reason"],
                behaviour=form.behaviour(),
            )
        except EvaluationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Evaluasi difinalkan. Pegawai kini dapat melihat predikatnya.")
            )
            return redirect("evaluations:detail", evaluation.pk)
    return render(
        request,
        "evaluations/evaluate.html",
        {"evaluation": evaluation, "plan": plan, "period": period, "form": form},
    )


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    evaluation = (
        Evaluation.objects.filter(pk=pk, plan__employee__in=employee_list_visible(viewer))
        .select_related("plan__employee", "plan__year", "period__year", "evaluator")
        .prefetch_related("behaviour_assessments")
        .first()
    )
    if evaluation is None:
        raise Http404
    if evaluation.status != Evaluation.Status.FINAL and (
        viewer.employee is not None and evaluation.plan.employee_id == viewer.employee.pk
    ):
        # A draft is the penilai's working copy; the pegawai sees the final result.
        raise PermissionDenied
    return render(request, "evaluations/detail.html", {"evaluation": evaluation})

"""Evaluating an SKP for a period, and reading an evaluation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kinerja import scoring
from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.cycles.models import Period
from kinerja.evaluations.distribution import distribution_check
from kinerja.evaluations.forms import EvaluationForm
from kinerja.evaluations.labels import choice_label
from kinerja.evaluations.models import Evaluation, PredikatChoice
from kinerja.evaluations.services import (
    DistributionWarning,
    EvaluationError,
    evaluation_finalise,
    evaluation_open,
    evaluation_rate,
)
from kinerja.organisation.access import employee_list_visible, viewer_for
from kinerja.plans.models import PerformancePlan, RatingChoice


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
        evaluation = evaluation_open(plan=plan, period=period, user=request.user, require_open=True)
    except EvaluationError as error:
        messages.error(request, str(error))
        return redirect("dashboards:team")
    if evaluation.status == Evaluation.Status.FINAL:
        return redirect("evaluations:detail", evaluation.pk)
    form = EvaluationForm(
        request.POST or None, proposed=evaluation.proposed_rating, evaluation=evaluation
    )
    warned = False
    if request.method == "POST" and form.is_valid():
        # "Simpan" keeps the ratings on the draft for calibration; the default finalises.
        saving = request.POST.get("action") == "save"
        arguments: dict[str, Any] = {
            "evaluation": evaluation,
            "user": request.user,
            "result_rating": scoring.Rating(form.cleaned_data["result_rating"]),
            "reason": form.cleaned_data["result_rating_reason"],
            "behaviour": form.behaviour(),
        }
        try:
            if saving:
                evaluation_rate(**arguments)
            else:
                evaluation_finalise(
                    **arguments, acknowledge_warning=form.cleaned_data["acknowledge_warning"]
                )
        except DistributionWarning as warning:
            warned = True
            form.add_error("acknowledge_warning", str(warning))
        except EvaluationError as error:
            form.add_error(None, str(error))
        else:
            if saving:
                messages.success(
                    request,
                    _(
                        "Penilaian disimpan sebagai draf. Periksa sebaran predikat unit di "
                        "halaman Kalibrasi, lalu finalkan."
                    ),
                )
                return redirect("evaluations:evaluate", plan.pk, period.pk)
            messages.success(
                request, _("Evaluasi difinalkan. Pegawai kini dapat melihat predikatnya.")
            )
            return redirect("evaluations:detail", evaluation.pk)
    check = distribution_check(plan.position.unit, period)
    return render(
        request,
        "evaluations/evaluate.html",
        {
            "evaluation": evaluation,
            "plan": plan,
            "period": period,
            "form": form,
            "check": check,
            "warned": warned or bool(check.violations and check.enforcement == "warn"),
            "period_rows": period_rows(evaluation),
        },
    )


def period_rows(evaluation: Evaluation) -> list[dict[str, Any]]:
    """The periodic evaluations an annual one draws on, with their labels for reading.

    A row that was not final when stored shows its status only (older snapshots
    kept the penilai's draft ratings; the pegawai must not read them).
    """
    rows = []
    for row in evaluation.inputs.get("period_evaluations", []):
        final = row.get("status") == Evaluation.Status.FINAL
        rows.append(
            {
                **row,
                "achievement": row.get("achievement") if final else None,
                "predikat": row.get("predikat") if final else "",
                "result_label": choice_label(RatingChoice, row.get("result_rating"), missing="")
                if final
                else "",
                "behaviour_label": choice_label(
                    RatingChoice, row.get("behaviour_rating"), missing=""
                )
                if final
                else "",
                "predikat_label": choice_label(PredikatChoice, row.get("predikat"), missing="")
                if final
                else "",
                "status_label": choice_label(Evaluation.Status, row.get("status"), missing=""),
            }
        )
    return rows


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
    return render(
        request,
        "evaluations/detail.html",
        {"evaluation": evaluation, "period_rows": period_rows(evaluation)},
    )

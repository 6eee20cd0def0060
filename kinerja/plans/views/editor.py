"""SKP pages: SKP Saya, the SKP page in the regulation's layout, and its edit forms.

Visibility comes from plans.permissions.plan_get_visible (404), changes from
may_edit (403); a submitted or approved SKP is locked by the services
(PlanLocked): the page says so and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.core import clock
from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.cycles.models import AppraisalYear
from kinerja.organisation.access import Viewer, employee_get_visible, viewer_for
from kinerja.plans import services
from kinerja.plans.forms import ExpectationsForm, IndicatorForm, PlanForm, ResultForm
from kinerja.plans.models import PerformancePlan, PlanIndicator, PlannedResult
from kinerja.plans.permissions import (
    is_hr_for,
    is_penilai,
    may_edit,
    plan_get_visible,
)
from kinerja.plans.selectors import goals_for, plan_content, plans_of, superior_results_for


def _is_editable(plan: PerformancePlan) -> bool:
    try:
        services.plan_ensure_editable(plan)
    except services.PlanLocked:
        return False
    return True


def may_set_expectations(viewer: Viewer, plan: PerformancePlan) -> bool:
    """The ekspektasi khusus pimpinan are the penilai's words (or HR's, acting for them)."""
    return is_penilai(viewer, plan) or is_hr_for(viewer, plan)


def _plan_for_edit(request: AuthenticatedHttpRequest, pk: int) -> PerformancePlan:
    """The SKP `pk` if visible (else 404) and the viewer may change it (else 403)."""
    viewer = viewer_for(request.user)
    plan = plan_get_visible(viewer, pk)
    if not may_edit(viewer, plan):
        raise PermissionDenied
    return plan


def _result_for_edit(request: AuthenticatedHttpRequest, pk: int) -> PlannedResult:
    plan_id = PlannedResult.objects.filter(pk=pk).values_list("plan_id", flat=True).first()
    if plan_id is None:
        raise Http404
    plan = _plan_for_edit(request, plan_id)
    result = PlannedResult.objects.get(pk=pk)
    result.plan = plan
    return result


def _indicator_for_edit(request: AuthenticatedHttpRequest, pk: int) -> PlanIndicator:
    plan_id = PlanIndicator.objects.filter(pk=pk).values_list("result__plan_id", flat=True).first()
    if plan_id is None:
        raise Http404
    plan = _plan_for_edit(request, plan_id)
    indicator = PlanIndicator.objects.select_related("result").get(pk=pk)
    indicator.result.plan = plan
    return indicator


def _locked_redirect(request: AuthenticatedHttpRequest, plan: PerformancePlan) -> HttpResponse:
    messages.error(
        request,
        _(
            "SKP ini berstatus %(status)s dan tidak dapat diubah. "
            "Minta penilai membukanya kembali terlebih dahulu."
        )
        % {"status": plan.get_status_display()},
    )
    return redirect("plans:detail", plan.pk)


def _put_errors(form: Form, error: ValidationError) -> None:
    """A service's refusal shown where it belongs: beside the field, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _render_form(
    request: AuthenticatedHttpRequest,
    template: str,
    plan: PerformancePlan,
    form: Form,
    **extra: Any,
) -> HttpResponse:
    return render(request, template, {"plan": plan, "form": form, **extra})


# SKP Saya ---------------------------------------------------------------------


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if viewer.employee is None:
        raise Http404
    return render(request, "plans/mine.html", {"mine": plans_of(viewer.employee)})


@login_required
@require_POST
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if viewer.employee is None:
        raise Http404
    try:
        plan = services.plan_create(
            employee=viewer.employee, status=PerformancePlan.Status.DRAFT, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:mine")
    messages.success(
        request, _("SKP tahun %(year)s dibuat sebagai draf.") % {"year": plan.year.year}
    )
    return redirect("plans:detail", plan.pk)


@login_required
@require_POST
def copy(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if viewer.employee is None:
        raise Http404
    year = AppraisalYear.objects.filter(
        instansi_id=viewer.employee.instansi_id, year=clock.today().year
    ).first()
    if year is None:
        messages.error(request, _("Tahun penilaian ini belum dibuka oleh admin kepegawaian."))
        return redirect("plans:mine")
    try:
        plan = services.plan_copy_previous_year(
            employee=viewer.employee, year=year, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:mine")
    messages.success(
        request,
        _(
            "SKP tahun lalu disalin sebagai draf tahun %(year)s. Hubungkan kembali setiap RHK "
            "ke RHK atasan tahun ini."
        )
        % {"year": year.year},
    )
    return redirect("plans:detail", plan.pk)


@login_required
@require_POST
def create_for(request: AuthenticatedHttpRequest, employee_pk: int) -> HttpResponse:
    """HR starts the SKP of an employee who has not (a superior whose staff wait on it)."""
    viewer = viewer_for(request.user)
    employee = employee_get_visible(viewer, employee_pk)
    if not (viewer.is_superuser or employee.instansi_id in viewer.hr_instansi_ids):
        raise PermissionDenied
    try:
        plan = services.plan_create(
            employee=employee, status=PerformancePlan.Status.DRAFT, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("dashboards:employee", employee.pk)
    messages.success(
        request,
        _("SKP %(year)s untuk %(name)s dibuat sebagai draf atas nama pegawai.")
        % {"year": plan.year.year, "name": employee.name},
    )
    return redirect("plans:detail", plan.pk)


# The SKP page -------------------------------------------------------------------


@login_required
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    plan = plan_get_visible(viewer, pk)
    editor = may_edit(viewer, plan)
    editable = _is_editable(plan)
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "content": plan_content(plan),
            "may_edit": editor and editable,
            "locked": not editable,
            "may_set_expectations": editable and may_set_expectations(viewer, plan),
            "incomplete": services.plan_check_complete(plan) if editor and editable else [],
        },
    )


@login_required
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_edit(request, pk)
    if not _is_editable(plan):
        return _locked_redirect(request, plan)
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                services.plan_update(plan=plan, **form.cleaned_data)
            except services.PlanLocked:
                return _locked_redirect(request, plan)
            except ValidationError as error:
                _put_errors(form, error)
            else:
                messages.success(request, _("Pendekatan dan lampiran SKP disimpan."))
                return redirect("plans:detail", plan.pk)
    else:
        form = PlanForm(
            initial={
                "approach": plan.approach,
                "supporting_resources": plan.supporting_resources,
                "accountability_scheme": plan.accountability_scheme,
                "consequences": plan.consequences,
            }
        )
    return _render_form(request, "plans/plan_form.html", plan, form)


def _result_form(plan: PerformancePlan, *args: Any, **kwargs: Any) -> ResultForm:
    return ResultForm(
        *args,
        jpt=services.is_jpt(plan),
        superior_results=superior_results_for(plan),
        goals=goals_for(plan),
        **kwargs,
    )


def _result_saved(request: AuthenticatedHttpRequest, plan: PerformancePlan) -> HttpResponse:
    messages.success(request, _("RHK disimpan."))
    return redirect("plans:detail", plan.pk)


@login_required
def result_add(request: AuthenticatedHttpRequest, plan_pk: int) -> HttpResponse:
    plan = _plan_for_edit(request, plan_pk)
    if not _is_editable(plan):
        return _locked_redirect(request, plan)
    form = _result_form(plan, request.POST or None, initial={"kind": "utama"})
    if request.method == "POST" and form.is_valid():
        try:
            services.result_add(plan=plan, actor=request.user, **form.cleaned_data)
        except services.PlanLocked:
            return _locked_redirect(request, plan)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            return _result_saved(request, plan)
    return _render_form(request, "plans/result_form.html", plan, form, result=None)


@login_required
def result_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    result = _result_for_edit(request, pk)
    plan = result.plan
    if not _is_editable(plan):
        return _locked_redirect(request, plan)
    initial = {
        "kind": result.kind,
        "text": result.text,
        "supports": result.supports_id,
        "goal": result.goal_id,
    }
    form = _result_form(plan, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_update(result=result, actor=request.user, **form.cleaned_data)
        except services.PlanLocked:
            return _locked_redirect(request, plan)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            return _result_saved(request, plan)
    return _render_form(request, "plans/result_form.html", plan, form, result=result)


@login_required
def result_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    result = _result_for_edit(request, pk)
    plan = result.plan
    if not _is_editable(plan):
        return _locked_redirect(request, plan)
    if request.method == "POST":
        try:
            services.result_delete(result=result, actor=request.user)
        except services.PlanLocked:
            return _locked_redirect(request, plan)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("RHK dihapus."))
        return redirect("plans:detail", plan.pk)
    return render(
        request,
        "plans/delete_form.html",
        {"plan": plan, "what": _("RHK"), "text": result.text},
    )


def _indicator_saved(request: AuthenticatedHttpRequest, plan: PerformancePlan) -> HttpResponse:
    messages.success(request, _("IKI disimpan."))
    return redirect("plans:detail", plan.pk)


@login_required
def indicator_add(request: AuthenticatedHttpRequest, result_pk: int) -> HttpResponse:
    result = _result_for_edit(request, result_pk)
    plan = result.plan
    if not _is_editable(plan):
        return _locked_redirect(request, plan)
    jpt = services.is_jpt(plan)
    form = IndicatorForm(request.POST or None, plan=plan, jpt=jpt, initial={"weight": None})
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_add(result=result, actor=request.user, **_iki_data(form))
        except services.PlanLocked:
            return _locked_redirect(request, plan)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            return _indicator_saved(request, plan)
    return _render_form(
        request, "plans/indicator_form.html", plan, form, result=result, indicator=None
    )


@login_required
def indicator_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator_for_edit(request, pk)
    plan = indicator.result.plan
    if not _is_editable(plan):
        return _locked_redirect(request, plan)
    jpt = services.is_jpt(plan)
    form = IndicatorForm(
        request.POST or None, plan=plan, jpt=jpt, initial=IndicatorForm.initial_for(indicator)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(indicator=indicator, actor=request.user, **_iki_data(form))
        except services.PlanLocked:
            return _locked_redirect(request, plan)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            return _indicator_saved(request, plan)
    return _render_form(
        request,
        "plans/indicator_form.html",
        plan,
        form,
        result=indicator.result,
        indicator=indicator,
    )


def _iki_data(form: IndicatorForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.setdefault("target_text", "")
    data.setdefault("perspective", "")
    return data


@login_required
def indicator_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator_for_edit(request, pk)
    plan = indicator.result.plan
    if not _is_editable(plan):
        return _locked_redirect(request, plan)
    if request.method == "POST":
        try:
            services.indicator_delete(indicator=indicator, actor=request.user)
        except services.PlanLocked:
            return _locked_redirect(request, plan)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("IKI dihapus."))
        return redirect("plans:detail", plan.pk)
    return render(
        request,
        "plans/delete_form.html",
        {"plan": plan, "what": _("IKI"), "text": indicator.name},
    )


@login_required
def expectations(request: AuthenticatedHttpRequest, plan_pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    plan = plan_get_visible(viewer, plan_pk)
    if not may_set_expectations(viewer, plan):
        raise PermissionDenied
    if not _is_editable(plan):
        return _locked_redirect(request, plan)
    current = dict(plan.behaviour_expectations.values_list("value", "expectation"))
    form = ExpectationsForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.behaviour_expectations_update(
                plan=plan, expectations=form.cleaned_data, actor=request.user
            )
        except services.PlanLocked:
            return _locked_redirect(request, plan)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("Ekspektasi khusus pimpinan disimpan."))
            return redirect("plans:detail", plan.pk)
    return _render_form(request, "plans/expectations_form.html", plan, form)


urlpatterns: list[URLPattern] = [
    path("saya/", mine, name="mine"),
    path("buat/", create, name="create"),
    path("salin-tahun-lalu/", copy, name="copy"),
    path("buat-untuk/<int:employee_pk>/", create_for, name="create_for"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/ubah/", edit, name="edit"),
    path("<int:plan_pk>/rhk/tambah/", result_add, name="result_add"),
    path("rhk/<int:pk>/ubah/", result_edit, name="result_edit"),
    path("rhk/<int:pk>/hapus/", result_delete, name="result_delete"),
    path("rhk/<int:result_pk>/iki/tambah/", indicator_add, name="indicator_add"),
    path("iki/<int:pk>/ubah/", indicator_edit, name="indicator_edit"),
    path("iki/<int:pk>/hapus/", indicator_delete, name="indicator_delete"),
    path("<int:plan_pk>/ekspektasi/", expectations, name="expectations"),
]

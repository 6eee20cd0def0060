"""SKP pages: position templates (Template SKP), written and applied to every holder.

Reading a template needs template_list_visible (else 404); writing or applying
it needs may_manage (else 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinerja.core.clock import today
from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.indicators.models import Indicator
from kinerja.organisation.access import Viewer, viewer_for
from kinerja.plans import position_templates as templates
from kinerja.plans.models import PlanTemplate, TemplateIndicator, TemplateResult
from kinerja.plans.template_forms import (
    TemplateApplyForm,
    TemplateCreateForm,
    TemplateIndicatorForm,
    TemplateResultForm,
    add_service_errors,
)

HOLDERS_PER_PAGE = 50


def _managed(viewer: Viewer, template: PlanTemplate) -> PlanTemplate:
    if not templates.may_manage(viewer, template):
        raise PermissionDenied
    return template


def _template_managed(viewer: Viewer, pk: int) -> PlanTemplate:
    return _managed(viewer, templates.template_get_visible(viewer, pk))


def _result_managed(viewer: Viewer, pk: int) -> TemplateResult:
    result = (
        TemplateResult.objects.filter(template__in=templates.template_list_visible(viewer), pk=pk)
        .select_related("template__position__instansi")
        .first()
    )
    if result is None:
        raise Http404
    _managed(viewer, result.template)
    return result


def _indicator_managed(viewer: Viewer, pk: int) -> TemplateIndicator:
    indicator = (
        TemplateIndicator.objects.filter(
            result__template__in=templates.template_list_visible(viewer), pk=pk
        )
        .select_related("result__template__position__instansi", "indicator")
        .first()
    )
    if indicator is None:
        raise Http404
    _managed(viewer, indicator.result.template)
    return indicator


def _catalogue(template: PlanTemplate) -> QuerySet[Indicator]:
    return Indicator.objects.filter(instansi_id=template.position.instansi_id).order_by("name")


@login_required
def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not templates.may_use_templates(viewer):
        raise PermissionDenied
    can_create = templates.position_list_manageable(viewer).exists()
    return render(
        request,
        "plans/templates/list.html",
        {"templates": templates.template_list(viewer), "can_create": can_create},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    positions = templates.position_list_manageable(viewer)
    if not positions.exists():
        raise PermissionDenied
    form = TemplateCreateForm(
        request.POST or None,
        positions=positions,
        plans=templates.plan_list_for_template_source(viewer, year=today().year),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["source"] == TemplateCreateForm.SOURCE_PLAN:
                template = templates.template_from_plan(
                    plan=data["plan"], name=data["name"], actor=request.user
                )
            else:
                template = templates.template_create(
                    position=data["position"], name=data["name"], actor=request.user
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Template dibuat."))
            return redirect("plans:template_detail", template.pk)
    return render(request, "plans/templates/create.html", {"form": form})


@login_required
def template_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    template = templates.template_get_visible(viewer, pk)
    return render(
        request,
        "plans/templates/detail.html",
        {
            "template": template,
            "results": templates.template_detail(template),
            "weight_total": templates.template_weight_total(template),
            "holder_count": templates.template_holders(template).count(),
            "can_manage": templates.may_manage(viewer, template),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_result_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    template = _template_managed(viewer_for(request.user), pk)
    form = TemplateResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            templates.template_result_add(template=template, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("RHK ditambahkan ke template."))
            return redirect("plans:template_detail", template.pk)
    return render(
        request,
        "plans/templates/result_form.html",
        {"form": form, "template": template, "title": _("Tambah RHK template")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_result_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    result = _result_managed(viewer_for(request.user), pk)
    form = TemplateResultForm(
        request.POST or None, initial={"kind": result.kind, "text": result.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            templates.template_result_update(result=result, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("RHK template diperbarui."))
            return redirect("plans:template_detail", result.template_id)
    return render(
        request,
        "plans/templates/result_form.html",
        {"form": form, "template": result.template, "title": _("Ubah RHK template")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_result_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    result = _result_managed(viewer_for(request.user), pk)
    template = result.template
    if request.method == "POST":
        templates.template_result_delete(result=result)
        messages.success(request, _("RHK dan IKI-nya dihapus dari template."))
        return redirect("plans:template_detail", template.pk)
    return render(
        request,
        "plans/templates/confirm_delete.html",
        {
            "template": template,
            "title": _("Hapus RHK template"),
            "subject": result.text,
            "warning": _(
                "IKI di bawah RHK ini ikut terhapus dari template. "
                "SKP yang sudah menerima template tidak berubah."
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_indicator_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    result = _result_managed(viewer_for(request.user), pk)
    form = TemplateIndicatorForm(request.POST or None, catalogue=_catalogue(result.template))
    if request.method == "POST" and form.is_valid():
        try:
            templates.template_indicator_add(result=result, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("IKI ditambahkan ke template."))
            return redirect("plans:template_detail", result.template_id)
    return render(
        request,
        "plans/templates/indicator_form.html",
        {
            "form": form,
            "template": result.template,
            "result": result,
            "title": _("Tambah IKI template"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_indicator_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator_managed(viewer_for(request.user), pk)
    result = indicator.result
    initial = {
        "catalogue": indicator.indicator,
        "name": indicator.name,
        "aspect": indicator.aspect,
        "unit_of_measure": indicator.unit_of_measure,
        "polarity": indicator.polarity,
        "aggregation": indicator.aggregation,
        "target_value": indicator.target_value,
        "target_low": indicator.target_low,
        "target_high": indicator.target_high,
        "target_text": indicator.target_text,
        "weight": indicator.weight,
    }
    form = TemplateIndicatorForm(
        request.POST or None, initial=initial, catalogue=_catalogue(result.template)
    )
    if request.method == "POST" and form.is_valid():
        try:
            templates.template_indicator_update(indicator=indicator, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("IKI template diperbarui."))
            return redirect("plans:template_detail", result.template_id)
    return render(
        request,
        "plans/templates/indicator_form.html",
        {
            "form": form,
            "template": result.template,
            "result": result,
            "title": _("Ubah IKI template"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_indicator_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator_managed(viewer_for(request.user), pk)
    template = indicator.result.template
    if request.method == "POST":
        templates.template_indicator_delete(indicator=indicator)
        messages.success(request, _("IKI dihapus dari template."))
        return redirect("plans:template_detail", template.pk)
    return render(
        request,
        "plans/templates/confirm_delete.html",
        {
            "template": template,
            "title": _("Hapus IKI template"),
            "subject": indicator.name,
            "warning": _("SKP yang sudah menerima template tidak berubah."),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_apply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    template = _template_managed(viewer_for(request.user), pk)
    years = templates.template_years(template)
    current = years.filter(year=today().year).first() or years.first()
    data = request.POST if request.method == "POST" else None
    if request.method == "GET" and "year" in request.GET:
        data = request.GET
    form = TemplateApplyForm(data, years=years, initial={"year": current})
    year = current
    if data is not None:
        year = form.cleaned_data["year"] if form.is_valid() else None
    if request.method == "POST" and year is not None:
        try:
            outcome = templates.template_apply(template=template, year=year, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "plans/templates/apply_result.html",
                {"template": template, "outcome": outcome},
            )
    preview = (
        templates.template_apply_preview(template=template, year=year) if year is not None else None
    )
    page = Paginator(preview.outcomes if preview else [], HOLDERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "plans/templates/apply.html",
        {
            "template": template,
            "form": form,
            "year": year,
            "preview": preview,
            "page": page,
            "results": templates.template_detail(template),
        },
    )


urlpatterns: list[URLPattern] = [
    path("template/", template_list, name="templates"),
    path("template/baru/", template_create, name="template_create"),
    path("template/<int:pk>/", template_detail, name="template_detail"),
    path("template/<int:pk>/rhk/tambah/", template_result_add, name="template_result_add"),
    path("template/rhk/<int:pk>/ubah/", template_result_edit, name="template_result_edit"),
    path("template/rhk/<int:pk>/hapus/", template_result_delete, name="template_result_delete"),
    path(
        "template/rhk/<int:pk>/iki/tambah/",
        template_indicator_add,
        name="template_indicator_add",
    ),
    path("template/iki/<int:pk>/ubah/", template_indicator_edit, name="template_indicator_edit"),
    path(
        "template/iki/<int:pk>/hapus/", template_indicator_delete, name="template_indicator_delete"
    ),
    path("template/<int:pk>/terapkan/", template_apply, name="template_apply"),
]

"""Perjanjian Kinerja pages: the list, one PK with its goals, the forms and the import.

Thin: selectors decide who sees what (hidden is 404, visible but not yours
to change is 403), services do every write, forms carry the field errors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinerja.agreements import services
from kinerja.agreements.forms import (
    AgreementCreateForm,
    AgreementForm,
    GoalForm,
    ImportForm,
    IndicatorForm,
    add_service_errors,
)
from kinerja.agreements.imports import parse_agreement_file, template_workbook
from kinerja.agreements.models import AgreementGoal, PerformanceAgreement
from kinerja.agreements.selectors import (
    agreement_get_visible,
    agreement_goals,
    agreement_overview,
    appraisal_year_of,
    goal_get_visible,
    heading_positions,
    indicator_get_visible,
    may_create_agreement,
    may_edit_agreement,
    unit_list_editable,
    year_for,
)
from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.core.params import id_param, is_ascii_digits
from kinerja.organisation.access import Viewer, viewer_for
from kinerja.organisation.models import Unit

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _editable(viewer: Viewer, agreement: PerformanceAgreement) -> PerformanceAgreement:
    if not may_edit_agreement(viewer, agreement):
        raise PermissionDenied
    return agreement


def _requested_year(request: AuthenticatedHttpRequest) -> int | None:
    raw = request.GET.get("tahun", "")
    return int(raw) if is_ascii_digits(raw) and len(raw) == 4 else None


@login_required
def agreement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    year = year_for(_requested_year(request))
    units = list(agreement_overview(viewer, year))
    editable = set(unit_list_editable(viewer).values_list("pk", flat=True))
    rows = [
        (unit, unit.year_agreements[0] if unit.year_agreements else None, unit.pk in editable)
        for unit in units
    ]
    context = {
        "rows": rows,
        "year": year,
        "missing": sum(1 for _u, agreement, _e in rows if agreement is None),
        "may_create": bool(editable),
    }
    return render(request, "agreements/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not may_create_agreement(viewer):
        raise PermissionDenied
    units = unit_list_editable(viewer).filter(positions__heads_unit=True).distinct()
    initial = {}
    unit_id = id_param(request.GET.get("unit"))
    if unit_id is not None:
        initial["unit"] = unit_id
    form = AgreementCreateForm(
        request.POST or None,
        initial=initial,
        units=units,
        positions=heading_positions(viewer, units),
    )
    if request.method == "POST" and form.is_valid():
        unit: Unit = form.cleaned_data["unit"]
        year = appraisal_year_of(unit, year_for())
        if year is None:
            form.add_error(
                "unit",
                _("Tahun penilaian %(year)s untuk instansi ini belum dibuat di data induk.")
                % {"year": year_for()},
            )
        else:
            try:
                agreement = services.agreement_create(
                    unit=unit,
                    year=year,
                    position=form.cleaned_data["position"],
                    signed_on=form.cleaned_data["signed_on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Perjanjian Kinerja dibuat. Tambahkan sasaran dan indikatornya.")
                )
                return redirect("agreements:detail", agreement.pk)
    return render(
        request,
        "agreements/form.html",
        {
            "form": form,
            "title": _("Buat Perjanjian Kinerja %(year)s") % {"year": year_for()},
            "submit": _("Buat Perjanjian Kinerja"),
            "cancel_href": reverse("agreements:list"),
        },
    )


@login_required
def agreement_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    agreement = agreement_get_visible(viewer, pk)
    context = {
        "agreement": agreement,
        "goals": agreement_goals(agreement),
        "may_edit": may_edit_agreement(viewer, agreement),
    }
    return render(request, "agreements/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    agreement = _editable(viewer, agreement_get_visible(viewer, pk))
    positions = heading_positions(viewer, Unit.objects.filter(pk=agreement.unit_id))
    form = AgreementForm(
        request.POST or None,
        initial={"position": agreement.position_id, "signed_on": agreement.signed_on},
        positions=positions,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(
                agreement=agreement,
                position=form.cleaned_data["position"],
                signed_on=form.cleaned_data["signed_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Perjanjian Kinerja diperbarui."))
            return redirect("agreements:detail", agreement.pk)
    return _form_page(request, form, agreement, _("Ubah Perjanjian Kinerja"), _("Simpan"))


def _form_page(
    request: AuthenticatedHttpRequest,
    form: object,
    agreement: PerformanceAgreement,
    title: str,
    submit: str,
    lead: str = "",
) -> HttpResponse:
    return render(
        request,
        "agreements/form.html",
        {
            "form": form,
            "agreement": agreement,
            "title": title,
            "lead": lead,
            "submit": submit,
            "cancel_href": reverse("agreements:detail", args=[agreement.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    agreement = _editable(viewer, agreement_get_visible(viewer, pk))
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_add(agreement=agreement, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sasaran ditambahkan."))
            return redirect("agreements:detail", agreement.pk)
    return _form_page(request, form, agreement, _("Tambah sasaran"), _("Simpan sasaran"))


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    goal = goal_get_visible(viewer, pk)
    agreement = _editable(viewer, goal.agreement)
    form = GoalForm(request.POST or None, initial={"text": goal.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(goal=goal, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sasaran diperbarui."))
            return redirect("agreements:detail", agreement.pk)
    return _form_page(request, form, agreement, _("Ubah sasaran"), _("Simpan sasaran"))


@login_required
@require_http_methods(["GET", "POST"])
def goal_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    goal = goal_get_visible(viewer, pk)
    agreement = _editable(viewer, goal.agreement)
    problem = ""
    try:
        services.goal_ensure_deletable(goal)
    except ValidationError as error:
        problem = error.messages[0]
    if request.method == "POST" and not problem:
        try:
            services.goal_delete(goal=goal)
        except ValidationError as error:
            problem = error.messages[0]
        else:
            messages.success(request, _("Sasaran dan indikatornya dihapus."))
            return redirect("agreements:detail", agreement.pk)
    return render(
        request,
        "agreements/confirm_delete.html",
        {
            "agreement": agreement,
            "title": _("Hapus sasaran"),
            "subject": goal.text,
            "problem": problem,
            "warning": _("Semua indikator sasaran ini ikut terhapus."),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    goal: AgreementGoal = goal_get_visible(viewer, pk)
    agreement = _editable(viewer, goal.agreement)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_add(goal=goal, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Indikator ditambahkan."))
            return redirect("agreements:detail", agreement.pk)
    return _form_page(
        request, form, agreement, _("Tambah indikator"), _("Simpan indikator"), lead=goal.text
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    indicator = indicator_get_visible(viewer, pk)
    agreement = _editable(viewer, indicator.goal.agreement)
    form = IndicatorForm(
        request.POST or None,
        initial={
            "name": indicator.name,
            "unit_of_measure": indicator.unit_of_measure,
            "target_value": indicator.target_value.normalize(),
            "perspective": indicator.perspective,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(indicator=indicator, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Indikator diperbarui."))
            return redirect("agreements:detail", agreement.pk)
    return _form_page(
        request,
        form,
        agreement,
        _("Ubah indikator"),
        _("Simpan indikator"),
        lead=indicator.goal.text,
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    indicator = indicator_get_visible(viewer, pk)
    agreement = _editable(viewer, indicator.goal.agreement)
    if request.method == "POST":
        services.indicator_delete(indicator=indicator)
        messages.success(request, _("Indikator dihapus."))
        return redirect("agreements:detail", agreement.pk)
    return render(
        request,
        "agreements/confirm_delete.html",
        {
            "agreement": agreement,
            "title": _("Hapus indikator"),
            "subject": indicator.name,
            "problem": "",
            "warning": "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    agreement = _editable(viewer, agreement_get_visible(viewer, pk))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        parsed = parse_agreement_file(form.cleaned_data["file"])
        if parsed.ok:
            outcome = services.agreement_import(agreement=agreement, rows=parsed.rows)
            if not outcome.changed:
                messages.info(
                    request,
                    _(
                        "Isi berkas sudah sama dengan Perjanjian Kinerja ini; "
                        "tidak ada yang berubah."
                    ),
                )
            else:
                messages.success(
                    request,
                    _(
                        "Impor selesai: %(goals)d sasaran dan %(indicators)d indikator "
                        "ditambahkan, %(updated)d indikator diperbarui, "
                        "%(removed_goals)d sasaran dan %(removed)d indikator dihapus."
                    )
                    % {
                        "goals": outcome.goals_added,
                        "indicators": outcome.indicators_added,
                        "updated": outcome.indicators_updated,
                        "removed_goals": outcome.goals_removed,
                        "removed": outcome.indicators_removed,
                    },
                )
            if outcome.kept_because_linked:
                messages.warning(
                    request,
                    _(
                        "%(n)d sasaran yang tidak ada di berkas tetap disimpan karena sasaran "
                        "PK ini sudah dirujuk RHK pada SKP."
                    )
                    % {"n": len(outcome.kept_because_linked)},
                )
            return redirect("agreements:detail", agreement.pk)
        problems = parsed.problems
    return render(
        request,
        "agreements/import.html",
        {"form": form, "agreement": agreement, "problems": problems},
    )


@login_required
def import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-perjanjian-kinerja.xlsx"'
    return response

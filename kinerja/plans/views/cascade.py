"""SKP pages: the Matriks Peran Hasil with its export; late SKPs and the reminders."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinerja.core.forms import IdMultipleChoiceField
from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.cycles.models import AppraisalYear
from kinerja.organisation.access import Viewer, today, viewer_for
from kinerja.organisation.models import Employee, Position, Unit
from kinerja.plans.cascade import (
    XLSX_CONTENT_TYPE,
    Cascade,
    cascade_allowed,
    cascade_build,
    cascade_unit_get,
    cascade_unit_list,
    cascade_xlsx,
    unit_subtree,
)
from kinerja.plans.deadline import late_plans, penilai_of_rows, plan_deadline
from kinerja.plans.tasks import send_plan_reminders

PAGE_SIZE = 50


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404 from None


def _default_unit(viewer: Viewer, units: QuerySet[Unit]) -> Unit | None:
    """The unit of the viewer's own post, else the top of their instansi."""
    if viewer.position_ids:
        own = Position.objects.filter(pk__in=viewer.position_ids, unit__in=units)
        held = own.order_by("-heads_unit", "pk").values_list("unit_id", flat=True).first()
        if held is not None:
            return units.get(pk=held)
    return (
        units.filter(parent__isnull=True).order_by("name").first() or units.order_by("name").first()
    )


def _cascade_for(
    request: AuthenticatedHttpRequest,
) -> tuple[list[Unit], Cascade | None, dict[str, Any]]:
    """The unit and year asked for (or the defaults), and their matrix: shared by page and file."""
    viewer = viewer_for(request.user)
    if not cascade_allowed(viewer):
        raise PermissionDenied
    units = cascade_unit_list(viewer)
    unit_pk = _int(request.GET.get("unit"))
    unit = cascade_unit_get(viewer, unit_pk) if unit_pk else _default_unit(viewer, units)
    context: dict[str, Any] = {"unit": unit, "years": [], "year": None}
    if unit is None:
        return [], None, context
    years = list(AppraisalYear.objects.filter(instansi_id=unit.instansi_id).order_by("-year"))
    wanted = _int(request.GET.get("tahun")) or today().year
    year = next((y for y in years if y.year == wanted), None)
    if year is None and "tahun" in request.GET:
        raise Http404
    year = year or (years[0] if years else None)
    context.update(years=years, year=year)
    choices = list(units.filter(instansi_id=unit.instansi_id).order_by("name"))
    if year is None:
        return choices, None, context
    return choices, cascade_build(unit=unit, year=year, on=today()), context


@login_required
@require_GET
def cascade(request: AuthenticatedHttpRequest) -> HttpResponse:
    units, matrix, context = _cascade_for(request)
    only_gaps = request.GET.get("celah") == "1"
    context.update(units=units, matrix=matrix, only_gaps=only_gaps)
    if matrix is not None:
        context.update(
            goal_steps=matrix.steps("goals", only_gaps=only_gaps),
            outside_steps=matrix.steps("outside", only_gaps=only_gaps),
            orphan_steps=matrix.steps("orphans", only_gaps=only_gaps),
            export_query=urlencode({"unit": matrix.unit.pk, "tahun": matrix.year.year}),
        )
    return render(request, "plans/cascade.html", context)


@login_required
@require_GET
def cascade_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    _units, matrix, _context = _cascade_for(request)
    if matrix is None:
        raise Http404
    response = HttpResponse(cascade_xlsx(matrix), content_type=XLSX_CONTENT_TYPE)
    filename = f"matriks-peran-hasil-{slugify(matrix.unit.code)}-{matrix.year.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _office_years(viewer: Viewer) -> QuerySet[AppraisalYear]:
    years = AppraisalYear.objects.select_related("instansi").order_by("-year", "instansi__name")
    if viewer.is_superuser:
        return years
    return years.filter(instansi_id__in=viewer.office_instansi_ids)


def _late_year(
    request: AuthenticatedHttpRequest, viewer: Viewer, value: str | None
) -> AppraisalYear:
    """The year asked for among the viewer's instansi (404 otherwise), or this year's."""
    years = _office_years(viewer)
    pk = _int(value)
    if pk is not None:
        year = years.filter(pk=pk).first()
    else:
        year = years.filter(year=today().year).first() or years.first()
    if year is None:
        raise Http404
    return year


@login_required
@require_GET
def late(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not (viewer.office_instansi_ids or viewer.is_superuser):
        raise PermissionDenied
    year = _late_year(request, viewer, request.GET.get("tahun"))
    units = Unit.objects.filter(instansi_id=year.instansi_id).order_by("name")
    unit_pk = _int(request.GET.get("unit"))
    unit = units.filter(pk=unit_pk).first() if unit_pk else None
    if unit_pk and unit is None:
        raise Http404
    day = today()
    rows = late_plans(year, on=day, units=unit_subtree([unit.pk]) if unit else None)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    penilai = penilai_of_rows(list(page.object_list), on=day)
    deadline = plan_deadline(year)
    query = {"tahun": year.pk, **({"unit": unit.pk} if unit else {})}
    context = {
        "year": year,
        "years": list(_office_years(viewer)),
        "units": list(units.only("pk", "name")),
        "unit": unit,
        "page": page,
        "rows": [(row, penilai.get(row.pk)) for row in page.object_list],
        "deadline": deadline,
        "passed": day > deadline,
        "days": abs((deadline - day).days),
        "may_remind": viewer.is_superuser or year.instansi_id in viewer.hr_instansi_ids,
        "query": urlencode(query),
    }
    return render(request, "plans/late.html", context)


class RemindForm(forms.Form):
    """Who to remind: the employees ticked on the page, or everyone late."""

    scope = forms.ChoiceField(choices=[("selected", "selected"), ("all", "all")])
    employee = IdMultipleChoiceField(queryset=Employee.objects.none(), required=False)

    def __init__(self, *args: object, year: AppraisalYear, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["employee"]
        assert isinstance(field, IdMultipleChoiceField)
        field.queryset = Employee.objects.filter(instansi_id=year.instansi_id)
        field.error_messages["invalid_choice"] = _("Pegawai yang dipilih tidak ditemukan.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == "selected" and not data.get("employee"):
            self.add_error("employee", _("Pilih dulu pegawai yang akan diingatkan."))
        return data


@login_required
@require_POST
def remind(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not (viewer.office_instansi_ids or viewer.is_superuser):
        raise PermissionDenied
    year = _late_year(request, viewer, request.POST.get("tahun"))
    # Auditors read the list; only HR acts on it.
    if not (viewer.is_superuser or year.instansi_id in viewer.hr_instansi_ids):
        raise PermissionDenied
    unit_pk = _int(request.POST.get("unit"))
    unit = (
        Unit.objects.filter(pk=unit_pk, instansi_id=year.instansi_id).first() if unit_pk else None
    )
    if unit_pk and unit is None:
        raise Http404
    back = (
        reverse("plans:late")
        + "?"
        + urlencode({"tahun": year.pk, **({"unit": unit.pk} if unit else {})})
    )
    form = RemindForm(request.POST, year=year)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    ids = None
    if form.cleaned_data["scope"] == "selected":
        ids = [e.pk for e in form.cleaned_data["employee"]]
    elif unit is not None:
        # "Everyone" on a page filtered by unit means everyone late in that unit.
        late_there = late_plans(year, on=today(), units=unit_subtree([unit.pk]))
        ids = list(late_there.values_list("pk", flat=True))
    result = send_plan_reminders.delay(year.pk, request.user.pk, ids)
    if result.ready():
        count = int(result.get())
        if count:
            messages.success(
                request, _("Pengingat dikirim kepada %(count)d pegawai.") % {"count": count}
            )
        else:
            messages.info(
                request,
                _(
                    "Tidak ada pengingat yang dikirim: SKP pegawai tersebut sudah disetujui "
                    "atau mereka sudah diingatkan hari ini."
                ),
            )
    else:
        messages.success(request, _("Pengingat sedang dikirim di latar belakang."))
    return redirect(back)


urlpatterns: list[URLPattern] = [
    path("matriks-peran-hasil/", cascade, name="cascade"),
    path("matriks-peran-hasil/unduh/", cascade_export, name="cascade_xlsx"),
    path("terlambat/", late, name="late"),
    path("terlambat/ingatkan/", remind, name="remind"),
]

"""SKP pages: the approval workflow, history and versions, the inbox, correcting a superior."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.organisation import tree
from kinerja.organisation.access import employee_get_visible, today, viewer_for
from kinerja.organisation.models import Assignment, Position
from kinerja.organisation.selectors import assignment_current, reporting_line
from kinerja.organisation.services import position_reparent
from kinerja.plans.models import PerformancePlan, PlanEvent, PlanVersion
from kinerja.plans.permissions import plan_get_visible
from kinerja.plans.workflow import (
    inbox_rows,
    plan_approve,
    plan_reopen,
    plan_return,
    plan_submit,
    snapshot_display,
    version_compare,
)

# --- acting on an SKP ------------------------------------------------------------------


def _after(request: AuthenticatedHttpRequest, plan: PerformancePlan) -> HttpResponse:
    """Back to where the action was taken (the SKP page or its history), never off-site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("plans:history", plan.pk)


def _act(
    request: AuthenticatedHttpRequest,
    pk: int,
    action: str,
    run: Callable[[PerformancePlan, str], object],
    done: str,
) -> HttpResponse:
    plan = plan_get_visible(viewer_for(request.user), pk)
    note = request.POST.get("note", "")
    try:
        run(plan, note)
    except ValidationError as error:
        # Nothing was saved: show the history page again with the message at the form.
        failed = {"action": action, "note": note, "errors": error.messages}
        return _history_page(request, plan, failed=failed)
    messages.success(request, done)
    return _after(request, plan)


@login_required
@require_POST
def submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "submit",
        lambda plan, note: plan_submit(plan=plan, actor=request.user),
        _("SKP diajukan kepada penilai."),
    )


@login_required
@require_POST
def return_(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "return",
        lambda plan, note: plan_return(plan=plan, actor=request.user, note=note),
        _("SKP dikembalikan kepada pegawai dengan catatan."),
    )


@login_required
@require_POST
def approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "approve",
        lambda plan, note: plan_approve(plan=plan, actor=request.user, note=note),
        _("SKP disetujui."),
    )


@login_required
@require_POST
def reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "reopen",
        lambda plan, note: plan_reopen(plan=plan, actor=request.user, reason=note),
        _("SKP dibuka kembali sebagai draf."),
    )


# --- reading the workflow --------------------------------------------------------------


def _history_page(
    request: AuthenticatedHttpRequest, plan: PerformancePlan, *, failed: dict[str, Any] | None
) -> HttpResponse:
    events = (
        PlanEvent.objects.filter(plan=plan)
        .select_related("actor", "on_behalf_of", "version")
        .order_by("-at", "-pk")
    )
    versions = list(plan.versions.order_by("number").values_list("number", flat=True))
    viewer = viewer_for(request.user)
    return render(
        request,
        "plans/history.html",
        {
            "plan": plan,
            "events": events,
            "versions": versions,
            "workflow_failed": failed,
            # A refused action re-renders this page at the action's URL: come back here after.
            "workflow_next": reverse("plans:history", args=[plan.pk]),
            "may_correct": viewer.is_superuser
            or plan.employee.instansi_id in viewer.hr_instansi_ids,
        },
    )


@login_required
def history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_visible(viewer_for(request.user), pk)
    return _history_page(request, plan, failed=None)


@login_required
def version(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    plan = plan_get_visible(viewer_for(request.user), pk)
    frozen = (
        PlanVersion.objects.filter(plan=plan, number=number).select_related("created_by").first()
    )
    if frozen is None:
        raise Http404
    event = frozen.events.select_related("actor", "on_behalf_of").first()
    return render(
        request,
        "plans/version.html",
        {
            "plan": plan,
            "version": frozen,
            "event": event,
            "content": snapshot_display(frozen.content),
        },
    )


class CompareForm(forms.Form):
    """The two versions to put side by side."""

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, _("Versi %(n)s") % {"n": n}) for n in numbers]
        for name, label in (("a", gettext_lazy("Versi lama")), ("b", gettext_lazy("Versi baru"))):
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                error_messages={"invalid_choice": gettext_lazy("Versi ini tidak ada.")},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("a") is not None and data.get("a") == data.get("b"):
            self.add_error("b", _("Pilih dua versi yang berbeda."))
        return data


@login_required
def compare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_visible(viewer_for(request.user), pk)
    versions = {v.number: v for v in plan.versions.order_by("number")}
    numbers = list(versions)
    if "a" in request.GET or "b" in request.GET:
        form = CompareForm(request.GET, numbers=numbers)
    else:
        initial = {"a": numbers[-2], "b": numbers[-1]} if len(numbers) >= 2 else {}
        form = CompareForm(numbers=numbers, initial=initial)
    comparison = None
    a = b = None
    if len(numbers) >= 2:
        if form.is_bound:
            if form.is_valid():
                a, b = versions[form.cleaned_data["a"]], versions[form.cleaned_data["b"]]
        else:
            a, b = versions[numbers[-2]], versions[numbers[-1]]
        if a is not None and b is not None:
            comparison = version_compare(a.content, b.content)
    return render(
        request,
        "plans/compare.html",
        {"plan": plan, "form": form, "comparison": comparison, "a": a, "b": b, "numbers": numbers},
    )


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    decide, stuck = inbox_rows(viewer)
    return render(
        request,
        "plans/inbox.html",
        {"decide": decide, "stuck": stuck, "is_hr": viewer.is_hr_admin or viewer.is_superuser},
    )


# --- HR correcting a wrong superior ----------------------------------------------------


class PositionChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def __init__(self, *args: Any, holders: dict[int, list[str]], **kwargs: Any) -> None:
        self.holders = holders
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        names = ", ".join(self.holders.get(obj.pk, [])) or _("kosong")
        return f"{obj.name} — {obj.unit.name} ({names})"


class CorrectSuperiorForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan koreksi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": gettext_lazy("Alasan koreksi wajib diisi.")},
    )

    def __init__(self, *args: Any, position: Position, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = (
            Position.objects.filter(instansi_id=position.instansi_id)
            .exclude(pk=position.pk)
            .exclude(pk__in=tree.below([position.pk]))
            .select_related("unit")
            .order_by("unit__name", "name", "pk")
        )
        holders: dict[int, list[str]] = {}
        for position_id, name in Assignment.objects.filter(
            Assignment.active_on(today()), position__instansi_id=position.instansi_id
        ).values_list("position_id", "employee__name"):
            holders.setdefault(position_id, []).append(name)
        self.fields = {
            "new_parent": PositionChoice(
                queryset=choices,
                holders=holders,
                label=gettext_lazy("Jabatan atasan yang benar"),
                empty_label=gettext_lazy("— pilih jabatan —"),
                initial=position.parent_id,
                error_messages={"required": gettext_lazy("Pilih jabatan atasan.")},
            ),
            **self.fields,
        }


@login_required
def correct_superior(request: AuthenticatedHttpRequest, employee_pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    employee = employee_get_visible(viewer, employee_pk)
    if not (viewer.is_superuser or employee.instansi_id in viewer.hr_instansi_ids):
        raise PermissionDenied
    assignment = assignment_current(employee, on=today())
    position = assignment.position if assignment else None
    form = None
    if position is not None:
        form = CorrectSuperiorForm(request.POST or None, position=position)
        if request.method == "POST" and form.is_valid():
            try:
                position_reparent(
                    position=position,
                    new_parent=form.cleaned_data["new_parent"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for name, errors in error.error_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Atasan jabatan %(position)s dikoreksi. Semua pemegangnya mengikuti.")
                    % {"position": position.name},
                )
                return redirect("plans:correct_superior", employee.pk)
    elif request.method == "POST":
        raise Http404
    line = reporting_line(employee, on=today())
    corrections = (
        position.corrections.select_related("old_parent", "new_parent", "actor") if position else []
    )
    return render(
        request,
        "plans/correct_superior.html",
        {
            "employee": employee,
            "position": position,
            "line": line,
            "form": form,
            "corrections": corrections,
            "back": reverse("plans:inbox"),
        },
    )


urlpatterns: list[URLPattern] = [
    path("persetujuan/", inbox, name="inbox"),
    path("<int:pk>/ajukan/", submit, name="submit"),
    path("<int:pk>/kembalikan/", return_, name="return"),
    path("<int:pk>/setujui/", approve, name="approve"),
    path("<int:pk>/buka-kembali/", reopen, name="reopen"),
    path("<int:pk>/riwayat/", history, name="history"),
    path("<int:pk>/versi/<int:number>/", version, name="version"),
    path("<int:pk>/bandingkan/", compare, name="compare"),
    path("koreksi-atasan/<int:employee_pk>/", correct_superior, name="correct_superior"),
]

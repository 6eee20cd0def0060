"""SKP pages: change during the year (transfer, new position, new superior), for HR admins."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import Position
from kinerja.plans.changes import (
    PlanChangeError,
    employee_transfer,
    plan_close_and_continue,
)
from kinerja.plans.models import ChangeReason, PerformancePlan
from kinerja.plans.permissions import is_hr_for, plan_get_visible

CONTENT_CHOICES = [
    ("auto", gettext_lazy("Otomatis: disalin bila jabatan tetap sama, kosong bila jabatan lain")),
    ("copy", gettext_lazy("Salin RHK, IKI, target dan bobot dari SKP lama")),
    ("empty", gettext_lazy("Mulai kosong")),
]
COPY = {"auto": None, "copy": True, "empty": False}


class PositionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Position) -> str:
        return f"{obj.name} · {obj.unit.name}"


class PlanChangeForm(forms.Form):
    """The date, the reason, the new position and what the new SKP starts with."""

    on = forms.DateField(
        label=gettext_lazy("Tanggal perubahan berlaku"),
        help_text=gettext_lazy(
            "Hari pertama di jabatan baru atau dengan atasan baru. SKP yang berjalan "
            "ditutup sehari sebelumnya."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Isi tanggal perubahan."),
            "invalid": gettext_lazy("Tanggal tidak valid."),
        },
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Alasan"),
        choices=ChangeReason.choices,
        error_messages={
            "required": gettext_lazy("Pilih alasan perubahan."),
            "invalid_choice": gettext_lazy("Pilih salah satu alasan dari daftar."),
        },
    )
    position = PositionChoiceField(
        label=gettext_lazy("Jabatan baru"),
        queryset=Position.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Wajib untuk mutasi atau jabatan baru; kosongkan untuk atasan baru."
        ),
        error_messages={"invalid_choice": gettext_lazy("Pilih jabatan dari daftar.")},
    )
    content = forms.ChoiceField(
        label=gettext_lazy("Isi SKP baru"), choices=CONTENT_CHOICES, initial="auto"
    )

    def __init__(self, *args: Any, plan: PerformancePlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["position"].queryset = (  # type: ignore[attr-defined]
            Position.objects.filter(instansi_id=plan.employee.instansi_id)
            .select_related("unit")
            .order_by("unit__name", "name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reason, position = data.get("reason"), data.get("position")
        if reason and reason != ChangeReason.NEW_SUPERIOR and position is None:
            self.add_error("position", _("Pilih jabatan baru untuk mutasi atau jabatan baru."))
        return data


@login_required
def change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    plan = plan_get_visible(viewer, pk)
    if not is_hr_for(viewer, plan):
        raise PermissionDenied
    following = plan.continued_by.select_related("position").first()
    form = PlanChangeForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["reason"] == ChangeReason.NEW_SUPERIOR:
                plan_close_and_continue(
                    plan=plan,
                    on=data["on"],
                    reason=data["reason"],
                    actor=request.user,
                    position=data["position"],
                    copy_content=COPY[data["content"]],
                )
            else:
                employee_transfer(
                    employee=plan.employee,
                    position=data["position"],
                    on=data["on"],
                    actor=request.user,
                    reason=data["reason"],
                    copy_content=COPY[data["content"]],
                    plan=plan,
                )
        except PlanChangeError as error:
            field = error.code if error.code in form.fields else None
            form.add_error(field, error.messages[0])
        else:
            messages.success(
                request,
                _("Perubahan dicatat: SKP lama ditutup dan SKP baru dibuat sebagai draf."),
            )
            return redirect("dashboards:employee", plan.employee_id)
    return render(
        request,
        "plans/change_form.html",
        {"plan": plan, "form": form, "following": following},
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/perubahan/", change, name="change"),
]

"""Masukan Rekan: anonymous input from peers and subordinates on a colleague's behaviour."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.core.params import id_param
from kinerja.cycles.models import Period
from kinerja.evaluations.peer import (
    COMMENT_MAX,
    PeerInputError,
    min_responses,
    peer_input_answered,
    peer_input_give,
    peer_relation,
    peer_target_list,
)
from kinerja.organisation.access import employee_list_visible, viewer_for
from kinerja.plans.models import CoreValue, PerformancePlan, RatingChoice


class PeerInputForm(forms.Form):
    """A rating for each BerAKHLAK value the respondent chooses, and a comment."""

    comment = forms.CharField(
        label=gettext_lazy("Masukan (opsional)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Tulis perilaku yang Anda amati, bukan tentang pribadinya. Jangan menulis hal yang "
            "dapat menunjukkan siapa Anda bila ingin tetap anonim."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", gettext_lazy("Tidak menilai")), *RatingChoice.choices]
        for value in CoreValue:
            self.fields[f"rating_{value.value}"] = forms.ChoiceField(
                label=value.label,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial="",
                error_messages={"invalid_choice": gettext_lazy("Pilih salah satu rating.")},
            )

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[f"rating_{v.value}"] for v in CoreValue]

    def ratings(self) -> dict[str, str]:
        return {
            v.value: self.cleaned_data[f"rating_{v.value}"]
            for v in CoreValue
            if self.cleaned_data.get(f"rating_{v.value}")
        }


@login_required
@require_GET
def peer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "evaluations/peer_list.html",
        {"targets": peer_target_list(user=request.user), "min_responses": min_responses()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def peer_give(request: AuthenticatedHttpRequest, plan_pk: int, period_pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    if id_param(plan_pk) is None or id_param(period_pk) is None:
        raise Http404
    plan = (
        PerformancePlan.objects.filter(pk=plan_pk)
        .select_related("employee", "position__unit", "year")
        .first()
    )
    period = Period.objects.filter(pk=period_pk).select_related("year").first()
    if plan is None or period is None or period.year_id != plan.year_id:
        raise Http404
    if peer_relation(viewer.employee, plan, period) is None:
        # Those who may see the SKP learn they may not answer; to anyone else it does not exist.
        if employee_list_visible(viewer).filter(pk=plan.employee_id).exists():
            raise PermissionDenied
        raise Http404
    answered = peer_input_answered(user=request.user, plan=plan, period=period)
    form = PeerInputForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            peer_input_give(
                user=request.user,
                plan=plan,
                period=period,
                ratings=form.ratings(),
                comment=form.cleaned_data["comment"],
            )
        except PeerInputError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Terima kasih. Masukan Anda tersimpan tanpa nama Anda."))
            return redirect("evaluations:peer_list")
    return render(
        request,
        "evaluations/peer_give.html",
        {"plan": plan, "period": period, "form": form, "answered": answered},
    )

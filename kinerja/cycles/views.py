"""Pages for HR: the instansi's appraisal years and each year's scoring policy.

HR admins of the instansi change the policy; its auditors read it; everyone else is refused
(403). A year of another instansi is hidden (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.cycles.forms import ObjectionDaysForm, PolicyForm
from kinerja.cycles.models import AppraisalYear
from kinerja.cycles.permissions import (
    may_change_policy,
    require_change_policy,
    require_policies,
    year_get_visible,
    years_visible,
)
from kinerja.cycles.policy_labels import policy_rows
from kinerja.cycles.selectors import objection_days_history, policy_history
from kinerja.cycles.services import (
    OBJECTION_DAY_FIELDS,
    PolicyChangeRefused,
    objection_days_change,
    policy_change,
)
from kinerja.organisation.access import viewer_for


@login_required
def years(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_policies(viewer)
    listed = (
        years_visible(viewer)
        .annotate(changes=Count("policy_changes"), last_changed=Max("policy_changes__changed_at"))
        .order_by("instansi__name", "-year")
    )
    return render(request, "cycles/years.html", {"years": listed})


@login_required
@require_http_methods(["GET", "POST"])
def policy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_policies(viewer)
    year = year_get_visible(viewer, pk)
    can_change = may_change_policy(viewer, year)
    current = year.scoring_policy()
    form = None
    failed = False
    if can_change:
        form = PolicyForm(request.POST if request.method == "POST" else None, policy=current)
    if request.method == "POST":
        require_change_policy(viewer, year)
        assert form is not None
        if form.is_valid() and (new := form.policy(current)) is not None:
            try:
                change = policy_change(
                    year=year,
                    actor=request.user,
                    policy=new,
                    reason=form.cleaned_data["reason"],
                    based_on=form.cleaned_data["based_on"] or None,
                )
            except PolicyChangeRefused as error:
                form.add_error(None, error.messages[0])
                failed = True
            else:
                messages.success(
                    request,
                    _("Kebijakan disimpan sebagai versi %(version)s.")
                    % {"version": change.version},
                )
                return redirect("cycles:policy", year.pk)
        else:
            failed = True
    days_form = _days_form(year) if can_change else None
    return _policy_page(request, year, form, failed, days_form, can_change=can_change)


def _policy_page(
    request: AuthenticatedHttpRequest,
    year: AppraisalYear,
    form: PolicyForm | None,
    failed: bool,
    days_form: ObjectionDaysForm | None,
    *,
    can_change: bool,
) -> HttpResponse:
    current = year.scoring_policy()
    return render(
        request,
        "cycles/policy.html",
        {
            "year": year,
            "policy": current,
            "rows": policy_rows(current),
            "history": policy_history(year),
            "form": form,
            "can_change": can_change,
            "failed": failed,
            "days_form": days_form,
            "days_history": objection_days_history(year),
        },
    )


def _days_form(year: AppraisalYear) -> ObjectionDaysForm:
    return ObjectionDaysForm(initial={name: getattr(year, name) for name in OBJECTION_DAY_FIELDS})


@login_required
@require_POST
def objection_days(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """HR sets the year's objection deadlines; a bad value shows the policy page with errors."""
    viewer = viewer_for(request.user)
    require_policies(viewer)
    year = year_get_visible(viewer, pk)
    require_change_policy(viewer, year)
    form = ObjectionDaysForm(request.POST)
    if form.is_valid():
        try:
            objection_days_change(
                year=year,
                actor=request.user,
                values={name: form.cleaned_data[name] for name in OBJECTION_DAY_FIELDS},
                reason=form.cleaned_data["reason"],
            )
        except PolicyChangeRefused as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("Batas waktu keberatan disimpan."))
            return redirect(reverse("cycles:policy", args=[year.pk]) + "#objection-days")
    policy_form = PolicyForm(policy=year.scoring_policy())
    return _policy_page(request, year, policy_form, False, form, can_change=True)


urlpatterns = [
    path("", years, name="years"),
    path("<int:pk>/kebijakan/", policy, name="policy"),
    path("<int:pk>/keberatan/", objection_days, name="objection_days"),
]

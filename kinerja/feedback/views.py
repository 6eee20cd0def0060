"""The feedback page of one SKP and its forms (messages, check-ins, follow-up plans).

Every POST is refused (403) before its input is read when the viewer is not in
the conversation; a hidden SKP is 404. Bad input renders the page again with
the message beside the form it came from, and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.core.params import id_param
from kinerja.feedback.forms import CheckInForm, CloseForm, FollowUpForm, MessageForm
from kinerja.feedback.models import FollowUpPlan
from kinerja.feedback.permissions import FeedbackRights, feedback_rights, plan_get_visible
from kinerja.feedback.selectors import plan_feedback
from kinerja.feedback.services import (
    FeedbackError,
    check_in_record,
    feedback_post,
    follow_up_add,
    follow_up_close,
)
from kinerja.organisation.access import viewer_for
from kinerja.plans.models import CoreValue, PerformancePlan, PlannedResult


def _id(pk: int) -> int:
    """An id from the path; thirty digits would overflow the database's integer (a 500)."""
    checked = id_param(pk)
    if checked is None:
        raise Http404
    return checked


def _open(request: AuthenticatedHttpRequest, pk: int) -> tuple[PerformancePlan, FeedbackRights]:
    plan = plan_get_visible(viewer_for(request.user), _id(pk))
    return plan, feedback_rights(viewer_for(request.user), plan)


def _page(
    request: AuthenticatedHttpRequest,
    plan: PerformancePlan,
    rights: FeedbackRights,
    *,
    failed: tuple[str, Any, Any] | None = None,
) -> HttpResponse:
    """The page; `failed` is (group, key, bound form) of a POST that saved nothing."""
    page = plan_feedback(plan)
    forms: dict[str, Any] = {
        "rhk": {t.result.pk: MessageForm(prefix=f"rhk-{t.result.pk}") for t in page.results},
        "value": {v.value: MessageForm(prefix=f"value-{v.value}") for v in page.values},
        "close": {
            f.pk: CloseForm(prefix=f"close-{f.pk}")
            for row in page.indicators
            for f in row.follow_ups
        },
        "check_in": CheckInForm(prefix="check-in"),
        "follow_up": FollowUpForm(prefix="follow-up", plan=plan, penilai=rights.penilai),
    }
    if failed is not None:
        group, key, form = failed
        if key is None:
            forms[group] = form
        else:
            forms[group][key] = form
    return render(
        request,
        "feedback/plan.html",
        {"page": page, "plan": plan, "rights": rights, "forms": forms},
    )


def _back(plan: PerformancePlan, anchor: str) -> HttpResponse:
    return redirect(reverse("feedback:plan", args=[plan.pk]) + f"#{anchor}")


def _errors(form: Any, error: FeedbackError) -> Any:
    for text in error.messages:
        form.add_error(None, text)
    return form


@login_required
@require_GET
def plan_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan, rights = _open(request, pk)
    return _page(request, plan, rights)


@login_required
@require_POST
def result_post(request: AuthenticatedHttpRequest, pk: int, result_pk: int) -> HttpResponse:
    plan, rights = _open(request, pk)
    result = PlannedResult.objects.filter(pk=_id(result_pk), plan=plan).first()
    if result is None:
        raise Http404
    if not rights.may_write:
        raise PermissionDenied
    form = MessageForm(request.POST, prefix=f"rhk-{result.pk}")
    if form.is_valid():
        try:
            feedback_post(rights=rights, plan=plan, result=result, text=form.cleaned_data["text"])
        except FeedbackError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Umpan balik terkirim."))
            return _back(plan, f"rhk-{result.pk}")
    return _page(request, plan, rights, failed=("rhk", result.pk, form))


@login_required
@require_POST
def value_post(request: AuthenticatedHttpRequest, pk: int, value: str) -> HttpResponse:
    plan, rights = _open(request, pk)
    if value not in CoreValue.values:
        raise Http404
    if not rights.may_write:
        raise PermissionDenied
    form = MessageForm(request.POST, prefix=f"value-{value}")
    if form.is_valid():
        try:
            feedback_post(rights=rights, plan=plan, value=value, text=form.cleaned_data["text"])
        except FeedbackError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Umpan balik terkirim."))
            return _back(plan, f"value-{value}")
    return _page(request, plan, rights, failed=("value", value, form))


@login_required
@require_POST
def check_in(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan, rights = _open(request, pk)
    if not rights.may_check_in:
        raise PermissionDenied
    form = CheckInForm(request.POST, prefix="check-in")
    if form.is_valid():
        try:
            check_in_record(rights=rights, plan=plan, **form.cleaned_data)
        except FeedbackError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Check-in dicatat."))
            return _back(plan, "check-ins")
    return _page(request, plan, rights, failed=("check_in", None, form))


@login_required
@require_POST
def follow_up_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan, rights = _open(request, pk)
    if not rights.may_follow_up:
        raise PermissionDenied
    form = FollowUpForm(request.POST, prefix="follow-up", plan=plan, penilai=rights.penilai)
    if form.is_valid():
        try:
            follow_up_add(rights=rights, plan=plan, **form.cleaned_data)
        except FeedbackError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Rencana tindak lanjut ditambahkan."))
            return _back(plan, "follow-ups")
    return _page(request, plan, rights, failed=("follow_up", None, form))


@login_required
@require_POST
def follow_up_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    follow_up = FollowUpPlan.objects.filter(pk=_id(pk)).only("pk", "plan_id").first()
    if follow_up is None:
        raise Http404
    plan = plan_get_visible(viewer, follow_up.plan_id)
    rights = feedback_rights(viewer, plan)
    if not rights.may_follow_up:
        raise PermissionDenied
    form = CloseForm(request.POST, prefix=f"close-{follow_up.pk}")
    if form.is_valid():
        try:
            follow_up_close(rights=rights, follow_up=follow_up, note=form.cleaned_data["note"])
        except FeedbackError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Rencana tindak lanjut ditandai selesai."))
            return _back(plan, f"follow-up-{follow_up.pk}")
    return _page(request, plan, rights, failed=("close", follow_up.pk, form))

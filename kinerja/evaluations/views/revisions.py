"""Recomputing a year's final evaluations under its current policy: preview, then run."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.cycles.permissions import require_policies, year_get_visible
from kinerja.evaluations.recompute import (
    PREVIEW_ROWS,
    PolicyRecomputeError,
    may_recompute,
    policy_recompute_jobs,
    policy_recompute_preview,
    policy_recompute_start,
)
from kinerja.organisation.access import viewer_for


@login_required
@require_http_methods(["GET", "POST"])
def policy_recompute(request: AuthenticatedHttpRequest, year_pk: int) -> HttpResponse:
    """HR admins run it; auditors of the instansi read the preview; others are refused."""
    viewer = viewer_for(request.user)
    require_policies(viewer)
    year = year_get_visible(viewer, year_pk)
    can_run = may_recompute(request.user, year)  # the rule policy_recompute_start applies
    error = ""
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        try:
            job = policy_recompute_start(request.user, year)
        except PolicyRecomputeError as refused:
            error = str(refused)
        else:
            messages.success(request, _("Hitung ulang dimulai: %(label)s.") % {"label": job.label})
            return redirect("evaluations:policy_recompute", year.pk)
    preview = policy_recompute_preview(year)
    jobs = policy_recompute_jobs(year)
    return render(
        request,
        "evaluations/policy_recompute.html",
        {
            "year": year,
            "preview": preview,
            "rows": preview.changes,
            "preview_rows": PREVIEW_ROWS,
            "jobs": jobs,
            "unfinished": [job for job in jobs if not job.finished],
            "can_run": can_run,
            "error": error,
        },
    )

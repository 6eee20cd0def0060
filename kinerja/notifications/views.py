"""Notifikasi: the user's own list, marking read, and their preferences.

Every logged-in user has these pages, whatever their role; each shows and
changes only the user's own data, and another person's notification is absent (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.core.params import id_param
from kinerja.notifications import selectors, services
from kinerja.notifications.forms import PreferenceForm
from kinerja.notifications.models import Notification


@login_required
@require_GET
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = selectors.notification_list(request.user)
    return render(
        request,
        "notifications/list.html",
        {"rows": rows, "unread": sum(1 for n in rows if n.read_at is None)},
    )


@login_required
@require_POST
def read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read; with `open`, go on to what it is about."""
    notification_id = id_param(pk)
    if notification_id is None:
        raise Http404
    try:
        notification = services.notification_mark_read(
            user=request.user, notification_id=notification_id
        )
    except Notification.DoesNotExist:
        raise Http404 from None
    link = notification.link
    # The link is ours (a path written by the collector); refuse anything else all the same.
    if (
        "open" in request.POST
        and link
        and url_has_allowed_host_and_scheme(link, allowed_hosts=None)
    ):
        return redirect(link)
    return redirect("notifications:list")


@login_required
@require_POST
def read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notifikasi ditandai sudah dibaca.",
                "%(count)d notifikasi ditandai sudah dibaca.",
                count,
            )
            % {"count": count},
        )
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = selectors.preference_get(request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.preference_save(
                user=request.user,
                email_daily=form.cleaned_data["email_daily"],
                muted_kinds=form.cleaned_data["muted_kinds"],
            )
            messages.success(request, _("Pengaturan notifikasi disimpan."))
            return redirect("notifications:preferences")
    else:
        form = PreferenceForm(
            initial={"email_daily": current.email_daily, "muted_kinds": current.muted_kinds}
        )
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
    )

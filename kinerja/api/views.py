"""HR pages for source systems and their API tokens (/sistem-sumber/).

HR admins of an instansi manage its sources and tokens; auditors read them;
everyone else is refused (403). A source of another instansi is hidden (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.organisation.access import viewer_for

from .forms import SourceForm, TokenForm
from .permissions import (
    instansi_manageable,
    may_manage,
    require_manage,
    require_sources,
)
from .selectors import (
    catalogue_for,
    source_get_visible,
    source_list_visible,
    token_get_visible,
    token_list,
)
from .services import source_create, source_update, token_create, token_revoke


@login_required
def sources(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_sources(viewer)
    return render(
        request,
        "api/sources.html",
        {
            "sources": source_list_visible(viewer).order_by("instansi__name", "name"),
            "can_create": instansi_manageable(viewer).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def source_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_sources(viewer)
    instansi = instansi_manageable(viewer)
    if not instansi.exists():
        raise PermissionDenied
    form = SourceForm(request.POST or None, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = source_create(
            actor=request.user,
            instansi=data["instansi"],
            name=data["name"],
            kind=data["kind"],
            description=data["description"],
            trusted=data["trusted"],
            active=data["active"],
        )
        messages.success(
            request, _("Sistem sumber dibuat. Buat token agar sistemnya dapat mengirim data.")
        )
        return redirect("api:source_detail", source.pk)
    return render(
        request, "api/source_form.html", {"form": form, "title": _("Tambah sistem sumber")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def source_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_sources(viewer)
    source = source_get_visible(viewer, pk)
    require_manage(viewer, source)
    form = SourceForm(request.POST or None, instansi=instansi_manageable(viewer), source=source)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source_update(
            source=source,
            name=data["name"],
            kind=data["kind"],
            description=data["description"],
            trusted=data["trusted"],
            active=data["active"],
        )
        messages.success(request, _("Sistem sumber diperbarui."))
        return redirect("api:source_detail", source.pk)
    return render(
        request,
        "api/source_form.html",
        {"form": form, "source": source, "title": _("Ubah sistem sumber")},
    )


@login_required
def source_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_sources(viewer)
    source = source_get_visible(viewer, pk)
    return render(
        request,
        "api/source_detail.html",
        {
            "source": source,
            "tokens": token_list(source),
            "can_manage": may_manage(viewer, source),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_sources(viewer)
    source = source_get_visible(viewer, pk)
    require_manage(viewer, source)
    form = TokenForm(request.POST or None, catalogue=catalogue_for(source))
    if request.method == "POST" and form.is_valid():
        issued = token_create(
            actor=request.user,
            source=source,
            name=form.cleaned_data["name"],
            indicators=form.cleaned_data["indicators"],
            expires_at=form.expires_at(),
        )
        # Rendered, not redirected: the secret must never sit in a URL, a session or a log.
        response = render(
            request,
            "api/token_issued.html",
            {"source": source, "token": issued.token, "secret": issued.secret},
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "api/token_form.html", {"form": form, "source": source})


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_sources(viewer)
    token = token_get_visible(viewer, pk)
    require_manage(viewer, token.data_source)
    if request.method == "POST":
        token_revoke(actor=request.user, token=token)
        messages.success(
            request,
            _("Token %(name)s dicabut; permintaan dengannya kini ditolak.") % {"name": token.name},
        )
        return redirect("api:source_detail", token.data_source_id)
    return render(request, "api/token_revoke.html", {"token": token, "source": token.data_source})

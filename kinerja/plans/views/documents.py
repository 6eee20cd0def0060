"""SKP pages: the document, as a PDF and as a page for the browser's print."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.organisation.access import viewer_for
from kinerja.plans.documents import skp_document_context, skp_pdf
from kinerja.plans.permissions import plan_get_visible


@login_required
@require_safe
def plan_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The SKP as a PDF; `?unduh=1` asks the browser to save it instead of showing it."""
    plan = plan_get_visible(viewer_for(request.user), pk)
    document = skp_document_context(plan)
    response = HttpResponse(skp_pdf(plan, document=document), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("unduh") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{document.filename}"'
    # An SKP names people and their targets: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def plan_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The same document as a page, laid out for the browser's print."""
    plan = plan_get_visible(viewer_for(request.user), pk)
    return render(
        request, "plans/pdf/print.html", {"plan": plan, "document": skp_document_context(plan)}
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/pdf/", plan_pdf, name="pdf"),
    path("<int:pk>/cetak/", plan_print, name="print"),
]

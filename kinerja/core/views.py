"""Small site-wide views."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static

from kinerja.core.http import AuthenticatedHttpRequest
from kinerja.core.models import BackgroundJob


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico on pages (the admin's) that name no icon.

    Resolved per request: with the manifest storage the hashed name is only
    known once collectstatic has run, never at import time.
    """
    return HttpResponsePermanentRedirect(static("kinerja/favicon.svg"))


@login_required
def job_status(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """Progress of a background job, polled by the page that started it.

    Only the person who started the job (or a superuser) sees it; anyone else
    gets the same 404 as for a job that does not exist.
    """
    job = BackgroundJob.objects.filter(pk=pk).first()
    if job is None or not (request.user.is_superuser or job.started_by_id == request.user.pk):
        raise Http404
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": job.finished,
            "message": job.message,
        }
    )

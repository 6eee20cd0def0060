"""Small site-wide views."""

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico on pages (the admin's) that name no icon.

    Resolved per request: with the manifest storage the hashed name is only
    known once collectstatic has run, never at import time.
    """
    return HttpResponsePermanentRedirect(static("kinerja/favicon.svg"))

"""The queue machines' endpoint: POST a batch of ticket events, get the counts back.

The API app mounts this router under its token authentication, so inside a
handler `request.auth` is the ApiToken and `request.auth.data_source` the
source the events come from. This module must not import kinerja.api (a
higher layer); it only relies on that attribute.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router

from kinerja.measurements.models import DataSource
from kinerja.servicetimes.services import MAX_EVENTS, IngestError, events_ingest

router = Router(tags=["antrean"])


def _refusal(status: int, message: str) -> JsonResponse:
    # The error shape of the whole API (kinerja.api.errors): detail, then items.
    return JsonResponse({"detail": message, "errors": []}, status=status)


@router.post(
    "/antrean/peristiwa",
    url_name="queue_events",
    summary="Kirim peristiwa tiket antrean",
    description=(
        "Body: array JSON berisi paling banyak 1000 peristiwa (lihat docs/api-antrean.md). "
        "Jawaban: jumlah diterima, baru, diperbarui, tanpa perubahan, ditolak, dan kesalahan "
        "per peristiwa (indeks, kolom, pesan)."
    ),
)
def events_post(request: HttpRequest) -> JsonResponse:
    source = getattr(getattr(request, "auth", None), "data_source", None)
    if not isinstance(source, DataSource):
        return _refusal(403, _("Token ini tidak terhubung ke sistem sumber."))
    # Parsed by hand rather than through a schema: every refusal is then a
    # message in Indonesian with the event's index, never a validator's English.
    try:
        events: Any = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return _refusal(400, _("Isi permintaan bukan JSON yang sah."))
    if isinstance(events, dict) and isinstance(events.get("peristiwa"), list):
        events = events["peristiwa"]
    if not isinstance(events, list):
        return _refusal(400, _("Kirim array JSON berisi peristiwa tiket."))
    if len(events) > MAX_EVENTS:
        return _refusal(
            413, _("Paling banyak %(max)s peristiwa per kiriman.") % {"max": MAX_EVENTS}
        )
    try:
        result = events_ingest(source=source, events=events)
    except IngestError as error:
        return _refusal(403, str(error))
    return JsonResponse(result.as_dict(), status=200)

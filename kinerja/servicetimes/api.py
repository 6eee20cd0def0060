"""The queue machines' endpoint: POST a batch of ticket events, get the counts back.

The API app mounts this router under its token authentication, so inside a
handler `request.auth` is the ApiToken: `data_source` is the source the
events come from, and `allows(indicator_id)` says whether a catalogue
indicator is in the token's scope. This module must not import kinerja.api
(a higher layer); it relies on those two names only.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router

from kinerja.indicators.models import Indicator, ServiceMetric
from kinerja.measurements.models import DataSource
from kinerja.servicetimes.services import MAX_EVENTS, IngestError, events_ingest

router = Router(tags=["antrean"])


def _refusal(status: int, message: str) -> JsonResponse:
    # The error shape of the whole API (kinerja.api.errors): detail, then items.
    return JsonResponse({"detail": message, "errors": []}, status=status)


def _scope(token: Any, source: DataSource) -> frozenset[int]:
    """The service-metric catalogue indicators of the source's instansi the token allows."""
    allows = getattr(token, "allows", None)
    if not callable(allows):
        return frozenset()
    candidates = Indicator.objects.filter(
        instansi_id=source.instansi_id, service_metric__in=ServiceMetric.values
    ).values_list("pk", flat=True)
    return frozenset(pk for pk in candidates if allows(pk))


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
    token = getattr(request, "auth", None)
    source = getattr(token, "data_source", None)
    if not isinstance(source, DataSource):
        return _refusal(403, _("Token ini tidak terhubung ke sistem sumber."))
    scope = _scope(token, source)
    if not scope:
        # Refused before anything is stored: a token meant for other indicators
        # (e.g. a dapodik one) must not write waiting times, nor even tickets.
        return _refusal(403, _("Token ini tidak mencakup indikator waktu layanan mana pun."))
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
        result = events_ingest(source=source, events=events, indicator_ids=scope)
    except IngestError as error:
        return _refusal(403, str(error))
    return JsonResponse(result.as_dict(), status=200)

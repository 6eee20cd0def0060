"""The /healthz probe: is the database reachable, is the broker reachable."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except Exception:
        return False


def _broker_state() -> str:
    """'embedded' when tasks run in-process, else 'ok' or 'down'."""
    if settings.CELERY_BROKER_URL is None:
        return "embedded"
    from kinerja.celery import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            # Retry at once: kombu's default 2 s pause would stall the probe itself.
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return "ok"
    except Exception:
        return "down"


def healthz(request: HttpRequest) -> JsonResponse:
    database = "ok" if _database_ok() else "down"
    broker = _broker_state()
    healthy = database == "ok" and broker != "down"
    return JsonResponse(
        {"status": "ok" if healthy else "down", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )

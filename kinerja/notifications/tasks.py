"""Background jobs of the notifications app: one-line wrappers around services."""

from __future__ import annotations

from celery import shared_task

from kinerja.notifications.services import digests_send, notifications_collect


@shared_task(name="notifications.collect")
def collect() -> int:
    """Turn new SKP steps and waiting realisasi into notifications; returns how many were new."""
    return notifications_collect().created


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    """Send today's e-mail digests; returns how many were sent."""
    return digests_send().sent

"""`kinerja send_digests`: today's e-mail digest of unread notifications (run it daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kinerja.notifications.services import digests_send
from kinerja.notifications.tasks import send_digests


class Command(BaseCommand):
    help = (
        "E-mail each person one digest of the notifications they have not read since their "
        "last digest. Nobody gets two on one day, so it is safe to run more often."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--background", action="store_true", help="queue a Celery job instead of waiting"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["background"]:
            self.stdout.write(f"queued as job {send_digests.delay().id}")
            return
        done = digests_send()
        self.stdout.write(self.style.SUCCESS(f"{done.sent} digests sent"))

"""`kinerja collect_notifications`: turn new SKP steps and waiting realisasi into notifications."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kinerja.notifications.services import notifications_collect
from kinerja.notifications.tasks import collect


class Command(BaseCommand):
    help = (
        "Create the notifications for SKP steps and realisasi waiting for verification. "
        "Running it twice creates nothing twice; run it every few minutes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--background", action="store_true", help="queue a Celery job instead of waiting"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["background"]:
            self.stdout.write(f"queued as job {collect.delay().id}")
            return
        done = notifications_collect()
        self.stdout.write(
            self.style.SUCCESS(
                f"{done.created} created, {done.updated} updated, {done.removed} removed"
            )
        )

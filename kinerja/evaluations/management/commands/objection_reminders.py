"""`kinerja objection_reminders`: today's objection deadline reminders (run it daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kinerja.evaluations.objections import objection_reminders_send
from kinerja.evaluations.tasks import objection_reminders


class Command(BaseCommand):
    help = (
        "Remind the penilai, the atasan penilai and the pegawai of objection deadlines "
        "that fall today or tomorrow, or have passed. Nobody gets the same reminder twice, "
        "so it is safe to run more often."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--background", action="store_true", help="queue a Celery job instead of waiting"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["background"]:
            self.stdout.write(f"queued as job {objection_reminders.delay().id}")
            return
        sent = objection_reminders_send()
        self.stdout.write(self.style.SUCCESS(f"{sent} reminders sent"))

"""`kinerja remind_late_plans`: remind everyone whose SKP is late (run it daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinerja.core import clock
from kinerja.cycles.models import AppraisalYear
from kinerja.plans.deadline import plan_deadline, plan_reminders_send
from kinerja.plans.tasks import send_plan_reminders


class Command(BaseCommand):
    help = (
        "Send a reminder to every employee whose SKP is not approved after the deadline. "
        "Nobody is reminded twice on one day, so it is safe to run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "year", type=int, nargs="?", help="the appraisal year; this year when omitted"
        )
        parser.add_argument("--instansi", help="instansi code; all instansi when omitted")
        parser.add_argument(
            "--background", action="store_true", help="queue a Celery job instead of waiting"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = clock.today()
        number = options["year"] or today.year
        years = AppraisalYear.objects.filter(year=number).select_related("instansi")
        if options["instansi"]:
            years = years.filter(instansi__code=options["instansi"])
        if not years.exists():
            raise CommandError(f"No appraisal year {number} found.")
        for year in years:
            deadline = plan_deadline(year)
            if today <= deadline:
                self.stdout.write(f"{year}: deadline {deadline:%Y-%m-%d} not passed, nothing sent")
                continue
            if options["background"]:
                result = send_plan_reminders.delay(year.pk)
                self.stdout.write(f"{year}: queued as job {result.id}")
                continue
            sent = plan_reminders_send(year=year, actor=None)
            self.stdout.write(
                self.style.SUCCESS(f"{year}: {sent.reminded} reminded, {sent.emailed} by e-mail")
            )

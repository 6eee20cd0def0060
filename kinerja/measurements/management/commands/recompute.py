"""`kinerja recompute`: recompute every standing of an appraisal year (after a policy change)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinerja.cycles.models import AppraisalYear
from kinerja.measurements.recompute import (
    RecomputeError,
    recompute_queue_system,
    recompute_running,
)
from kinerja.measurements.services import standing_recompute_year


class Command(BaseCommand):
    help = "Recompute the capaian of every IKI and SKP of an appraisal year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int, help="the appraisal year, e.g. 2026")
        parser.add_argument("--instansi", help="instansi code; all instansi when omitted")
        parser.add_argument(
            "--background",
            action="store_true",
            help="queue a background job (watched on /realisasi/hitung-ulang/) instead of waiting",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years = AppraisalYear.objects.filter(year=options["year"])
        if options["instansi"]:
            years = years.filter(instansi__code=options["instansi"])
        if not years.exists():
            raise CommandError(f"No appraisal year {options['year']} found.")
        for year in years.select_related("instansi"):
            if options["background"]:
                try:
                    job = recompute_queue_system(year)
                except RecomputeError as error:
                    raise CommandError(str(error)) from None
                self.stdout.write(f"{year}: queued as job {job.pk}")
                continue
            running = recompute_running(year)
            if running is not None:
                raise CommandError(
                    f"{year}: a recompute is already {running.status} (job {running.pk}); "
                    "wait for it to finish."
                )

            def progress(done: int, total: int, label: str = str(year)) -> None:
                percent = done * 100 // total if total else 100
                self.stdout.write(f"{label}: {done}/{total} SKP ({percent}%)")

            total = standing_recompute_year(year_id=year.pk, progress=progress)
            self.stdout.write(self.style.SUCCESS(f"{year}: {total} SKP recomputed"))

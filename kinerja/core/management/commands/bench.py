"""`kinerja bench`: measure page, refresh and recompute speed on generated data."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinerja.demo.bench import Targets, bench_run, import_purge, report_lines
from kinerja.demo.purge import instansi_purge
from kinerja.organisation.models import Instansi


class Command(BaseCommand):
    help = "Seed a throwaway instansi and measure what users wait for; fails on a missed target."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employees", type=int, default=2000, help="size of the instansi")
        parser.add_argument("--samples", type=int, default=30, help="requests per scenario")
        parser.add_argument("--instansi", default="bench", help="code of the throwaway instansi")
        parser.add_argument("--page-p95-ms", type=float, default=Targets.page_p95_ms)
        parser.add_argument("--record-p95-ms", type=float, default=Targets.record_p95_ms)
        parser.add_argument("--keep", action="store_true", help="keep the generated data")
        parser.add_argument(
            "--import-rows",
            type=int,
            default=0,
            help="also import a generated CSV of this many realisasi rows (0: skip)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code: str = options["instansi"]
        if options["employees"] < 10 or options["samples"] < 1:
            raise CommandError("--employees must be at least 10 and --samples at least 1.")
        if options["import_rows"] < 0:
            raise CommandError("--import-rows must not be negative.")
        # Every seeded employee has 8 IKIs over 12 months: 96 rows of realisasi a year.
        employees = max(options["employees"], -(-options["import_rows"] // 90))
        if Instansi.objects.filter(code=code).exists():
            import_purge(code)
            instansi_purge([code])
        try:
            report = bench_run(
                employees=employees,
                instansi_code=code,
                samples=options["samples"],
                targets=Targets(options["page_p95_ms"], options["record_p95_ms"]),
                say=lambda line: self.stdout.write(line),
                import_rows=options["import_rows"],
            )
        finally:
            if not options["keep"]:
                import_purge(code)
                instansi_purge([code])
        self.stdout.write("")
        for line in report_lines(report):
            self.stdout.write(line)
        if not report.passed:
            raise CommandError("A target was missed (see MISSED above).")
        self.stdout.write(self.style.SUCCESS("Every target met."))

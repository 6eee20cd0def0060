"""`kinerja seed --employees N`: generate a government of N employees for load tests.

Same shape as the demo at any size (see kinerja.demo.seed); about eight IKIs
per SKP and a realisasi per IKI and month, so 100,000 employees over twelve
months make some ten million realisasi. Deterministic for a given --seed on an
empty database. Every account gets the same password (--password).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kinerja.demo.loader import DEMO_PASSWORD
from kinerja.demo.purge import instansi_purge
from kinerja.demo.seed import SeedOptions, seed_instansi
from kinerja.organisation.models import Instansi


class Command(BaseCommand):
    help = "Generate an instansi with N employees, SKPs and monthly realisasi (load tests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employees", type=int, required=True, help="how many employees")
        parser.add_argument("--instansi", default="uji-beban", help="instansi code to create")
        parser.add_argument("--name", default="", help="instansi name (default from the code)")
        parser.add_argument(
            "--months", type=int, default=12, help="months of realisasi from January (1-12)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed")
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password of every account")
        parser.add_argument(
            "--reset", action="store_true", help="delete the instansi first if it exists"
        )

    def say(self, message: str) -> None:
        """Progress, flushed at once so a redirected log shows it while the seed runs."""
        self.stdout.write(message)
        self.stdout.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        employees: int = options["employees"]
        months: int = options["months"]
        code: str = options["instansi"]
        if employees < 1:
            raise CommandError("--employees must be at least 1.")
        if not 1 <= months <= 12:
            raise CommandError("--months must lie in 1..12.")
        if Instansi.objects.filter(code=code).exists():
            if not options["reset"]:
                raise CommandError(f"Instansi {code!r} already exists; add --reset to replace it.")
            instansi_purge([code], say=self.say)
        name = options["name"] or f"Pemerintah Provinsi {code.replace('-', ' ').title()}"
        result = seed_instansi(
            SeedOptions(
                employees=employees,
                instansi_code=code,
                instansi_name=name,
                months=months,
                seed=options["seed"],
                password=options["password"],
                today=timezone.localdate(),
            ),
            say=self.say,
        )
        self.stdout.write("")
        self.stdout.write("Rows: " + ", ".join(f"{k} {v}" for k, v in result.counts.items()))
        self.stdout.write(
            "Seconds per stage: "
            + ", ".join(f"{k} {v:.1f}" for k, v in result.stages.items() if k != "total")
        )
        rate = result.counts.get("realisasi", 0) / result.seconds if result.seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{name} ({code}): {employees} employees in {result.seconds:.1f} s "
                f"({rate:,.0f} realisasi/s overall)."
            )
        )

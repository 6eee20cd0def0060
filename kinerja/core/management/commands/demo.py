"""`kinerja demo [addrport]`: a ready-to-click Kinerja on the embedded database.

Migrates, loads the demo data once (two governments, about ninety employees
with a year of realisasi and evaluations), prints the accounts to try, then
serves the site like `runserver`. `--no-serve` stops after printing;
`--reset` drops the demo instansi and loads them again.
"""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from kinerja.demo.loader import DEMO_PASSWORD, DemoAccount, demo_accounts, demo_load
from kinerja.demo.purge import instansi_purge
from kinerja.demo.structure import DEMO_CODES


class Command(BaseCommand):
    help = "Load the demo data (Provinsi Jambi, Kota Palangka Raya) and serve the site."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="as for runserver"
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="load and print the accounts only"
        )
        parser.add_argument(
            "--reset", action="store_true", help="drop the demo instansi and load them again"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Menyiapkan basis data …")
        call_command("migrate", interactive=False, verbosity=0)
        if options["reset"]:
            instansi_purge(DEMO_CODES, say=self.stdout.write)
        result = demo_load()
        if result.loaded:
            c = result.counts
            self.stdout.write(
                self.style.SUCCESS(
                    f"Data demo dimuat dalam {result.seconds:.1f} detik: "
                    f"{c['pegawai']} pegawai, {c['iki']} IKI, {c['realisasi']} realisasi, "
                    f"{c['evaluasi']} evaluasi."
                )
            )
        else:
            self.stdout.write("Data demo sudah ada; tidak ada yang ditambahkan.")
        self.stdout.write("")
        self._print_accounts(demo_accounts())
        self.stdout.write("")
        self.stdout.write(f"Kata sandi semua akun: {self.style.WARNING(DEMO_PASSWORD)}")
        if options["no_serve"]:
            return
        # No autoreloader: it would run this whole command again in a child process.
        serve = ["runserver", options["addrport"], "--noreload"]
        if isinstance(staticfiles_storage, ManifestFilesMixin):
            # Without DEBUG, {% static %} links hashed names from the manifest that
            # collectstatic writes; WhiteNoise serves those, runserver's finders cannot.
            self.stdout.write("Menyiapkan berkas statis …")
            call_command("collectstatic", interactive=False, verbosity=0)
            serve.append("--nostatic")
        else:
            serve.append("--insecure")
        call_command(*serve)

    def _print_accounts(self, accounts: list[DemoAccount]) -> None:
        header = DemoAccount("Pengguna", "Peran", "Nama", "Coba")
        rows = [header, *accounts]
        widths = [max(len(getattr(r, f)) for r in rows) for f in ("username", "role", "name")]
        for i, row in enumerate(rows):
            cells = [row.username, row.role, row.name]
            line = "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
            text = f"{line}  {row.hint}"
            self.stdout.write(self.style.MIGRATE_HEADING(text) if i == 0 else text)

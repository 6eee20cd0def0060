"""`kinerja import_run <batch>`: run one queued import batch in this process.

For an operator whose worker died with a batch still queued, and for the
benchmark, which measures the import in a process of its own so the peak
memory it reports is the import's and nothing else's.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinerja.core.params import id_param
from kinerja.imports.services import import_run
from kinerja.measurements.models import ImportBatch


class Command(BaseCommand):
    help = "Check and write one uploaded import batch (the background task, in this process)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch", help="id of the ImportBatch")

    def handle(self, *args: Any, **options: Any) -> None:
        batch_id = id_param(options["batch"])
        if batch_id is None or not ImportBatch.objects.filter(pk=batch_id).exists():
            raise CommandError(f"No import batch {options['batch']}.")
        batch = import_run(batch_id=batch_id)
        self.stdout.write(
            f"{batch.status}: {batch.rows_total} rows, {batch.rows_written} written, "
            f"{batch.rows_unchanged} unchanged, {batch.rows_invalid} invalid. {batch.message}"
        )
        if batch.status != ImportBatch.Status.DONE:
            raise CommandError(batch.message or batch.status)

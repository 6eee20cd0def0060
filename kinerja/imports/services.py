"""Writes of bulk imports: take a file, check it whole, write it in chunks, or revert it.

Every value goes through measurements.services.measurement_submit, the one
write path of realisasi, with the batch as its origin. The file is read twice,
streamed both times (check pass, then write pass), so memory stays flat
whatever its size; the only state kept between the passes is on disk (which
row first named each IKI and month, see checking.SeenKeys).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice
from pathlib import PurePath
from typing import TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.core.jobs import job_create, job_finish, job_progress, job_start
from kinerja.imports.checking import Checker, Ready, RowError, SeenKeys
from kinerja.imports.reading import FileError, RawRow, iter_rows
from kinerja.indicators.models import SourceKind
from kinerja.measurements.models import (
    EvidenceFile,
    ImportBatch,
    Measurement,
    MeasurementStatus,
)
from kinerja.measurements.services import (
    MeasurementError,
    Origin,
    Submission,
    measurements_submit,
    standing_recompute_plans,
)
from kinerja.organisation.models import Instansi

CHUNK_ROWS = 1000
ERRORS_KEPT = 1000
JOB_KIND = "import"
BUSY = (ImportBatch.Status.QUEUED, ImportBatch.Status.CHECKING, ImportBatch.Status.IMPORTING)
# A batch still "busy" this long after its upload was abandoned (its worker died
# and the task was lost): it no longer stands in the way of the same file again.
STALE_AFTER = timedelta(hours=3)

logger = logging.getLogger(__name__)

T = TypeVar("T")


class ImportRefused(ValueError):
    """An import action that cannot be done; the message is shown to the user."""


@dataclass(frozen=True)
class Upload:
    """A new batch to run, or the earlier batch of the same file (and nothing new)."""

    batch: ImportBatch | None
    earlier: ImportBatch | None


def file_format_of(name: str) -> str | None:
    suffix = PurePath(name).suffix.lower()
    return {".csv": "csv", ".xlsx": "xlsx"}.get(suffix)


def import_batch_create(
    *, user: User, instansi: Instansi, upload: UploadedFile[bytes], mode: str
) -> Upload:
    """Store an uploaded file as a queued batch, unless the same file is done or running.

    The same bytes already imported into the same instansi would change
    nothing, so no second batch is made and the earlier one is returned. A batch
    left busy for longer than STALE_AFTER is taken as abandoned, not as the same
    import still running, so the file can be uploaded again.
    """
    digest = hashlib.sha256()
    for part in upload.chunks():
        digest.update(part)
    sha256 = digest.hexdigest()
    earlier = (
        ImportBatch.objects.filter(instansi=instansi, sha256=sha256)
        .filter(
            Q(status=ImportBatch.Status.DONE)
            | Q(status__in=BUSY, created_at__gte=timezone.now() - STALE_AFTER)
        )
        .order_by("-created_at")
        .first()
    )
    if earlier is not None:
        return Upload(batch=None, earlier=earlier)
    name = PurePath(upload.name or "impor.csv").name
    file_format = file_format_of(name)
    if file_format is None:
        raise ImportRefused(_("Hanya berkas .csv atau .xlsx yang dapat diimpor."))
    upload.seek(0)
    with transaction.atomic():
        job = job_create(
            kind=JOB_KIND, label=_("Impor realisasi: %(name)s") % {"name": name}, started_by=user
        )
        batch = ImportBatch(
            instansi=instansi,
            uploaded_by=user,
            original_name=name[:255],
            sha256=sha256,
            file_format=file_format,
            mode=mode,
            job=job,
        )
        batch.file.save(name, upload, save=False)
        batch.save()
    return Upload(batch=batch, earlier=None)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _rows(batch: ImportBatch) -> Iterator[list[RawRow]]:
    with batch.file.open("rb") as stream:
        yield from _chunks(iter_rows(stream, batch.file_format), CHUNK_ROWS)


class _Abort(Exception):
    """A row failed while writing in all-or-nothing mode: the batch is reverted."""


@dataclass
class _Tally:
    rows: int = 0
    invalid: int = 0
    written: int = 0
    unchanged: int = 0

    def __post_init__(self) -> None:
        self.errors: list[RowError] = []

    def add_errors(self, errors: list[RowError], invalid_rows: int) -> None:
        self.invalid += invalid_rows
        room = ERRORS_KEPT - len(self.errors)
        if room > 0:
            self.errors.extend(errors[:room])


def _finish(batch: ImportBatch, status: str, tally: _Tally, message: str) -> ImportBatch:
    batch.status = status
    batch.rows_total = tally.rows
    batch.rows_invalid = tally.invalid
    batch.rows_written = tally.written
    batch.rows_unchanged = tally.unchanged
    batch.errors = [e.as_dict() for e in tally.errors]
    batch.message = message
    batch.finished_at = timezone.now()
    batch.save()
    if batch.job_id is not None:
        job_finish(batch.job_id, message=message, failed=status != ImportBatch.Status.DONE)
    return batch


def import_run(*, batch_id: int) -> ImportBatch:
    """Check the whole file, then write it (or refuse it), reporting progress on the job.

    All-or-nothing: one bad row and nothing is written (status INVALID); a row
    that fails while writing (the data changed meanwhile) reverts the batch.
    Valid-only: the good rows are written and the bad ones listed.
    """
    batch = ImportBatch.objects.select_related("uploaded_by").get(pk=batch_id)
    if batch.status in (
        ImportBatch.Status.DONE,
        ImportBatch.Status.INVALID,
        ImportBatch.Status.REVERTED,
    ):
        return batch  # a redelivered task: the batch has already run
    if batch.status == ImportBatch.Status.IMPORTING:
        # A worker died mid-write; take back what it wrote and start over.
        _revert_rows(batch)
    job_id = batch.job_id
    if job_id is not None:
        job_start(job_id)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.CHECKING)
    checker = Checker(batch.instansi_id)
    seen = SeenKeys()
    try:
        return _run(batch, checker, seen, job_id)
    finally:
        seen.close()


def _run(batch: ImportBatch, checker: Checker, seen: SeenKeys, job_id: int | None) -> ImportBatch:
    tally = _Tally()
    try:
        for chunk in _rows(batch):
            checked = checker.check(chunk, seen)
            tally.rows += len(chunk)
            tally.add_errors(checked.errors, checked.invalid_rows)
            if job_id is not None:
                job_progress(job_id, tally.rows)
    except FileError as error:
        return _finish(batch, ImportBatch.Status.INVALID, tally, str(error))
    except Exception:
        # Nothing is written in this pass, so whatever went wrong the batch can end
        # here; left CHECKING, it would hang for good and block the same file.
        logger.exception("import batch %s failed while checking", batch.pk)
        return _finish(
            batch,
            ImportBatch.Status.FAILED,
            tally,
            _(
                "Berkas tidak dapat diperiksa karena kesalahan yang tidak terduga; tidak ada "
                "yang disimpan. Periksa bahwa berkas dibuat dari templat, lalu unggah lagi. "
                "Bila terulang, hubungi pengelola aplikasi."
            ),
        )
    if tally.rows == 0:
        return _finish(
            batch, ImportBatch.Status.INVALID, tally, _("Berkas tidak berisi baris data.")
        )
    all_or_nothing = batch.mode == ImportBatch.Mode.ALL_OR_NOTHING
    if tally.invalid and (all_or_nothing or tally.invalid == tally.rows):
        return _finish(
            batch,
            ImportBatch.Status.INVALID,
            tally,
            _(
                "Tidak ada yang disimpan: %(bad)s dari %(rows)s baris salah. Perbaiki baris "
                "yang tercantum lalu unggah lagi, atau pilih “impor hanya baris yang valid”."
            )
            % {"bad": tally.invalid, "rows": tally.rows},
        )
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.IMPORTING, rows_total=tally.rows
    )
    if job_id is not None:
        job_progress(job_id, tally.rows, total=2 * tally.rows)
    origin = Origin(kind=SourceKind.IMPORT, user=batch.uploaded_by, import_batch=batch)
    # The write pass re-checks every row (the data may have changed since) and its
    # findings are the ones kept: they describe exactly what was and was not written.
    written = _Tally(rows=tally.rows)
    done = tally.rows
    try:
        for chunk in _rows(batch):
            checked = checker.check(chunk, seen)
            if checked.errors and all_or_nothing:
                raise _Abort(checked.errors[0])
            written.add_errors(checked.errors, checked.invalid_rows)
            _write_chunk(checked.ready, origin, written, all_or_nothing)
            done += len(chunk)
            ImportBatch.objects.filter(pk=batch.pk).update(
                rows_written=written.written, rows_unchanged=written.unchanged
            )
            if job_id is not None:
                job_progress(job_id, done)
    except _Abort as abort:
        _revert_rows(batch)
        kept = _kept(batch)
        failure: RowError = abort.args[0]
        written.errors = [failure]
        written.invalid, written.written, written.unchanged = 1, kept, 0
        return _finish(
            batch,
            ImportBatch.Status.FAILED,
            written,
            _(
                "Impor dibatalkan dan tidak ada yang disimpan: baris %(row)s berubah status "
                "selama impor (%(reason)s). Unggah lagi berkas yang sama."
            )
            % {"row": failure.row, "reason": failure.message}
            + _kept_note(kept),
        )
    except Exception:
        note = ""
        if all_or_nothing:
            _revert_rows(batch)
            note = _kept_note(_kept(batch))
        _finish(
            batch,
            ImportBatch.Status.FAILED,
            written,
            (
                _("Impor gagal karena kesalahan sistem; tidak ada yang disimpan.")
                if all_or_nothing
                else _("Impor gagal karena kesalahan sistem; baris yang sudah tersimpan tetap ada.")
            )
            + note,
        )
        raise
    message = _("%(written)s baris disimpan, %(same)s baris tanpa perubahan.") % {
        "written": written.written,
        "same": written.unchanged,
    }
    if written.invalid:
        message += " " + _("%(bad)s baris salah tidak diimpor.") % {"bad": written.invalid}
    return _finish(batch, ImportBatch.Status.DONE, written, message)


def _kept(batch: ImportBatch) -> int:
    """How many values of the batch an internal revert left in place (see _revert_rows)."""
    return batch.measurements.filter(superseded_at__isnull=True).count()


def _kept_note(kept: int) -> str:
    if not kept:
        return ""
    return " " + _(
        "Kecuali %(n)s nilai yang selama impor sudah diverifikasi atau ditolak penilai, atau "
        "diberi bukti dukung: nilai itu tetap disimpan."
    ) % {"n": kept}


def _write_chunk(ready: list[Ready], origin: Origin, tally: _Tally, all_or_nothing: bool) -> None:
    """One transaction per chunk, written in bulk; the chunk's SKPs are recomputed once."""
    plan_ids: set[int] = set()
    submissions = [
        Submission(
            plan_indicator=row.plan_indicator,
            period=row.period,
            value=row.value,
            numerator=row.numerator,
            denominator=row.denominator,
            note=row.note,
            correction_reason=row.correction_reason,
        )
        for row in ready
    ]
    with transaction.atomic():
        outcomes = measurements_submit(submissions, origin=origin)
        for row, outcome in zip(ready, outcomes, strict=True):
            if isinstance(outcome, MeasurementError):
                failure = RowError(row.row, "", str(outcome))
                if all_or_nothing:
                    raise _Abort(failure)
                tally.add_errors([failure], 1)
            elif outcome.created:
                tally.written += 1
                plan_ids.add(row.plan_indicator.result.plan_id)
            else:
                tally.unchanged += 1
        if plan_ids:
            standing_recompute_plans(sorted(plan_ids))


def import_revert(*, batch: ImportBatch, actor: User) -> int:
    """Take back a finished import: its values go, the versions they replaced come back.

    Refused when a value of the batch has since been replaced by a newer one
    (reverting would silently undo that later entry too), or when a penilai
    already verified or rejected one, or evidence was attached to one: deleting
    it would throw away their work. Returns how many values were removed.
    """
    if batch.status != ImportBatch.Status.DONE:
        raise ImportRefused(_("Hanya impor yang sudah selesai yang dapat dibatalkan."))
    replaced = batch.measurements.filter(superseded_at__isnull=False).count()
    if replaced:
        raise ImportRefused(
            _(
                "Impor ini tidak dapat dibatalkan: %(n)s nilainya sudah diganti oleh realisasi "
                "yang dicatat kemudian."
            )
            % {"n": replaced}
        )
    touched = _touched(batch.measurements.filter(superseded_at__isnull=True)).count()
    if touched:
        raise ImportRefused(
            _(
                "Impor ini tidak dapat dibatalkan: %(n)s nilainya sudah diverifikasi atau "
                "ditolak penilai, atau sudah diberi bukti dukung. Ubah nilai itu satu per satu "
                "bila perlu."
            )
            % {"n": touched}
        )
    removed = _revert_rows(batch)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.REVERTED,
        message=_("Dibatalkan oleh %(who)s pada %(when)s; %(n)s nilai dihapus.")
        % {
            "who": actor.get_full_name() or actor.get_username(),
            "when": timezone.localtime().strftime("%d-%m-%Y %H:%M"),
            "n": removed,
        },
    )
    return removed


def _touched(measurements: QuerySet[Measurement]) -> QuerySet[Measurement]:
    """The values someone worked on after the import: decided by a penilai, or with evidence."""
    return measurements.filter(
        ~Q(status=MeasurementStatus.PENDING)
        | Exists(EvidenceFile.objects.filter(measurement=OuterRef("pk")))
    )


def _revert_rows(batch: ImportBatch) -> int:
    """Delete the batch's current values and restore what they superseded, chunk by chunk.

    Values of the batch that a later entry already replaced stay as history:
    the later entry is not undone. Values a penilai decided or someone attached
    evidence to are never deleted, even by the internal reverts (a failed
    all-or-nothing write, a restarted worker): earlier chunks are committed, so
    a penilai can reach them while the import still runs. The rows are locked
    as they are read, so a decision cannot slip in between the check and the delete.
    """
    removed = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            current = Measurement.objects.filter(
                import_batch=batch, superseded_at__isnull=True, pk__gt=last_pk
            )
            rows = list(
                current.exclude(pk__in=_touched(current).values("pk"))
                .select_for_update(of=("self",))
                .order_by("pk")
                .values_list(
                    "pk",
                    "plan_indicator_id",
                    "period_id",
                    "version",
                    "plan_indicator__result__plan_id",
                )[:CHUNK_ROWS]
            )
            if not rows:
                break
            last_pk = rows[-1][0]
            Measurement.objects.filter(pk__in=[r[0] for r in rows]).delete()
            wanted = {(r[1], r[2], r[3] - 1) for r in rows if r[3] > 1}
            previous = [
                pk
                for pk, indicator, period, version in Measurement.objects.filter(
                    plan_indicator_id__in={w[0] for w in wanted},
                    period_id__in={w[1] for w in wanted},
                    superseded_at__isnull=False,
                ).values_list("pk", "plan_indicator_id", "period_id", "version")
                if (indicator, period, version) in wanted
            ]
            Measurement.objects.filter(pk__in=previous).update(superseded_at=None)
            standing_recompute_plans(sorted({r[4] for r in rows}))
            removed += len(rows)
    return removed

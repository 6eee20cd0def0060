"""What an import writes: all or nothing, only the valid rows, never twice, and how it is undone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.cycles.models import Period
from kinerja.imports import services
from kinerja.imports.services import ImportRefused, import_batch_create, import_revert
from kinerja.measurements.models import EvidenceFile, ImportBatch, Measurement
from kinerja.measurements.services import (
    MeasurementError,
    measurement_record,
    measurement_reject,
    measurement_verify,
)
from tests.imports.support import csv_bytes, current, errors_of, ratio_row, row, run

pytestmark = pytest.mark.django_db


def test_all_or_nothing_writes_nothing_when_one_row_is_bad(cast):
    rows = [row(cast), ratio_row(cast), row(cast, bulan=2, realisasi="-1")]

    batch = run(cast, csv_bytes(rows))

    assert batch.status == ImportBatch.Status.INVALID
    assert (batch.rows_total, batch.rows_invalid, batch.rows_written) == (3, 1, 0)
    assert "Tidak ada yang disimpan" in batch.message
    assert not Measurement.objects.exists()


def test_valid_only_writes_the_good_rows_and_lists_the_bad(cast):
    rows = [row(cast), ratio_row(cast), row(cast, bulan=2, realisasi="-1"), row(cast)]

    batch = run(cast, csv_bytes(rows), mode=ImportBatch.Mode.VALID_ONLY)

    assert batch.status == ImportBatch.Status.DONE
    assert (batch.rows_total, batch.rows_written, batch.rows_invalid) == (4, 2, 2)
    assert errors_of(batch) == [(4, "realisasi"), (5, "nip")]
    assert Measurement.objects.count() == 2
    assert current(cast.programmes, 2) is None


def test_valid_only_with_nothing_valid_is_refused(cast):
    batch = run(cast, csv_bytes([row(cast, realisasi="x")]), mode=ImportBatch.Mode.VALID_ONLY)

    assert batch.status == ImportBatch.Status.INVALID


def test_uploading_the_same_file_again_changes_nothing_and_points_at_the_first(cast):
    content = csv_bytes([row(cast)])
    first = run(cast, content)

    again = import_batch_create(
        user=cast.hr_admin,
        instansi=cast.instansi,
        upload=SimpleUploadedFile("salinan.csv", content),
        mode=ImportBatch.Mode.ALL_OR_NOTHING,
    )

    assert again.batch is None and again.earlier == first
    assert ImportBatch.objects.count() == 1
    assert Measurement.objects.count() == 1


def test_the_same_file_in_another_instansi_is_a_new_batch(cast):
    content = csv_bytes([row(cast)])
    run(cast, content)
    from kinerja.accounts.models import Role
    from kinerja.organisation.services import role_grant

    role_grant(user=cast.hr_admin, instansi=cast.other_instansi, role=Role.HR_ADMIN)
    other = import_batch_create(
        user=cast.hr_admin,
        instansi=cast.other_instansi,
        upload=SimpleUploadedFile("r.csv", content),
        mode="all",
    )
    assert other.batch is not None


def test_rows_already_current_are_counted_as_unchanged(cast):
    run(cast, csv_bytes([row(cast), ratio_row(cast)]))

    batch = run(cast, csv_bytes([row(cast), ratio_row(cast, realisasi="")], delimiter=";"))

    assert batch.status == ImportBatch.Status.DONE
    assert (batch.rows_written, batch.rows_unchanged) == (0, 2)
    assert Measurement.objects.count() == 2


def test_revert_removes_the_values_and_restores_those_they_replaced(cast):
    month = Period.objects.get(year=cast.year, kind="month", number=1)
    measurement_record(
        user=cast.pegawai.user, plan_indicator=cast.programmes, period=month, value=Decimal(2)
    )
    cast.programmes.refresh_from_db()
    before = cast.programmes.achieved_value
    batch = run(cast, csv_bytes([row(cast, realisasi="9"), row(cast, bulan=2, realisasi="1")]))
    cast.programmes.refresh_from_db()
    assert cast.programmes.achieved_value == Decimal(10)

    removed = import_revert(batch=batch, actor=cast.hr_admin)

    assert removed == 2
    assert current(cast.programmes).value == Decimal(2)
    assert current(cast.programmes).version == 1
    assert current(cast.programmes, 2) is None
    assert not Measurement.objects.filter(import_batch=batch).exists()
    cast.programmes.refresh_from_db()
    assert cast.programmes.achieved_value == before
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REVERTED
    # Reverted, the same file may be imported again.
    assert run(cast, csv_bytes([row(cast, realisasi="9"), row(cast, bulan=2, realisasi="1")]))


def test_revert_is_refused_once_a_later_entry_replaced_an_imported_value(cast):
    batch = run(cast, csv_bytes([row(cast, realisasi="9")]))
    month = Period.objects.get(year=cast.year, kind="month", number=1)
    measurement_record(
        user=cast.pegawai.user, plan_indicator=cast.programmes, period=month, value=Decimal(8)
    )

    with pytest.raises(ImportRefused):
        import_revert(batch=batch, actor=cast.hr_admin)
    assert current(cast.programmes).value == Decimal(8)


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")


@pytest.mark.parametrize("decision", ["verify", "reject"])
def test_revert_is_refused_once_a_penilai_decided_an_imported_value(cast, decision):
    batch = run(cast, csv_bytes([row(cast, realisasi="9"), row(cast, bulan=2, realisasi="1")]))
    imported = current(cast.programmes, 2)
    if decision == "verify":
        measurement_verify(cast.penilai.user, imported)
    else:
        measurement_reject(cast.penilai.user, imported, "bukti tidak ada")

    with pytest.raises(ImportRefused, match="penilai"):
        import_revert(batch=batch, actor=cast.hr_admin)

    assert Measurement.objects.filter(import_batch=batch).count() == 2
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE


def test_revert_is_refused_once_evidence_was_attached_to_an_imported_value(cast):
    batch = run(cast, csv_bytes([row(cast, realisasi="9")]))
    month = Period.objects.get(year=cast.year, kind="month", number=1)
    # The same value again with a file: no new version, the file joins the imported row.
    measurement_record(
        user=cast.pegawai.user,
        plan_indicator=cast.programmes,
        period=month,
        value=Decimal(9),
        evidence=[_pdf()],
    )
    imported = current(cast.programmes)
    assert imported.import_batch == batch and imported.evidence_files.exists()

    with pytest.raises(ImportRefused, match="bukti"):
        import_revert(batch=batch, actor=cast.hr_admin)

    assert EvidenceFile.objects.filter(measurement=imported).exists()


def test_a_failed_all_or_nothing_write_keeps_what_a_penilai_verified_meanwhile(cast, monkeypatch):
    monkeypatch.setattr(services, "CHUNK_ROWS", 1)
    real = services.measurements_submit
    calls = {"n": 0}

    def verified_meanwhile(submissions, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            # The first chunk is committed; its penilai verifies it before the next one.
            measurement_verify(cast.penilai.user, current(cast.programmes))
        if calls["n"] == 3:
            return [MeasurementError("Periode ditutup.") for _ in submissions]
        return real(submissions, **kwargs)

    monkeypatch.setattr(services, "measurements_submit", verified_meanwhile)
    rows = [row(cast, realisasi="9"), row(cast, bulan=2), row(cast, bulan=3)]

    batch = run(cast, csv_bytes(rows))

    assert batch.status == ImportBatch.Status.FAILED
    kept = current(cast.programmes)
    assert kept is not None and kept.status == "verified" and kept.value == Decimal(9)
    assert current(cast.programmes, 2) is None
    assert "tetap disimpan" in batch.message


def test_a_row_failing_mid_write_reverts_an_all_or_nothing_batch(cast, monkeypatch):
    month = Period.objects.get(year=cast.year, kind="month", number=1)
    measurement_record(
        user=cast.pegawai.user, plan_indicator=cast.programmes, period=month, value=Decimal(2)
    )
    monkeypatch.setattr(services, "CHUNK_ROWS", 1)
    real = services.measurements_submit
    calls = {"n": 0}

    def racing(submissions, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # a penilai verified the value meanwhile, say
            return [MeasurementError("Realisasi sudah diverifikasi.") for _ in submissions]
        return real(submissions, **kwargs)

    monkeypatch.setattr(services, "measurements_submit", racing)
    rows = [row(cast, realisasi="9"), row(cast, bulan=2), row(cast, bulan=3)]

    batch = run(cast, csv_bytes(rows))

    assert batch.status == ImportBatch.Status.FAILED
    assert "baris 4" in batch.message
    assert not Measurement.objects.filter(import_batch=batch).exists()
    assert current(cast.programmes).value == Decimal(2)
    assert current(cast.programmes).superseded_at is None
    cast.programmes.refresh_from_db()
    assert cast.programmes.achieved_value == Decimal(2)


def test_a_row_failing_mid_write_in_valid_only_mode_is_listed(cast, monkeypatch):
    real = services.measurements_submit

    def picky(submissions, **kwargs):
        # The period closed between the check and the write, say.
        kept = [s for s in submissions if s.period.number != 2]
        outcomes = iter(real(kept, **kwargs))
        return [
            MeasurementError("Periode ditutup.") if s.period.number == 2 else next(outcomes)
            for s in submissions
        ]

    monkeypatch.setattr(services, "measurements_submit", picky)

    batch = run(cast, csv_bytes([row(cast), row(cast, bulan=2)]), mode="valid")

    assert batch.status == ImportBatch.Status.DONE
    assert (batch.rows_written, batch.rows_invalid) == (1, 1)
    assert batch.errors == [{"row": 3, "column": "", "message": "Periode ditutup."}]


def test_a_redelivered_task_does_not_run_a_finished_batch_twice(cast):
    batch = run(cast, csv_bytes([row(cast)]))

    again = services.import_run(batch_id=batch.pk)

    assert again.status == ImportBatch.Status.DONE
    assert Measurement.objects.count() == 1

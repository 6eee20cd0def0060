"""Move the single evidence file of each realisasi into EvidenceFile rows, then drop the field.

The file stays where it is on disk: the new row points at the same stored
name, so nothing is copied and nothing can be lost half-way.
"""

from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.db import migrations

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def _size(name):
    try:
        return default_storage.size(name)
    except (OSError, NotImplementedError):
        # A file missing on disk keeps its row, so the history still says evidence existed.
        return 0


def forwards(apps, schema_editor):
    Measurement = apps.get_model("measurements", "Measurement")
    EvidenceFile = apps.get_model("measurements", "EvidenceFile")
    rows = Measurement.objects.exclude(evidence="").values_list(
        "pk", "evidence", "recorded_by_id", "recorded_at"
    )
    for pk, name, user_id, recorded_at in rows.iterator(chunk_size=1000):
        path = PurePosixPath(name)
        evidence = EvidenceFile.objects.create(
            measurement_id=pk,
            file=name,
            original_name=path.name[:255],
            content_type=CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream"),
            size=_size(name),
            uploaded_by_id=user_id,
        )
        # uploaded_at is auto_now_add; the upload really happened with the realisasi.
        EvidenceFile.objects.filter(pk=evidence.pk).update(uploaded_at=recorded_at)


def backwards(apps, schema_editor):
    Measurement = apps.get_model("measurements", "Measurement")
    EvidenceFile = apps.get_model("measurements", "EvidenceFile")
    # The old field held one file: the first one goes back, the rest cannot.
    seen = set()
    for measurement_id, name in EvidenceFile.objects.order_by("uploaded_at", "pk").values_list(
        "measurement_id", "file"
    ):
        if measurement_id in seen:
            continue
        seen.add(measurement_id)
        Measurement.objects.filter(pk=measurement_id).update(evidence=name)


class Migration(migrations.Migration):
    dependencies = [
        ("measurements", "0002_measurement_correction_reason_measurement_status_and_more"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="measurement", name="evidence"),
    ]

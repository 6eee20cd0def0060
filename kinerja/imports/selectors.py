"""Reads of bulk imports, always through what the viewer may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kinerja.measurements.models import ImportBatch
from kinerja.organisation.access import Viewer


def import_batch_list(viewer: Viewer) -> QuerySet[ImportBatch]:
    """The batches of the instansi where `viewer` is HR admin; nothing crosses instansi."""
    return (
        ImportBatch.objects.filter(instansi_id__in=viewer.hr_instansi_ids)
        .select_related("instansi", "uploaded_by", "job")
        .order_by("-created_at", "-pk")
    )


def import_batch_get(viewer: Viewer, pk: int) -> ImportBatch:
    """One batch of the viewer's instansi, else 404 (hidden and absent look alike)."""
    batch = import_batch_list(viewer).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch

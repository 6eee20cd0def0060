"""Who may see and change source systems: HR admins change, auditors read, others nothing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from kinerja.measurements.models import DataSource
from kinerja.organisation.access import Viewer
from kinerja.organisation.models import Instansi


def may_open_sources(viewer: Viewer) -> bool:
    return viewer.is_superuser or bool(viewer.office_instansi_ids)


def require_sources(viewer: Viewer) -> None:
    if not may_open_sources(viewer):
        raise PermissionDenied


def instansi_manageable(viewer: Viewer) -> QuerySet[Instansi]:
    """The instansi whose sources the viewer may create (HR admin there)."""
    if viewer.is_superuser:
        return Instansi.objects.order_by("name")
    return Instansi.objects.filter(pk__in=viewer.hr_instansi_ids).order_by("name")


def may_manage(viewer: Viewer, source: DataSource) -> bool:
    return viewer.is_superuser or source.instansi_id in viewer.hr_instansi_ids


def require_manage(viewer: Viewer, source: DataSource) -> None:
    if not may_manage(viewer, source):
        raise PermissionDenied

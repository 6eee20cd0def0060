"""Who may read and change a year's scoring policy.

HR admins of the year's instansi change it; its auditors read it; everyone else is refused
(403). A year of another instansi is hidden (404) even from HR admins and auditors.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from kinerja.core.params import id_param
from kinerja.cycles.models import AppraisalYear
from kinerja.organisation.access import Viewer


def may_open_policies(viewer: Viewer) -> bool:
    return viewer.is_superuser or bool(viewer.office_instansi_ids)


def require_policies(viewer: Viewer) -> None:
    if not may_open_policies(viewer):
        raise PermissionDenied


def years_visible(viewer: Viewer) -> QuerySet[AppraisalYear]:
    """The appraisal years whose policy `viewer` may read: those of their office's instansi."""
    years = AppraisalYear.objects.select_related("instansi")
    if viewer.is_superuser:
        return years
    return years.filter(instansi_id__in=viewer.office_instansi_ids)


def year_get_visible(viewer: Viewer, pk: object) -> AppraisalYear:
    """The year `pk` if `viewer` may read its policy, else 404 (hidden and absent alike)."""
    year_id = id_param(pk)
    year = years_visible(viewer).filter(pk=year_id).first() if year_id else None
    if year is None:
        raise Http404
    return year


def may_change_policy(viewer: Viewer, year: AppraisalYear) -> bool:
    return viewer.is_superuser or year.instansi_id in viewer.hr_instansi_ids


def require_change_policy(viewer: Viewer, year: AppraisalYear) -> None:
    if not may_change_policy(viewer, year):
        raise PermissionDenied

"""Who may see and do what, scoped by role, reporting line and instansi.

One home for access decisions. Views never filter by hand: they ask for the
querysets here (or through selectors that use them). What a user may not see
does not exist for them (404); what they may see but not change is 403.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from kinerja.accounts.models import Role
from kinerja.core import clock
from kinerja.organisation import tree
from kinerja.organisation.models import Assignment, Employee


@dataclass(frozen=True)
class Viewer:
    """What the logged-in user is: an employee, holder of positions, office roles."""

    user_id: int
    employee: Employee | None
    position_ids: frozenset[int] = frozenset()
    hr_instansi_ids: frozenset[int] = frozenset()
    auditor_instansi_ids: frozenset[int] = frozenset()
    is_superuser: bool = False
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def office_instansi_ids(self) -> frozenset[int]:
        """Instansi whose every employee this user may read (HR admin or auditor)."""
        return self.hr_instansi_ids | self.auditor_instansi_ids

    @property
    def is_hr_admin(self) -> bool:
        return bool(self.hr_instansi_ids)

    @property
    def is_auditor(self) -> bool:
        return bool(self.auditor_instansi_ids)

    @property
    def leads_staff(self) -> bool:
        """True when this user is the penilai of at least one employee."""
        if "leads_staff" not in self._cache:
            self._cache["leads_staff"] = bool(self.position_ids) and (
                Assignment.objects.filter(
                    Assignment.active_on(today()),
                    position_id__in=tree.reporting_to(self.position_ids, on=today()),
                ).exists()
            )
        return bool(self._cache["leads_staff"])


def today() -> dt.date:
    return clock.today()


def viewer_for(user: Any) -> Viewer:
    """The Viewer of `user`, computed once per request and kept on the user object."""
    cached = getattr(user, "_kinerja_viewer", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    employee = Employee.objects.filter(user_id=user.pk).first()
    position_ids: frozenset[int] = frozenset()
    if employee is not None:
        position_ids = frozenset(
            Assignment.objects.filter(Assignment.active_on(today()), employee=employee).values_list(
                "position_id", flat=True
            )
        )
    grants = list(user.role_grants.values_list("role", "instansi_id"))
    viewer = Viewer(
        user_id=user.pk,
        employee=employee,
        position_ids=position_ids,
        hr_instansi_ids=frozenset(i for r, i in grants if r == Role.HR_ADMIN),
        auditor_instansi_ids=frozenset(i for r, i in grants if r == Role.AUDITOR),
        is_superuser=user.is_superuser,
    )
    user._kinerja_viewer = viewer
    return viewer


def employee_list_visible(viewer: Viewer, *, on: dt.date | None = None) -> QuerySet[Employee]:
    """Every employee `viewer` may see: self, the reporting line below, an office's instansi."""
    employees = Employee.objects.all()
    if viewer.is_superuser:
        return employees
    day = on or today()
    condition = Q(pk=viewer.employee.pk) if viewer.employee else Q(pk__in=[])
    if viewer.office_instansi_ids:
        condition |= Q(instansi_id__in=viewer.office_instansi_ids)
    if viewer.position_ids:
        condition |= Q(
            pk__in=Assignment.objects.filter(
                Assignment.active_on(day), position_id__in=tree.below(viewer.position_ids)
            ).values("employee_id")
        )
    return employees.filter(condition)


def employee_get_visible(viewer: Viewer, pk: int) -> Employee:
    """The employee `pk` if `viewer` may see them, else 404 (hidden and absent look alike)."""
    try:
        return employee_list_visible(viewer).get(pk=pk)
    except Employee.DoesNotExist:
        raise Http404 from None

"""Writes to the organisation: employees, their accounts and their assignments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.accounts.models import Role, RoleGrant, User
from kinerja.organisation import tree
from kinerja.organisation.access import viewer_for
from kinerja.organisation.models import (
    Assignment,
    Employee,
    Instansi,
    Position,
    ReportingCorrection,
    Unit,
)


def unit_create(
    *, instansi: Instansi, code: str, name: str, kind: str, parent: Unit | None = None
) -> Unit:
    """Add a unit under `parent` (or as a root of the instansi's tree)."""
    unit = Unit(instansi=instansi, code=code, name=name, kind=kind, parent=parent)
    unit.full_clean()
    unit.save()
    return unit


def position_create(
    *,
    unit: Unit,
    name: str,
    kind: str,
    parent: Position | None = None,
    heads_unit: bool = False,
    credit_coefficient: Decimal | None = None,
) -> Position:
    """Add a position whose superior is the holder of `parent`."""
    position = Position(
        instansi=unit.instansi,
        unit=unit,
        name=name,
        kind=kind,
        parent=parent,
        heads_unit=heads_unit,
        credit_coefficient=credit_coefficient,
    )
    position.full_clean()
    position.save()
    return position


def employee_create(
    *,
    instansi: Instansi,
    nip: str,
    name: str,
    rank: str = "",
    username: str | None = None,
    password: str | None = None,
) -> Employee:
    """Register an employee (NIP validated) and, if a username is given, their account."""
    with transaction.atomic():
        user = None
        if username:
            user = get_user_model().objects.create_user(
                username=username, password=password, first_name=name[:150]
            )
        employee = Employee(instansi=instansi, nip=nip, name=name, rank=rank, user=user)
        employee.full_clean()
        employee.save()
    return employee


def assignment_create(
    *, employee: Employee, position: Position, start: dt.date, end: dt.date | None = None
) -> Assignment:
    """Put `employee` in `position` from `start`, closing any open assignment before it."""
    with transaction.atomic():
        Assignment.objects.filter(employee=employee, end__isnull=True, start__lt=start).update(
            end=start - dt.timedelta(days=1)
        )
        assignment = Assignment(employee=employee, position=position, start=start, end=end)
        assignment.full_clean()
        assignment.save()
    return assignment


def role_grant(*, user: User, instansi: Instansi, role: Role) -> RoleGrant:
    """Give `user` an office role in `instansi` (idempotent)."""
    grant, _created = RoleGrant.objects.get_or_create(user=user, instansi=instansi, role=role)
    return grant


def position_reparent(
    *, position: Position, new_parent: Position | None, actor: User, reason: str
) -> ReportingCorrection:
    """HR puts `position` under its right superior; every holder of it follows at once.

    The reporting line is derived from the position tree, so one correction fixes
    the penilai of all 70 teachers of a school. The correction is recorded with
    the old and new superior, the reason and who made it.
    """
    viewer = viewer_for(actor)
    if not (viewer.is_superuser or position.instansi_id in viewer.hr_instansi_ids):
        raise PermissionDenied(
            _("Hanya admin kepegawaian instansi ini yang dapat mengoreksi atasan.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan koreksi wajib diisi.")})
    with transaction.atomic():
        position = Position.objects.select_for_update().get(pk=position.pk)
        if new_parent is not None:
            if new_parent.instansi_id != position.instansi_id:
                raise ValidationError(
                    {"new_parent": _("Jabatan atasan harus dari instansi yang sama.")}
                )
            if (
                new_parent.pk == position.pk
                or Position.objects.filter(
                    pk=new_parent.pk, id__in=tree.below([position.pk])
                ).exists()
            ):
                raise ValidationError(
                    {
                        "new_parent": _(
                            "Jabatan atasan tidak boleh jabatan ini sendiri atau jabatan "
                            "di bawahnya (akan membentuk lingkaran)."
                        )
                    }
                )
        if position.parent_id == (new_parent.pk if new_parent else None):
            raise ValidationError(
                {"new_parent": _("Jabatan itu sudah menjadi atasan jabatan ini.")}
            )
        old_parent = position.parent
        Position.objects.filter(pk=position.pk).update(parent=new_parent)
        position.parent = new_parent
        return ReportingCorrection.objects.create(
            position=position,
            old_parent=old_parent,
            new_parent=new_parent,
            reason=reason,
            actor=actor,
        )

"""User accounts and the roles that are granted rather than derived.

Pegawai, penilai and atasan penilai are not stored roles: they follow from the
employee's assignment in the position tree. Only the office roles below are
granted, always within one instansi.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. Linked to at most one Employee (organisation app)."""

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")


class Role(models.TextChoices):
    HR_ADMIN = "hr_admin", _("Admin kepegawaian")
    AUDITOR = "auditor", _("Auditor (Inspektorat)")


class RoleGrant(models.Model):
    """An office role (HR admin, auditor) held by a user within one instansi."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants"
    )
    instansi = models.ForeignKey(
        "organisation.Instansi", on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pemberian peran")
        verbose_name_plural = _("pemberian peran")
        constraints = [
            models.UniqueConstraint(fields=["user", "instansi", "role"], name="unique_role_grant")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.instansi}"

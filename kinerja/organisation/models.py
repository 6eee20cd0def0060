"""The organisation: instansi, the unit tree, the position tree and who holds what.

The reporting line runs through positions: a position's parent is the position
of its superior, so the penilai and the atasan penilai of an employee are always
derived from assignments at a date, never typed in. Assignments carry validity
dates so that a reorganisation never rewrites last year's history.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from tree_queries.fields import TreeNodeForeignKey
from tree_queries.models import TreeNode

from kinerja.organisation.nip import validate_nip


def _parent_link(label: Promise) -> TreeNodeForeignKey:
    """The tree's parent link; a reorganisation moves children, it never deletes them."""
    return TreeNodeForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=label,
    )


class Instansi(models.Model):  # type: ignore[django-manager-missing]
    """A government (tenant). Data of one instansi is never shown to another's users."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    OPD = "opd", _("Perangkat Daerah (OPD)")
    BIDANG = "bidang", _("Bidang / Bagian")
    SEKSI = "seksi", _("Seksi / Subbagian")
    UPT = "upt", _("UPT (puskesmas, sekolah, ...)")


class Unit(TreeNode):  # type: ignore[misc]
    """An organisational unit (OPD, bidang, seksi, UPT) in its instansi's tree."""

    parent = _parent_link(_("unit induk"))

    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="units", verbose_name=_("instansi")
    )
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=UnitKind.choices)

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "code"], name="unique_unit_code")
        ]

    def __str__(self) -> str:
        return self.name


class PositionKind(models.TextChoices):
    JPT = "jpt", _("Jabatan Pimpinan Tinggi (JPT)")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    PELAKSANA = "pelaksana", _("Pelaksana")
    FUNGSIONAL = "fungsional", _("Fungsional")


class Position(TreeNode):  # type: ignore[misc]
    """A position (jabatan). Its tree parent is the superior's position."""

    parent = _parent_link(_("jabatan atasan"))

    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="positions", verbose_name=_("instansi")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="positions", verbose_name=_("unit kerja")
    )
    name = models.CharField(_("nama jabatan"), max_length=200)
    kind = models.CharField(_("jenis jabatan"), max_length=20, choices=PositionKind.choices)
    heads_unit = models.BooleanField(
        _("memimpin unit"), default=False, help_text=_("Pemegang jabatan ini memimpin unitnya.")
    )
    # The yearly credit-point coefficient of a functional post (PerBKN 3/2023, set per
    # jenjang); empty means the position earns no credit points.
    credit_coefficient = models.DecimalField(
        _("koefisien angka kredit tahunan"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "Hanya untuk jabatan fungsional, mis. 12,5 untuk Ahli Pertama. Kosong berarti "
            "jabatan ini tidak memperoleh angka kredit."
        ),
    )

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class Employee(models.Model):
    """A civil servant (PNS or PPPK), identified by the NIP."""

    class Status(models.TextChoices):
        PNS = "pns", _("PNS")
        PPPK = "pppk", _("PPPK")

    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="employees", verbose_name=_("instansi")
    )
    nip = models.CharField(_("NIP"), max_length=18, unique=True, validators=[validate_nip])
    name = models.CharField(_("nama"), max_length=200)
    rank = models.CharField(_("pangkat/golongan"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=4, choices=Status.choices, default="pns")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("akun pengguna"),
    )

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"


class Assignment(models.Model):
    """An employee holding a position from `start` until `end` (inclusive; open if null)."""

    class Kind(models.TextChoices):
        DEFINITIVE = "definitive", _("Definitif")
        ACTING = "acting", _("Pelaksana tugas (Plt.)")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("pegawai")
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("jabatan")
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default="definitive")
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")
        ordering = ["-start"]
        indexes = [
            models.Index(fields=["position", "start"]),
            models.Index(fields=["employee", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="assignment_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} → {self.position}"

    @staticmethod
    def active_on(day: dt.date) -> Q:
        """The filter for assignments valid on `day`."""
        return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day))


class ReportingCorrection(models.Model):
    """HR moving a position under its right superior: the record of who changed what, and why.

    A wrong superior on file blocks a whole group (teachers, typically): the fix
    is made once, on the position, and every holder follows it.
    """

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("jabatan")
    )
    old_parent = models.ForeignKey(
        Position,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("atasan lama"),
    )
    new_parent = models.ForeignKey(
        Position,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("atasan baru"),
    )
    reason = models.TextField(_("alasan"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dilakukan oleh"),
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("koreksi atasan")
        verbose_name_plural = _("koreksi atasan")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.position}: {self.old_parent} → {self.new_parent}"

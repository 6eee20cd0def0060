"""The Perjanjian Kinerja: a unit's objectives for the year, at the root of the cascade.

Each unit signs one agreement per year, owned by the position that heads the
unit. Its objectives (sasaran) carry indicators with targets; a JPT's SKP
draws its RHKs from these objectives, and every other RHK hangs, through the
superiors' RHKs, under one of them (see plans.PlannedResult).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Perspective(models.TextChoices):
    """The balanced-scorecard perspective a JPT's IKI belongs to."""

    SERVICE_USERS = "service_users", _("Penerima Layanan")
    BUSINESS_PROCESS = "business_process", _("Proses Bisnis")
    INTERNAL = "internal", _("Penguatan Internal")
    BUDGET = "budget", _("Anggaran")


class PerformanceAgreement(models.Model):
    """A unit's Perjanjian Kinerja for one appraisal year."""

    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("unit kerja"),
    )
    year = models.ForeignKey(
        "cycles.AppraisalYear",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("tahun penilaian"),
    )
    position = models.ForeignKey(
        "organisation.Position",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("jabatan pemilik"),
        help_text=_("Jabatan yang memimpin unit dan menandatangani perjanjian."),
    )
    signed_on = models.DateField(_("tanggal ditandatangani"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("perjanjian kinerja")
        verbose_name_plural = _("perjanjian kinerja")
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unique_agreement_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"PK {self.year.year} · {self.unit.name}"


class AgreementGoal(models.Model):
    """An objective (sasaran) of the agreement."""

    agreement = models.ForeignKey(
        PerformanceAgreement, on_delete=models.CASCADE, related_name="goals"
    )
    text = models.TextField(_("sasaran"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("sasaran perjanjian kinerja")
        verbose_name_plural = _("sasaran perjanjian kinerja")
        ordering = ["agreement", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class AgreementIndicator(models.Model):
    """An indicator of an objective, with its yearly target."""

    goal = models.ForeignKey(AgreementGoal, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indikator kinerja"), max_length=300)
    unit_of_measure = models.CharField(_("satuan"), max_length=40)
    target_value = models.DecimalField(_("target"), max_digits=16, decimal_places=4)
    perspective = models.CharField(
        _("perspektif"), max_length=20, choices=Perspective.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("indikator perjanjian kinerja")
        verbose_name_plural = _("indikator perjanjian kinerja")
        ordering = ["goal", "order", "pk"]

    def __str__(self) -> str:
        return self.name

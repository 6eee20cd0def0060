"""Realisasi: measured values of an IKI per month, with where they came from.

A correction never overwrites: the old row is marked superseded and a new row
is written, so every version stays visible. At most one current row exists per
IKI and month.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.indicators.models import SourceKind


def evidence_path(instance: Measurement, filename: str) -> str:
    return f"evidence/{instance.plan_indicator_id}/{filename}"


class Measurement(models.Model):
    """One realisasi of an IKI for one month: a value, or numerator and denominator."""

    plan_indicator = models.ForeignKey(
        "plans.PlanIndicator", on_delete=models.CASCADE, related_name="measurements"
    )
    period = models.ForeignKey("cycles.Period", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("realisasi"), max_digits=20, decimal_places=4, null=True)
    numerator = models.DecimalField(_("pembilang"), max_digits=20, decimal_places=4, null=True)
    denominator = models.DecimalField(_("penyebut"), max_digits=20, decimal_places=4, null=True)
    note = models.TextField(_("catatan"), blank=True)
    evidence = models.FileField(_("bukti dukung"), upload_to=evidence_path, blank=True)
    source = models.CharField(
        _("sumber"), max_length=10, choices=SourceKind.choices, default="manual"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        ordering = ["period__start", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_indicator", "period"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_measurement",
            )
        ]
        indexes = [models.Index(fields=["plan_indicator", "period"])]

    def __str__(self) -> str:
        return f"{self.plan_indicator} · {self.period_id}"

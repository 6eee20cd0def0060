"""The appraisal year of an instansi, its periods and its scoring policy.

Realisasi is recorded per month; evaluations happen at the year's cadence
(monthly, or the official TRIWULAN I-IV) and once for the whole year.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.scoring import ScoringPolicy


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Bulanan")
    QUARTERLY = "quarterly", _("Triwulanan")


class AppraisalYear(models.Model):
    """One instansi's appraisal year, with its evaluation cadence and scoring policy."""

    instansi = models.ForeignKey(
        "organisation.Instansi", on_delete=models.PROTECT, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    cadence = models.CharField(
        _("periode evaluasi"), max_length=10, choices=Cadence.choices, default="quarterly"
    )
    policy = models.JSONField(_("kebijakan penilaian"), default=dict, blank=True)
    plan_deadline = models.DateField(
        _("batas penetapan SKP"),
        null=True,
        blank=True,
        help_text=_("Kosong berarti 31 Januari tahun tersebut."),
    )
    objection_days = models.PositiveSmallIntegerField(
        _("batas pengajuan keberatan (hari)"),
        default=14,
        help_text=_("Hari kalender sejak evaluasi difinalkan."),
    )
    objection_explain_days = models.PositiveSmallIntegerField(
        _("batas penjelasan penilai atas keberatan (hari)"), default=7
    )
    objection_decide_days = models.PositiveSmallIntegerField(
        _("batas keputusan atasan penilai atas keberatan (hari)"),
        default=14,
        help_text=_("Hari kalender sejak keberatan diajukan."),
    )

    class Meta:
        verbose_name = _("tahun penilaian")
        verbose_name_plural = _("tahun penilaian")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "year"], name="unique_appraisal_year")
        ]

    def __str__(self) -> str:
        return f"{self.instansi} {self.year}"

    def clean(self) -> None:
        """Reject a policy the scoring engine cannot read, with the engine's reason."""
        if not isinstance(self.policy, dict):
            raise ValidationError({"policy": _("Kebijakan penilaian harus berupa objek JSON.")})
        try:
            ScoringPolicy.from_dict(self.policy)
        except (ValueError, TypeError, KeyError, ArithmeticError) as error:
            raise ValidationError(
                {"policy": _("Kebijakan penilaian tidak valid: %(reason)s") % {"reason": error}}
            ) from None

    @property
    def plan_deadline_effective(self) -> dt.date:
        """The day by which every SKP must be approved (end of January unless set)."""
        return self.plan_deadline or dt.date(self.year, 1, 31)

    def scoring_policy(self) -> ScoringPolicy:
        """The policy in force; an empty JSON means the regulation's defaults."""
        data: dict[str, Any] = self.policy or {}
        return ScoringPolicy.from_dict(data) if data else ScoringPolicy()


class PolicyChange(models.Model):
    """One change of a year's scoring policy: who, when, why, and the policy before and after.

    Written by ``cycles.services.policy_change`` in the transaction that saves the policy,
    so the history is complete; ``version`` is the one the new policy carries and every
    evaluation finalised under it stores.
    """

    year = models.ForeignKey(AppraisalYear, on_delete=models.CASCADE, related_name="policy_changes")
    number = models.PositiveIntegerField(_("nomor perubahan"))
    version = models.CharField(_("versi kebijakan"), max_length=40)
    before = models.JSONField(_("sebelum"))
    after = models.JSONField(_("sesudah"))
    reason = models.TextField(_("alasan"))
    changed_at = models.DateTimeField(_("diubah pada"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("perubahan kebijakan penilaian")
        verbose_name_plural = _("perubahan kebijakan penilaian")
        ordering = ["year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="unique_policy_change")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.version}"


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Bulan")
    QUARTER = "quarter", _("Triwulan")
    YEAR = "year", _("Tahunan")


class Period(models.Model):
    """A month, quarter or the whole year within an appraisal year."""

    year = models.ForeignKey(AppraisalYear, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("jenis"), max_length=8, choices=PeriodKind.choices)
    number = models.PositiveSmallIntegerField(_("nomor"))
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))

    class Meta:
        verbose_name = _("periode")
        verbose_name_plural = _("periode")
        ordering = ["start", "-end"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "number"], name="unique_period")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from kinerja.cycles.labels import period_label

        return period_label(self.kind, self.number, self.year.year)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

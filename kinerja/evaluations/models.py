"""Evaluations: a penilai's judgement of one SKP for one period, with its evidence.

The numbers an evaluation publishes are stored with the inputs and the policy
version that produced them, so any predikat can be recomputed and explained.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.plans.models import CoreValue, RatingChoice


class PredikatChoice(models.TextChoices):
    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class Evaluation(models.Model):
    """The evaluation of one SKP for one evaluation period (quarter, month or year)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        FINAL = "final", _("Final")

    plan = models.ForeignKey(
        "plans.PerformancePlan", on_delete=models.PROTECT, related_name="evaluations"
    )
    period = models.ForeignKey("cycles.Period", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=5, choices=Status.choices, default="draft")
    achievement = models.DecimalField(
        _("capaian"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    proposed_rating = models.CharField(
        _("usulan rating hasil kerja"), max_length=5, choices=RatingChoice.choices, blank=True
    )
    result_rating = models.CharField(
        _("rating hasil kerja"), max_length=5, choices=RatingChoice.choices, blank=True
    )
    result_rating_reason = models.TextField(_("alasan perubahan rating"), blank=True)
    behaviour_rating = models.CharField(
        _("rating perilaku kerja"), max_length=5, choices=RatingChoice.choices, blank=True
    )
    predikat = models.CharField(
        _("predikat kinerja"), max_length=20, choices=PredikatChoice.choices, blank=True
    )
    inputs = models.JSONField(default=dict, blank=True)
    policy_version = models.CharField(max_length=40, blank=True)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluasi kinerja")
        verbose_name_plural = _("evaluasi kinerja")
        ordering = ["-period__start"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "period"], name="one_evaluation_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.period_id}"

    @property
    def departs_from_proposal(self) -> bool:
        return (
            bool(self.result_rating)
            and bool(self.proposed_rating)
            and self.result_rating != self.proposed_rating
        )


class BehaviourAssessment(models.Model):
    """The penilai's rating of one BerAKHLAK value, with feedback for the employee."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="behaviour_assessments"
    )
    value = models.CharField(_("nilai BerAKHLAK"), max_length=30, choices=CoreValue.choices)
    rating = models.CharField(_("rating"), max_length=5, choices=RatingChoice.choices)
    feedback = models.TextField(_("umpan balik"), blank=True)

    class Meta:
        verbose_name = _("penilaian perilaku")
        verbose_name_plural = _("penilaian perilaku")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "value"], name="one_rating_per_value")
        ]

    def __str__(self) -> str:
        return f"{self.get_value_display()}: {self.get_rating_display()}"

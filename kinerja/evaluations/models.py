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
    # Counts the changes of a final evaluation (a policy recompute, an objection decision);
    # each earlier state is kept as an EvaluationRevision.
    revision = models.PositiveIntegerField(_("revisi"), default=1)
    acknowledged_at = models.DateTimeField(_("diterima pegawai pada"), null=True, blank=True)
    # The revision the pegawai acknowledged: once a recompute or an objection decision moves
    # the evaluation on, the acknowledgement is of an earlier result and is asked for again.
    acknowledged_revision = models.PositiveIntegerField(
        _("revisi yang diterima pegawai"), null=True, blank=True
    )
    # The distribution warning the penilai finalised over (policy "warn"), kept for audit.
    distribution_note = models.TextField(_("catatan distribusi"), blank=True)
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
    # What the penilai saw the behaviour in (an event, a document), so a rating can be traced.
    evidence = models.TextField(_("bukti perilaku"), blank=True)

    class Meta:
        verbose_name = _("penilaian perilaku")
        verbose_name_plural = _("penilaian perilaku")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "value"], name="one_rating_per_value")
        ]

    def __str__(self) -> str:
        return f"{self.get_value_display()}: {self.get_rating_display()}"


class EvaluationRevision(models.Model):
    """A final evaluation as it was before a change: a policy recompute or an objection decision.

    Written by ``evaluations.revisions.revision_record`` in the transaction that
    changes the evaluation, so every earlier result stays visible and explained.
    """

    class Cause(models.TextChoices):
        POLICY = "policy", _("Hitung ulang dengan kebijakan baru")
        OBJECTION = "objection", _("Keputusan atas keberatan")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revisi"))
    cause = models.CharField(_("sebab"), max_length=10, choices=Cause.choices)
    note = models.TextField(_("catatan"), blank=True)
    # The superseded state: ratings, predikat, capaian, policy version and inputs.
    before = models.JSONField(_("sebelum"))
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("revisi evaluasi")
        verbose_name_plural = _("revisi evaluasi")
        ordering = ["evaluation", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "number"], name="unique_evaluation_revision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} r{self.number}"


class PeerInput(models.Model):
    """One anonymous answer about a colleague's behaviour for a period.

    The respondent is not stored: ``respondent_key`` is a keyed hash of who answered
    about which SKP and period, enough to allow one answer each and nothing more.
    The penilai sees the answers only as a summary, once enough have answered.
    """

    class Relation(models.TextChoices):
        PEER = "peer", _("Rekan kerja")
        SUBORDINATE = "subordinate", _("Bawahan")

    plan = models.ForeignKey(
        "plans.PerformancePlan", on_delete=models.CASCADE, related_name="peer_inputs"
    )
    period = models.ForeignKey("cycles.Period", on_delete=models.PROTECT, related_name="+")
    respondent_key = models.CharField(max_length=64)
    relation = models.CharField(_("hubungan"), max_length=12, choices=Relation.choices)
    # {core value: rating} for the values the respondent chose to rate.
    ratings = models.JSONField(_("penilaian"), default=dict)
    comment = models.TextField(_("masukan"), blank=True)
    # A date, not a time: a timestamp beside a small team's log-ins would name the author.
    answered_on = models.DateField(_("tanggal"))

    class Meta:
        verbose_name = _("masukan rekan")
        verbose_name_plural = _("masukan rekan")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period", "respondent_key"], name="one_peer_input_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.period_id}"


class OrgPredikatChoice(models.TextChoices):
    ISTIMEWA = "istimewa", _("Istimewa")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan (Cukup)")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class UnitPredikat(models.Model):
    """A unit's organisational predikat for a period, set by the leader one level up.

    Rows are never edited: a new decision supersedes the current one, so the
    history of who set what, when and why stays readable.
    """

    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="predikats"
    )
    period = models.ForeignKey("cycles.Period", on_delete=models.PROTECT, related_name="+")
    predikat = models.CharField(
        _("predikat kinerja organisasi"), max_length=20, choices=OrgPredikatChoice.choices
    )
    note = models.TextField(_("catatan"), blank=True)
    # The unit's capaian summary the leader had in view, as plain data.
    summary = models.JSONField(_("ringkasan capaian"), default=dict, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    set_at = models.DateTimeField(_("ditetapkan pada"), auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("predikat kinerja organisasi")
        verbose_name_plural = _("predikat kinerja organisasi")
        ordering = ["unit", "period", "-set_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period"],
                condition=models.Q(superseded_at__isnull=True),
                name="one_current_unit_predikat",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.period_id}: {self.predikat}"


class Objection(models.Model):
    """The pegawai's objection (keberatan) to a final evaluation, and its route to a decision.

    Filed within the year's ``objection_days``; the penilai explains within
    ``objection_explain_days``; the atasan penilai decides, and that decision is final.
    """

    class Status(models.TextChoices):
        FILED = "filed", _("Diajukan")
        EXPLAINED = "explained", _("Dijelaskan penilai")
        DECIDED = "decided", _("Diputuskan")

    class Decision(models.TextChoices):
        UPHELD = "upheld", _("Hasil evaluasi tetap")
        CHANGED = "changed", _("Hasil evaluasi diubah")

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.PROTECT, related_name="objection"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="filed")
    reason = models.TextField(_("alasan keberatan"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("diajukan pada"))
    explain_due = models.DateField(_("batas penjelasan penilai"))
    explanation = models.TextField(_("penjelasan penilai"), blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    explained_at = models.DateTimeField(_("dijelaskan pada"), null=True, blank=True)
    decide_due = models.DateField(_("batas keputusan atasan penilai"))
    decision = models.CharField(_("keputusan"), max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.evaluation_id} · {self.status}"

"""Continuous feedback (umpan balik berkelanjutan) on an SKP during the year.

PermenPANRB 6/2022 asks the penilai to give feedback on each result and each
behaviour value while the work is done, not only at the evaluation. Three
records carry it: a thread of messages on one RHK or one BerAKHLAK value, a
check-in (a conversation between penilai and pegawai, with its notes), and a
follow-up plan (rencana tindak lanjut) for an IKI behind target, tracked until
it is closed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core import clock
from kinerja.plans.models import CoreValue


class FeedbackMessage(models.Model):
    """One message in the thread of an RHK or of a BerAKHLAK value of an SKP.

    Exactly one of `result` and `value` is set. The author's role is kept as it
    was when they wrote: a later change of superior must not relabel old words.
    """

    class AuthorRole(models.TextChoices):
        PEGAWAI = "pegawai", _("Pegawai")
        PENILAI = "penilai", _("Pejabat penilai")
        ATASAN = "atasan", _("Atasan pejabat penilai")

    plan = models.ForeignKey(
        "plans.PerformancePlan", on_delete=models.CASCADE, related_name="feedback_messages"
    )
    result = models.ForeignKey(
        "plans.PlannedResult",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_messages",
        verbose_name=_("RHK"),
    )
    value = models.CharField(
        _("nilai BerAKHLAK"), max_length=30, choices=CoreValue.choices, blank=True
    )
    author = models.ForeignKey(
        "organisation.Employee",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("penulis"),
    )
    author_role = models.CharField(_("sebagai"), max_length=10, choices=AuthorRole.choices)
    text = models.TextField(_("umpan balik"))
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        ordering = ["plan", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(result__isnull=False, value="")
                    | (models.Q(result__isnull=True) & ~models.Q(value=""))
                ),
                name="feedback_on_result_or_value",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} · {self.text[:60]}"


class CheckIn(models.Model):
    """A check-in: a conversation of the penilai with the pegawai, recorded by the penilai."""

    plan = models.ForeignKey(
        "plans.PerformancePlan", on_delete=models.CASCADE, related_name="check_ins"
    )
    held_on = models.DateField(_("tanggal"))
    went_well = models.TextField(_("yang sudah berjalan baik"), blank=True)
    to_improve = models.TextField(_("yang perlu diperbaiki"), blank=True)
    agreed_actions = models.TextField(_("tindakan yang disepakati"), blank=True)
    recorded_by = models.ForeignKey(
        "organisation.Employee",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-in")
        ordering = ["plan", "-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.held_on:%Y-%m-%d}"


class FollowUpPlan(models.Model):
    """A rencana tindak lanjut: one action for an IKI behind target, open until closed.

    `achievement_then` keeps the capaian the plan was agreed on, so a later
    reader sees what it answered even after the standing moved.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Terbuka")
        DONE = "done", _("Selesai")

    plan = models.ForeignKey(
        "plans.PerformancePlan", on_delete=models.CASCADE, related_name="follow_ups"
    )
    indicator = models.ForeignKey(
        "plans.PlanIndicator",
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("IKI"),
    )
    action = models.TextField(_("tindakan"))
    owner = models.ForeignKey(
        "organisation.Employee",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("penanggung jawab"),
    )
    due = models.DateField(_("tenggat"))
    status = models.CharField(_("status"), max_length=5, choices=Status.choices, default="open")
    achievement_then = models.DecimalField(
        _("capaian saat disepakati"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    created_by = models.ForeignKey(
        "organisation.Employee", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    closing_note = models.TextField(_("catatan penyelesaian"), blank=True)
    closed_by = models.ForeignKey(
        "organisation.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("diselesaikan pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("rencana tindak lanjut")
        verbose_name_plural = _("rencana tindak lanjut")
        ordering = ["plan", "due", "pk"]

    def __str__(self) -> str:
        return self.action[:80]

    @property
    def overdue(self) -> bool:
        """Still open after its due date."""
        return self.status == self.Status.OPEN and self.due < clock.today()

"""In-app notifications, each person's choices about them, and the bookkeeping of the
collector (how far it has read) and of the daily e-mail digest (who got one which day)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about; each person may mute any of them."""

    SKP_SUBMITTED = "skp_submitted", _("SKP menunggu persetujuan")
    SKP_RETURNED = "skp_returned", _("SKP dikembalikan")
    SKP_APPROVED = "skp_approved", _("SKP disetujui")
    SKP_REOPENED = "skp_reopened", _("SKP dibuka kembali")
    REALISASI_PENDING = "realisasi_pending", _("Realisasi menunggu verifikasi")
    FEEDBACK_RECEIVED = "feedback_received", _("Umpan balik diterima")
    EVALUATION_FINALISED = "evaluation_finalised", _("Evaluasi menunggu tanda terima")
    OBJECTION_FILED = "objection_filed", _("Keberatan diajukan")
    OBJECTION_EXPLAINED = "objection_explained", _("Keberatan menunggu keputusan")
    OBJECTION_DECIDED = "objection_decided", _("Keberatan diputuskan")
    OBJECTION_DEADLINE = "objection_deadline", _("Tenggat keberatan")


# The kinds by what they are about, in the order of the year: the preferences page
# shows one group each. The digest follows the order of Kind, which is the same.
KIND_GROUPS: list[tuple[Promise, list[Kind]]] = [
    (
        _("SKP"),
        [Kind.SKP_SUBMITTED, Kind.SKP_RETURNED, Kind.SKP_APPROVED, Kind.SKP_REOPENED],
    ),
    (_("Realisasi"), [Kind.REALISASI_PENDING]),
    (_("Umpan balik berkelanjutan"), [Kind.FEEDBACK_RECEIVED]),
    (
        _("Evaluasi dan keberatan"),
        [
            Kind.EVALUATION_FINALISED,
            Kind.OBJECTION_FILED,
            Kind.OBJECTION_EXPLAINED,
            Kind.OBJECTION_DECIDED,
            Kind.OBJECTION_DEADLINE,
        ],
    ),
]


class Notification(models.Model):
    """One item in a person's Notifikasi list, unread until they mark it read.

    `key` names the record it came from ("plan-event:12"), so collecting the same
    record twice cannot create it twice; items without a source record leave it empty.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("penerima"),
    )
    kind = models.CharField(_("jenis"), max_length=40, choices=Kind.choices)
    text = models.CharField(_("isi"), max_length=500)
    link = models.CharField(_("tautan"), max_length=300, blank=True)
    key = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(_("dibuat"), default=timezone.now)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~Q(key=""),
                name="notification_once_per_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.text}"


class NotificationPreference(models.Model):
    """A person's choices; someone who never saved any gets the daily e-mail and every kind."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_daily = models.BooleanField(_("ringkasan harian lewat e-mail"), default=True)
    muted_kinds = models.JSONField(_("jenis yang dibisukan"), default=list, blank=True)

    class Meta:
        verbose_name = _("pengaturan notifikasi")
        verbose_name_plural = _("pengaturan notifikasi")

    def __str__(self) -> str:
        return str(self.user)


class CollectCursor(models.Model):
    """How far notifications_collect has read a source table.

    New rows are followed by id (`last_id`, the last one processed). A change to an
    existing row (a follow-up plan closed) gets no new id, so such a source is
    followed by time instead: `read_until` is when it was last read.
    """

    name = models.CharField(max_length=40, unique=True)
    last_id = models.BigIntegerField(default=0)
    read_until = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_id}"


class NotificationDigest(models.Model):
    """The daily e-mail one person received on one day; at most one per person and day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    count = models.PositiveIntegerField()
    email = models.EmailField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="notification_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.day}"

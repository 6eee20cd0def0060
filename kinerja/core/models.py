"""Background jobs and their progress: one record per long-running piece of work.

Imports of large files and full recomputes run in a Celery worker (or in-process
without a broker); the page that started them polls the job for its progress.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BackgroundJob(models.Model):
    """A long-running job with progress that the person who started it can watch."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu giliran")
        RUNNING = "running", _("Sedang berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    kind = models.CharField(_("jenis"), max_length=40)
    label = models.CharField(_("keterangan"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveBigIntegerField(_("selesai"), default=0)
    total = models.PositiveBigIntegerField(_("jumlah"), null=True, blank=True)
    message = models.TextField(_("pesan"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("pekerjaan latar belakang")
        verbose_name_plural = _("pekerjaan latar belakang")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    @property
    def percent(self) -> int | None:
        """Whole percent done, or None while the total is not known yet."""
        if not self.total:
            return 100 if self.status == self.Status.DONE else None
        return min(100, int(self.done * 100 // self.total))

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

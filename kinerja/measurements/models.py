"""Realisasi: measured values of an IKI per month, with where they came from.

A correction never overwrites: the old row is marked superseded and a new row
is written, so every version stays visible. At most one current row exists per
IKI and month. Every row names its channel (manual entry, an import batch, a
source system through the API, a survey, queue events) and who or what
delivered it; the penilai verifies or rejects it, and a rejected value drops
out of the capaian.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.indicators.models import SourceKind


def evidence_path(instance: Measurement, filename: str) -> str:
    """Where the single evidence field of migrations 0001-0002 stored files (kept for them)."""
    return f"evidence/{instance.plan_indicator_id}/{filename}"


def evidence_file_path(instance: EvidenceFile, filename: str) -> str:
    return f"evidence/{instance.measurement.plan_indicator_id}/{filename}"


def import_file_path(instance: ImportBatch, filename: str) -> str:
    return f"imports/{instance.instansi_id}/{filename}"


class MeasurementStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu verifikasi")
    VERIFIED = "verified", _("Terverifikasi")
    REJECTED = "rejected", _("Ditolak")


class DataSource(models.Model):
    """A system that delivers realisasi: a registry, a queue machine, a survey.

    HR marks a source trusted when its data needs no second look (an official
    register, a queue machine); its values arrive verified.
    """

    instansi = models.ForeignKey(
        "organisation.Instansi", on_delete=models.PROTECT, related_name="data_sources"
    )
    name = models.CharField(_("nama sistem sumber"), max_length=200)
    kind = models.CharField(
        _("jenis"), max_length=10, choices=SourceKind.choices, default=SourceKind.API
    )
    description = models.TextField(_("keterangan"), blank=True)
    trusted = models.BooleanField(
        _("terpercaya"),
        default=False,
        help_text=_("Nilai dari sumber terpercaya langsung terverifikasi saat diterima."),
    )
    active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("sistem sumber")
        verbose_name_plural = _("sistem sumber")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "name"], name="unique_source_name")
        ]

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One uploaded CSV or XLSX file of realisasi and what became of its rows."""

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all", _("Semua atau tidak sama sekali")
        VALID_ONLY = "valid", _("Hanya baris yang valid")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu diproses")
        CHECKING = "checking", _("Sedang diperiksa")
        INVALID = "invalid", _("Ditolak: ada baris yang salah")
        IMPORTING = "importing", _("Sedang diimpor")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")
        REVERTED = "reverted", _("Dibatalkan")

    instansi = models.ForeignKey(
        "organisation.Instansi", on_delete=models.PROTECT, related_name="import_batches"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("berkas"), upload_to=import_file_path)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    file_format = models.CharField(_("format"), max_length=4)
    mode = models.CharField(
        _("cara impor"), max_length=5, choices=Mode.choices, default=Mode.ALL_OR_NOTHING
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    job = models.OneToOneField(
        "core.BackgroundJob", on_delete=models.SET_NULL, null=True, related_name="import_batch"
    )
    rows_total = models.PositiveIntegerField(_("jumlah baris"), default=0)
    rows_written = models.PositiveIntegerField(_("baris tersimpan"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("baris tanpa perubahan"), default=0)
    rows_invalid = models.PositiveIntegerField(_("baris salah"), default=0)
    # The first errors, each {"row": n, "column": name, "message": text}; the count
    # above is complete, the list is capped so a broken million-row file stays small.
    errors = models.JSONField(_("kesalahan"), default=list, blank=True)
    message = models.TextField(_("pesan"), blank=True)
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor realisasi")
        verbose_name_plural = _("impor realisasi")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


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
    source = models.CharField(
        _("sumber"), max_length=10, choices=SourceKind.choices, default="manual"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    data_source = models.ForeignKey(
        DataSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name=_("sistem sumber"),
    )
    import_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name=_("impor"),
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    correction_reason = models.TextField(_("alasan koreksi"), blank=True)
    status = models.CharField(
        _("status verifikasi"),
        max_length=10,
        choices=MeasurementStatus.choices,
        default=MeasurementStatus.PENDING,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    verification_note = models.TextField(_("catatan verifikasi"), blank=True)

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
        indexes = [
            models.Index(fields=["plan_indicator", "period"]),
            # The penilai's verification inbox reads current pending rows by IKI.
            models.Index(
                fields=["plan_indicator"],
                condition=Q(superseded_at__isnull=True, status="pending"),
                name="measurement_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_indicator} · {self.period_id}"

    @property
    def rejected(self) -> bool:
        return self.status == MeasurementStatus.REJECTED


class EvidenceFile(models.Model):
    """One bukti dukung of a realisasi; stored privately, served only through a checked view."""

    measurement = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="evidence_files"
    )
    file = models.FileField(_("berkas"), upload_to=evidence_file_path)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

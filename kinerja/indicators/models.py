"""The indicator catalogue: measurable indicators shared by many SKPs.

An IKI picked from the catalogue copies the scoring-relevant fields (polarity,
aggregation), so that a later change to the catalogue never rewrites an SKP
that was already agreed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.scoring import Aggregation, Polarity


class PolarityChoice(models.TextChoices):
    HIGHER_BETTER = Polarity.HIGHER_BETTER.value, _("Semakin tinggi semakin baik")
    LOWER_BETTER = Polarity.LOWER_BETTER.value, _("Semakin rendah semakin baik")
    RANGE = Polarity.RANGE.value, _("Rentang target")
    MILESTONE = Polarity.MILESTONE.value, _("Tonggak (ya/tidak)")


class AggregationChoice(models.TextChoices):
    SUM = Aggregation.SUM.value, _("Jumlah seluruh periode")
    RATIO = Aggregation.RATIO.value, _("Rasio: jumlah pembilang / jumlah penyebut")
    LATEST = Aggregation.LATEST.value, _("Nilai terakhir")
    MEAN = Aggregation.MEAN.value, _("Rata-rata")
    MEDIAN = Aggregation.MEDIAN.value, _("Median")


class SourceKind(models.TextChoices):
    MANUAL = "manual", _("Input manual dengan bukti dukung")
    IMPORT = "import", _("Impor berkas")
    API = "api", _("Sistem sumber (API)")
    SURVEY = "survey", _("Survei kepuasan masyarakat")
    EVENTS = "events", _("Peristiwa layanan (mesin antrean)")


class ServiceMetric(models.TextChoices):
    """What a queue system's ticket events measure, for IKIs fed by them (servicetimes)."""

    WAIT_MEAN = "wait_mean", _("Rata-rata waktu tunggu (menit)")
    WAIT_MEDIAN = "wait_median", _("Median waktu tunggu (menit)")
    SERVICE_MEAN = "service_mean", _("Rata-rata waktu layanan (menit)")
    SERVICE_MEDIAN = "service_median", _("Median waktu layanan (menit)")


class ServiceScope(models.TextChoices):
    OFFICER = "officer", _("Per petugas (tiket yang dilayani pegawai)")
    UNIT = "unit", _("Per unit (seluruh tiket unit kerja pegawai)")


class Indicator(models.Model):
    """A catalogue indicator of one instansi, e.g. cakupan imunisasi dasar lengkap."""

    instansi = models.ForeignKey(
        "organisation.Instansi", on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.SlugField(_("kode"), max_length=60)
    name = models.CharField(_("nama indikator"), max_length=300)
    description = models.TextField(_("definisi operasional"), blank=True)
    unit_of_measure = models.CharField(_("satuan"), max_length=40)
    polarity = models.CharField(_("polaritas"), max_length=20, choices=PolarityChoice.choices)
    range_polarity = models.CharField(
        _("arah rentang"),
        max_length=20,
        choices=PolarityChoice.choices[:2],
        default=Polarity.LOWER_BETTER.value,
        help_text=_("Untuk target rentang: apakah nilai di bawah rentang lebih baik."),
    )
    aggregation = models.CharField(
        _("cara agregasi tahunan"), max_length=10, choices=AggregationChoice.choices
    )
    numerator_label = models.CharField(_("label pembilang"), max_length=200, blank=True)
    denominator_label = models.CharField(_("label penyebut"), max_length=200, blank=True)
    source_kind = models.CharField(
        _("sumber data"), max_length=10, choices=SourceKind.choices, default="manual"
    )
    service_metric = models.CharField(
        _("ukuran waktu layanan"),
        max_length=20,
        choices=ServiceMetric.choices,
        blank=True,
        help_text=_("Hanya untuk indikator yang diisi dari peristiwa mesin antrean."),
    )
    service_scope = models.CharField(
        _("cakupan waktu layanan"),
        max_length=10,
        choices=ServiceScope.choices,
        default=ServiceScope.OFFICER,
    )

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("katalog indikator")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "code"], name="unique_indicator_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == Aggregation.RATIO.value

"""The SKP (Sasaran Kinerja Pegawai) and its parts, per PermenPANRB 6/2022.

An SKP (PerformancePlan) belongs to one employee in one position for one year.
Its RHKs (PlannedResult) hang under the superior's RHK they support; each RHK
has IKIs (PlanIndicator) with a target and a weight. Each IKI also keeps its
current standing (the year-to-date capaian and how it was computed), refreshed
the moment a realisasi arrives, so team pages read it in one query.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.agreements.models import Perspective
from kinerja.indicators.models import AggregationChoice, Indicator, PolarityChoice
from kinerja.scoring import Polarity, Target


class CoreValue(models.TextChoices):
    """The seven BerAKHLAK core values of ASN."""

    BERORIENTASI_PELAYANAN = "berorientasi_pelayanan", _("Berorientasi Pelayanan")
    AKUNTABEL = "akuntabel", _("Akuntabel")
    KOMPETEN = "kompeten", _("Kompeten")
    HARMONIS = "harmonis", _("Harmonis")
    LOYAL = "loyal", _("Loyal")
    ADAPTIF = "adaptif", _("Adaptif")
    KOLABORATIF = "kolaboratif", _("Kolaboratif")


class RatingChoice(models.TextChoices):
    ABOVE = "above", _("Di Atas Ekspektasi")
    MEETS = "meets", _("Sesuai Ekspektasi")
    BELOW = "below", _("Di Bawah Ekspektasi")


class ChangeReason(models.TextChoices):
    """Why an SKP was closed before the end of the year."""

    TRANSFER = "transfer", _("Mutasi / pindah unit")
    NEW_POSITION = "new_position", _("Jabatan baru")
    NEW_SUPERIOR = "new_superior", _("Atasan baru")


class PerformancePlan(models.Model):
    """An SKP: one employee's performance plan in one position for one year.

    A change of position or superior during the year closes the running SKP at
    a date (`end`) and opens a new one (`previous` points back); each part
    counts in an evaluation by its share of the period.
    """

    class Approach(models.TextChoices):
        QUANTITATIVE = "quantitative", _("Kuantitatif")
        QUALITATIVE = "qualitative", _("Kualitatif")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        APPROVED = "approved", _("Disetujui")
        RETURNED = "returned", _("Dikembalikan")

    employee = models.ForeignKey(
        "organisation.Employee",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("pegawai"),
    )
    position = models.ForeignKey(
        "organisation.Position",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("jabatan"),
    )
    year = models.ForeignKey(
        "cycles.AppraisalYear",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("tahun penilaian"),
    )
    approach = models.CharField(
        _("pendekatan"), max_length=12, choices=Approach.choices, default="quantitative"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="draft")
    start = models.DateField(_("berlaku mulai"))
    end = models.DateField(_("berlaku sampai"))
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("SKP sebelumnya"),
    )
    closed_reason = models.CharField(
        _("alasan ditutup"), max_length=20, choices=ChangeReason.choices, blank=True
    )
    # The lampiran of the SKP (free text, PermenPANRB 6/2022).
    supporting_resources = models.TextField(_("dukungan sumber daya"), blank=True)
    accountability_scheme = models.TextField(_("skema pertanggungjawaban"), blank=True)
    consequences = models.TextField(_("konsekuensi"), blank=True)
    status_changed_at = models.DateTimeField(_("status berubah pada"), null=True, blank=True)
    # Current standing, refreshed with every realisasi (see measurements.services).
    achievement = models.DecimalField(
        _("capaian SKP"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    proposed_rating = models.CharField(
        _("usulan rating hasil kerja"), max_length=5, choices=RatingChoice.choices, blank=True
    )
    explanation = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(_("dihitung pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["-start"]
        indexes = [models.Index(fields=["year", "employee"])]

    def __str__(self) -> str:
        return f"SKP {self.year.year} · {self.employee.name}"


class PlannedResult(models.Model):
    """An RHK (Rencana Hasil Kerja), hung under the superior's RHK it supports."""

    class Kind(models.TextChoices):
        UTAMA = "utama", _("Utama")
        TAMBAHAN = "tambahan", _("Tambahan")

    plan = models.ForeignKey(
        PerformancePlan, on_delete=models.CASCADE, related_name="results", verbose_name=_("SKP")
    )
    supports = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supported_by",
        verbose_name=_("RHK atasan yang diintervensi"),
    )
    # A JPT's RHK comes from the unit's Perjanjian Kinerja instead of a superior's RHK.
    goal = models.ForeignKey(
        "agreements.AgreementGoal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
        verbose_name=_("sasaran perjanjian kinerja"),
    )
    # Set when the RHK came from a position template, so applying it again adds nothing.
    template_result = models.ForeignKey(
        "TemplateResult",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applied_as",
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default="utama")
    text = models.TextField(_("rencana hasil kerja"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("RHK")
        verbose_name_plural = _("RHK")
        ordering = ["plan", "kind", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Aspect(models.TextChoices):
    KUANTITAS = "kuantitas", _("Kuantitas")
    KUALITAS = "kualitas", _("Kualitas")
    WAKTU = "waktu", _("Waktu")
    BIAYA = "biaya", _("Biaya")


# Units read as percent: a target in them cannot exceed 100.
PERCENT_UNITS = frozenset({"%", "persen", "persentase"})


class IndicatorDefinition(models.Model):
    """What an IKI measures and aims at: shared by an SKP's IKI and a template's IKI.

    Copies (a template applied, last year's SKP, a continued SKP) move exactly
    these fields, through `definition()`; `define()` is the one place where a
    catalogue indicator overrides what was typed.
    """

    DEFINITION_FIELDS = (
        "indicator_id",
        "name",
        "aspect",
        "unit_of_measure",
        "polarity",
        "range_polarity",
        "aggregation",
        "target_value",
        "target_low",
        "target_high",
        "weight",
        "target_text",
    )

    if TYPE_CHECKING:  # each concrete model declares its own link to the catalogue
        indicator: Indicator | None
        indicator_id: int | None

    name = models.CharField(_("indikator kinerja individu"), max_length=300)
    aspect = models.CharField(
        _("aspek"), max_length=10, choices=Aspect.choices, default="kuantitas"
    )
    unit_of_measure = models.CharField(_("satuan"), max_length=40)
    polarity = models.CharField(_("polaritas"), max_length=20, choices=PolarityChoice.choices)
    range_polarity = models.CharField(
        max_length=20, choices=PolarityChoice.choices[:2], default=Polarity.LOWER_BETTER.value
    )
    aggregation = models.CharField(_("agregasi"), max_length=10, choices=AggregationChoice.choices)
    target_value = models.DecimalField(
        _("target"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target_low = models.DecimalField(
        _("target bawah"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target_high = models.DecimalField(
        _("target atas"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    weight = models.DecimalField(
        _("bobot"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    # The kualitatif approach narrates the expected result instead of a number.
    target_text = models.TextField(_("target (uraian kualitatif)"), blank=True)

    class Meta:
        abstract = True

    def definition(self) -> dict[str, Any]:
        """The fields a copy of this IKI takes over (never its standing)."""
        return {field: getattr(self, field) for field in self.DEFINITION_FIELDS}

    def define(
        self,
        *,
        name: str,
        catalogue: Indicator | None,
        aspect: str,
        unit_of_measure: str,
        polarity: str,
        aggregation: str,
        target_value: Decimal | None,
        target_low: Decimal | None,
        target_high: Decimal | None,
        weight: Decimal,
        target_text: str,
    ) -> None:
        """Set the definition; a catalogue indicator's scoring fields win over typed ones.

        Shared data must mean the same everywhere, so unit, polarity and
        aggregation of a catalogue IKI are never typed per person.
        """
        self.indicator = catalogue
        self.name = name.strip() or (catalogue.name if catalogue else "")
        self.aspect = aspect
        if catalogue is not None:
            self.unit_of_measure = catalogue.unit_of_measure
            self.polarity = catalogue.polarity
            self.range_polarity = catalogue.range_polarity
            self.aggregation = catalogue.aggregation
        else:
            self.unit_of_measure = unit_of_measure.strip()
            self.polarity = polarity
            self.range_polarity = Polarity.LOWER_BETTER.value
            self.aggregation = aggregation
        self.target_value = target_value
        self.target_low = target_low
        self.target_high = target_high
        self.weight = weight
        self.target_text = (target_text or "").strip()


class PlanIndicator(IndicatorDefinition):
    """An IKI (Indikator Kinerja Individu) with its target, weight and current standing."""

    result = models.ForeignKey(PlannedResult, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_indicators",
        verbose_name=_("indikator katalog"),
    )
    perspective = models.CharField(
        _("perspektif"), max_length=20, choices=Perspective.choices, blank=True
    )
    # Current standing (year to date), refreshed with every realisasi.
    achieved_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    achievement = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    explanation = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(_("dihitung pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("IKI")
        verbose_name_plural = _("IKI")
        ordering = ["result", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == AggregationChoice.RATIO

    @property
    def has_numeric_target(self) -> bool:
        """Whether the IKI has the number(s) its polarity is compared against.

        An IKI of a kualitatif SKP may have only a narrated target; such an IKI
        has no capaian (measurements.standing skips it).
        """
        if self.polarity == Polarity.RANGE:
            return self.target_low is not None and self.target_high is not None
        return self.target_value is not None

    def target(self) -> Target:
        if self.polarity == Polarity.RANGE:
            return Target(low=self.target_low, high=self.target_high)
        return Target(value=self.target_value)

    # Set by the service (plans.services) from the SKP's approach before full_clean():
    # an IKI of a kualitatif SKP narrates its target instead of giving a number.
    qualitative: bool = False

    def clean(self) -> None:
        """The one home of the target-vs-polarity rules (SKP editor and position templates).

        Errors are keyed by field so forms show them beside the input.
        """
        if self.weight is not None and self.weight > 100:
            raise ValidationError({"weight": _("Bobot adalah persen: paling besar 100.")})
        if self.qualitative:
            if not self.target_text.strip():
                raise ValidationError(
                    {"target_text": _("Pendekatan kualitatif memerlukan uraian target.")}
                )
            if self.target_value is None and self.target_low is None and self.target_high is None:
                return  # a narrated target only: no number to check
        percent = self.unit_of_measure.strip().lower() in PERCENT_UNITS
        if self.polarity == Polarity.RANGE:
            if self.target_low is None or self.target_high is None:
                missing = "target_low" if self.target_low is None else "target_high"
                raise ValidationError(
                    {missing: _("Target rentang memerlukan batas bawah dan batas atas.")}
                )
            if self.target_low < 0 or self.target_high < 0:
                raise ValidationError(
                    {"target_low": _("Batas target rentang tidak boleh negatif.")}
                )
            if self.target_low > self.target_high:
                raise ValidationError(
                    {"target_low": _("Batas bawah target tidak boleh melebihi batas atas.")}
                )
            if percent and self.target_high > 100:
                raise ValidationError(
                    {"target_high": _("Target dalam persen tidak boleh melebihi 100.")}
                )
            return
        if self.polarity == Polarity.MILESTONE:
            if self.target_value != 1:
                raise ValidationError(
                    {"target_value": _("Target tonggak selalu 1 (selesai dilaksanakan).")}
                )
            return
        if self.target_value is None or self.target_value <= 0:
            raise ValidationError({"target_value": _("Target harus lebih besar dari nol.")})
        if percent and self.target_value > 100:
            raise ValidationError(
                {"target_value": _("Target dalam persen tidak boleh melebihi 100.")}
            )


class BehaviourExpectation(models.Model):
    """The superior's special expectation (ekspektasi khusus pimpinan) for one BerAKHLAK value."""

    plan = models.ForeignKey(
        PerformancePlan, on_delete=models.CASCADE, related_name="behaviour_expectations"
    )
    value = models.CharField(_("nilai BerAKHLAK"), max_length=30, choices=CoreValue.choices)
    expectation = models.TextField(_("ekspektasi khusus pimpinan"), blank=True)

    class Meta:
        verbose_name = _("ekspektasi perilaku")
        verbose_name_plural = _("ekspektasi perilaku")
        constraints = [
            models.UniqueConstraint(fields=["plan", "value"], name="unique_expectation_per_value")
        ]

    def __str__(self) -> str:
        return f"{self.get_value_display()}: {self.expectation[:60]}"


class PlanVersion(models.Model):
    """A frozen copy of an SKP's content, taken at each step of the workflow."""

    plan = models.ForeignKey(PerformancePlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versi"))
    content = models.JSONField(_("isi"))
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("versi SKP")
        verbose_name_plural = _("versi SKP")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class PlanEvent(models.Model):
    """One step in an SKP's history: who did what, for whom, and why."""

    class Action(models.TextChoices):
        CREATED = "created", _("Dibuat")
        COPIED = "copied", _("Disalin dari tahun lalu")
        TEMPLATE_APPLIED = "template_applied", _("Template jabatan diterapkan")
        SUBMITTED = "submitted", _("Diajukan")
        RETURNED = "returned", _("Dikembalikan")
        APPROVED = "approved", _("Disetujui")
        REOPENED = "reopened", _("Dibuka kembali")
        LINKED = "linked", _("RHK dihubungkan ke RHK atasan")
        CLOSED = "closed", _("Ditutup karena perubahan")
        CONTINUED = "continued", _("Dilanjutkan dari SKP sebelumnya")

    plan = models.ForeignKey(PerformancePlan, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("dilakukan oleh"),
    )
    # Set when HR acted in place of the penilai (who had not started).
    on_behalf_of = models.ForeignKey(
        "organisation.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("atas nama"),
    )
    note = models.TextField(_("catatan"), blank=True)
    version = models.ForeignKey(
        PlanVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat SKP")
        verbose_name_plural = _("riwayat SKP")
        ordering = ["plan", "at", "pk"]
        # The notification collector re-reads the last minutes of events by time.
        indexes = [models.Index(fields=["at"], name="planevent_at")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_action_display()}"


class PlanReminder(models.Model):
    """A reminder sent to an employee whose SKP was not approved by the deadline."""

    year = models.ForeignKey(
        "cycles.AppraisalYear", on_delete=models.CASCADE, related_name="plan_reminders"
    )
    employee = models.ForeignKey(
        "organisation.Employee", on_delete=models.CASCADE, related_name="plan_reminders"
    )
    sent_at = models.DateTimeField(_("dikirim pada"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    email = models.EmailField(_("surel"), blank=True)

    class Meta:
        verbose_name = _("pengingat SKP")
        verbose_name_plural = _("pengingat SKP")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["year", "employee"])]

    def __str__(self) -> str:
        return f"{self.employee} · {self.sent_at:%Y-%m-%d}"


class PlanTemplate(models.Model):
    """A set of RHKs and IKIs with default targets for every holder of a position."""

    position = models.ForeignKey(
        "organisation.Position",
        on_delete=models.CASCADE,
        related_name="plan_templates",
        verbose_name=_("jabatan"),
    )
    name = models.CharField(_("nama template"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("template SKP jabatan")
        verbose_name_plural = _("template SKP jabatan")
        ordering = ["position__name", "name"]

    def __str__(self) -> str:
        return self.name


class TemplateResult(models.Model):
    """An RHK of a position template."""

    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="results")
    kind = models.CharField(
        _("jenis"), max_length=10, choices=PlannedResult.Kind.choices, default="utama"
    )
    text = models.TextField(_("rencana hasil kerja"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("RHK template")
        verbose_name_plural = _("RHK template")
        ordering = ["template", "kind", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class TemplateIndicator(IndicatorDefinition):
    """An IKI of a template RHK, with the default target each holder starts from."""

    result = models.ForeignKey(TemplateResult, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indikator katalog"),
    )

    class Meta:
        verbose_name = _("IKI template")
        verbose_name_plural = _("IKI template")
        ordering = ["result", "pk"]

    def __str__(self) -> str:
        return self.name

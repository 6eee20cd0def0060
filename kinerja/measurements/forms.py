"""The realisasi form: a value (or numerator and denominator), a note and evidence."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kinerja.cycles.models import Period
from kinerja.measurements.evidence import MAX_FILES_PER_UPLOAD, EvidenceError, evidence_check
from kinerja.measurements.models import Measurement, MeasurementStatus
from kinerja.plans.models import PlanIndicator

MAX_VALUE = Decimal("1e15")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the form's clean_evidence."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class PeriodChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Period) -> str:
        return obj.label


class MeasurementForm(forms.Form):
    period = PeriodChoiceField(queryset=Period.objects.none(), label=_("Bulan"))
    value = forms.DecimalField(
        label=_("Realisasi"), required=False, max_digits=20, decimal_places=4, min_value=0
    )
    numerator = forms.DecimalField(
        label=_("Pembilang"), required=False, max_digits=20, decimal_places=4, min_value=0
    )
    denominator = forms.DecimalField(
        label=_("Penyebut"), required=False, max_digits=20, decimal_places=4, min_value=0
    )
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea, max_length=2000
    )
    evidence = MultipleFileField(label=_("Bukti dukung"), required=False)
    correction_reason = forms.CharField(
        label=_("Alasan koreksi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_(
            "Wajib diisi bila realisasi bulan yang dipilih sudah diverifikasi penilai: "
            "perubahan dicatat sebagai versi baru dengan alasan ini."
        ),
    )

    def __init__(
        self,
        *args: Any,
        indicator: PlanIndicator,
        periods: list[Period],
        current: dict[int, Measurement] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        # The current realisasi of each offered month, to know which ones are verified.
        self.current = current or {}
        self.fields["evidence"].help_text = _(
            "Boleh lebih dari satu berkas: PDF, gambar (PNG/JPG) atau dokumen perkantoran "
            "(DOCX, XLSX, PPTX, ODT, ODS); paling besar %(size)s per berkas."
        ) % {"size": filesizeformat(settings.EVIDENCE_MAX_BYTES)}
        if not any(m.status == MeasurementStatus.VERIFIED for m in self.current.values()):
            # Nothing to correct: the field would only confuse.
            del self.fields["correction_reason"]
        self.fields["period"].queryset = Period.objects.filter(pk__in=[p.pk for p in periods])  # type: ignore[attr-defined]
        if periods and not self.is_bound:
            self.initial.setdefault("period", periods[-1].pk)
        if indicator.is_ratio:
            del self.fields["value"]
            # One part may come now and the other later (maybe from another
            # source); the ratio is computed once both are known.
            self.fields["numerator"].help_text = _(
                "Boleh diisi salah satu saja; bagian yang kosong tetap seperti yang tercatat."
            )
            if indicator.indicator and indicator.indicator.numerator_label:
                self.fields["numerator"].label = indicator.indicator.numerator_label
            if indicator.indicator and indicator.indicator.denominator_label:
                self.fields["denominator"].label = indicator.indicator.denominator_label
        else:
            del self.fields["numerator"]
            del self.fields["denominator"]
            self.fields["value"].required = True
            self.fields["value"].label = _("Realisasi (%(unit)s)") % {
                "unit": indicator.unit_of_measure
            }

    def _bounded(self, name: str) -> Decimal | None:
        value: Decimal | None = self.cleaned_data.get(name)
        if value is not None and value >= MAX_VALUE:
            raise forms.ValidationError(_("Angka terlalu besar."))
        return value

    def clean_value(self) -> Decimal | None:
        return self._bounded("value")

    def clean_numerator(self) -> Decimal | None:
        return self._bounded("numerator")

    def clean_denominator(self) -> Decimal | None:
        value = self._bounded("denominator")
        if value is not None and value == 0:
            raise forms.ValidationError(_("Penyebut tidak boleh nol."))
        return value

    def clean_evidence(self) -> list[UploadedFile[bytes]]:
        uploads: list[UploadedFile[bytes]] = self.cleaned_data.get("evidence") or []
        if len(uploads) > MAX_FILES_PER_UPLOAD:
            raise forms.ValidationError(
                _("Paling banyak %(count)s berkas sekaligus.") % {"count": MAX_FILES_PER_UPLOAD}
            )
        errors = []
        for upload in uploads:
            try:
                evidence_check(upload)
            except EvidenceError as error:
                errors.append(forms.ValidationError(str(error)))
        if errors:
            # Every bad file is named at once, so the pegawai fixes them in one go.
            raise forms.ValidationError(errors)
        return uploads

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            self.indicator.is_ratio
            and not self.errors
            and data.get("numerator") is None
            and data.get("denominator") is None
        ):
            self.add_error("numerator", _("Isi pembilang, penyebut, atau keduanya."))
        period = data.get("period")
        current = self.current.get(period.pk) if period is not None else None
        if (
            period is not None
            and current is not None
            and current.status == MeasurementStatus.VERIFIED
            and "correction_reason" in self.fields
            and not (data.get("correction_reason") or "").strip()
        ):
            self.add_error(
                "correction_reason",
                _("Realisasi %(month)s sudah diverifikasi penilai: tuliskan alasan koreksi.")
                % {"month": period.label},
            )
        return data

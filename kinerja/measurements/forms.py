"""The realisasi form: a value (or numerator and denominator), a note and evidence."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kinerja.cycles.models import Period
from kinerja.plans.models import PlanIndicator

EVIDENCE_EXTENSIONS = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".pptx": b"PK\x03\x04",
    ".odt": b"PK\x03\x04",
    ".ods": b"PK\x03\x04",
}
MAX_VALUE = Decimal("1e15")


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
    evidence = forms.FileField(
        label=_("Bukti dukung"),
        required=False,
        help_text=_("PDF, gambar (PNG/JPG) atau dokumen perkantoran; paling besar %(size)s.")
        % {"size": filesizeformat(settings.EVIDENCE_MAX_BYTES)},
    )

    def __init__(self, *args: Any, indicator: PlanIndicator, periods: list[Period], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["period"].queryset = Period.objects.filter(pk__in=[p.pk for p in periods])  # type: ignore[attr-defined]
        if periods and not self.is_bound:
            self.initial.setdefault("period", periods[-1].pk)
        if indicator.is_ratio:
            del self.fields["value"]
            self.fields["numerator"].required = True
            self.fields["denominator"].required = True
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

    def clean_evidence(self) -> UploadedFile[bytes] | None:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("evidence")
        if upload is None:
            return None
        if upload.size is not None and upload.size > settings.EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar (%(size)s). Paling besar %(max)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(settings.EVIDENCE_MAX_BYTES),
                }
            )
        extension = Path(upload.name or "").suffix.lower()
        signature = EVIDENCE_EXTENSIONS.get(extension)
        if signature is None:
            raise forms.ValidationError(
                _(
                    "Jenis berkas tidak diizinkan. "
                    "Gunakan PDF, PNG, JPG, DOCX, XLSX, PPTX, ODT atau ODS."
                )
            )
        head = upload.read(len(signature))
        upload.seek(0)
        if head != signature:
            raise forms.ValidationError(_("Isi berkas tidak sesuai dengan jenisnya."))
        return upload

"""Forms of the import pages: the upload and the template download."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import IdChoiceField, IdMultipleChoiceField
from kinerja.cycles.models import AppraisalYear
from kinerja.imports.services import file_format_of
from kinerja.indicators.models import Indicator
from kinerja.measurements.models import ImportBatch
from kinerja.organisation.models import Instansi, Unit


class UploadForm(forms.Form):
    instansi = IdChoiceField(queryset=Instansi.objects.none(), label=_("Instansi"))
    file = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        help_text=_("Pakai templat; CSV harus UTF-8, dipisah koma atau titik koma."),
    )
    mode = forms.ChoiceField(
        label=_("Bila ada baris yang salah"),
        choices=[
            (ImportBatch.Mode.ALL_OR_NOTHING, _("Jangan simpan apa pun (disarankan)")),
            (ImportBatch.Mode.VALID_ONLY, _("Impor hanya baris yang valid, lewati yang salah")),
        ],
        initial=ImportBatch.Mode.ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, instansi_ids: frozenset[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instansi"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Instansi.objects.filter(pk__in=instansi_ids).order_by("name")
        self.only_instansi = field.queryset.first() if len(instansi_ids) == 1 else None
        if self.only_instansi is not None:
            # One instansi to import for: nothing to choose, so the field is not shown.
            field.required = False
            field.widget = forms.HiddenInput()

    def clean_instansi(self) -> Instansi:
        chosen = self.cleaned_data.get("instansi") or self.only_instansi
        if chosen is None:
            raise forms.ValidationError(_("Pilih instansi."))
        return chosen

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if name.lower().endswith(".xls"):
            raise forms.ValidationError(
                _("Format .xls lama tidak didukung. Simpan sebagai .xlsx atau CSV UTF-8.")
            )
        if file_format_of(name) is None:
            raise forms.ValidationError(_("Hanya berkas .csv atau .xlsx yang dapat diimpor."))
        # Read at each upload (env IMPORT_MAX_MB, stored by settings in bytes).
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Berkas terlalu besar (paling besar %(mb)s MB).")
                % {"mb": max(1, limit // (1024 * 1024))}
            )
        if file_format_of(name) == "xlsx":
            head = upload.read(4)
            upload.seek(0)
            if head != b"PK\x03\x04":
                raise forms.ValidationError(_("Berkas ini bukan XLSX meskipun namanya .xlsx."))
        return upload


class TemplateForm(forms.Form):
    unit = IdChoiceField(queryset=Unit.objects.none(), label=_("Unit kerja (beserta sub-unitnya)"))
    indicators = IdMultipleChoiceField(
        queryset=Indicator.objects.none(),
        required=False,
        label=_("Indikator katalog"),
        help_text=_("Kosongkan untuk semua IKI, termasuk IKI tanpa indikator katalog."),
        widget=forms.CheckboxSelectMultiple,
    )
    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int)
    month = forms.TypedChoiceField(
        label=_("Bulan"),
        coerce=int,
        choices=[(m, m) for m in range(1, 13)],
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xlsx", "XLSX (Excel)"), ("csv", "CSV UTF-8")],
        initial="xlsx",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, instansi_ids: frozenset[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.dates import MONTHS

        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = Unit.objects.filter(instansi_id__in=instansi_ids).order_by(
            "instansi__name", "name"
        )
        indicators = self.fields["indicators"]
        assert isinstance(indicators, IdMultipleChoiceField)
        indicators.queryset = Indicator.objects.filter(instansi_id__in=instansi_ids).order_by(
            "code"
        )
        years = sorted(
            set(
                AppraisalYear.objects.filter(instansi_id__in=instansi_ids).values_list(
                    "year", flat=True
                )
            ),
            reverse=True,
        )
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(y, y) for y in years]
        month = self.fields["month"]
        assert isinstance(month, forms.TypedChoiceField)
        month.choices = [(m, MONTHS[m]) for m in range(1, 13)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit, year = data.get("unit"), data.get("year")
        if unit is not None and year is not None:
            appraisal = AppraisalYear.objects.filter(
                instansi_id=unit.instansi_id, year=year
            ).first()
            if appraisal is None:
                raise forms.ValidationError(
                    _("Tahun penilaian %(year)s belum dibuka untuk instansi unit ini.")
                    % {"year": year}
                )
            data["appraisal_year"] = appraisal
            others = [i for i in data.get("indicators", []) if i.instansi_id != unit.instansi_id]
            if others:
                self.add_error("indicators", _("Pilih indikator dari instansi unit ini."))
        return data

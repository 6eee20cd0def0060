"""Forms of the Perjanjian Kinerja pages: input parsing and field errors only.

The rules (who may own a PK, what a target may be) live in services.py; a
ValidationError from a service lands beside the field it names (add_service_errors).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kinerja.agreements.imports import MAX_BYTES
from kinerja.agreements.models import Perspective
from kinerja.agreements.services import target_problem
from kinerja.organisation.models import Position, Unit


class PositionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Position) -> str:
        return f"{obj.name} — {obj.unit.name}"


class AgreementCreateForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit kerja"))
    position = PositionChoiceField(
        queryset=Position.objects.none(),
        label=_("Jabatan pemilik"),
        required=False,
        help_text=_("Kosongkan untuk memakai jabatan yang memimpin unit tersebut."),
    )
    signed_on = forms.DateField(
        label=_("Tanggal ditandatangani"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], positions: QuerySet[Position], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["position"].queryset = positions  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit = data.get("unit")
        if unit is not None and data.get("position") is None:
            heads = list(
                self.fields["position"].queryset.filter(unit=unit)  # type: ignore[attr-defined]
            )
            if len(heads) == 1:
                data["position"] = heads[0]
            elif not heads:
                self.add_error(
                    "position",
                    _(
                        "Unit ini belum memiliki jabatan yang memimpin unit. "
                        "Tandai jabatan pimpinannya ('memimpin unit') di data induk."
                    ),
                )
            else:
                self.add_error(
                    "position", _("Unit ini dipimpin lebih dari satu jabatan; pilih satu.")
                )
        return data


class AgreementForm(forms.Form):
    position = PositionChoiceField(queryset=Position.objects.none(), label=_("Jabatan pemilik"))
    signed_on = forms.DateField(
        label=_("Tanggal ditandatangani"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, positions: QuerySet[Position], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions  # type: ignore[attr-defined]


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Sasaran"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Kondisi yang ingin dicapai unit, mis. 'Meningkatnya mutu layanan pendidikan'."
        ),
    )


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indikator kinerja"), max_length=300)
    unit_of_measure = forms.CharField(
        label=_("Satuan"), max_length=40, help_text=_("Mis. %, orang, dokumen, indeks, menit.")
    )
    target_value = forms.DecimalField(
        label=_("Target"),
        max_digits=16,
        decimal_places=4,
        localize=True,
        help_text=_("Target tahunan, lebih besar dari nol."),
    )
    perspective = forms.ChoiceField(
        label=_("Perspektif"),
        choices=[("", _("— tidak ditentukan —")), *Perspective.choices],
        required=False,
        help_text=_("Dipakai IKI pada SKP JPT yang mengambil sasaran ini."),
    )

    def clean_target_value(self) -> Decimal | None:
        value: Decimal | None = self.cleaned_data.get("target_value")
        problem = target_problem(value) if value is not None else ""
        if problem:
            raise ValidationError(problem)
        return value


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("XLSX atau CSV (UTF-8, pemisah koma atau titik koma); paling besar %(size)s.")
        % {"size": filesizeformat(MAX_BYTES)},
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)

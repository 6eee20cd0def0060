"""Input of the position-template pages: parsing and field errors only.

The rules of an IKI's target are not repeated here: the services check a
template IKI through PlanIndicator's own validation, and the views put those
errors beside the fields.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kinerja.cycles.models import AppraisalYear
from kinerja.indicators.models import AggregationChoice, Indicator, PolarityChoice
from kinerja.organisation.models import Position
from kinerja.plans.models import Aspect, PerformancePlan, PlannedResult

MAX_TARGET = Decimal("1e12")


class PositionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Position) -> str:
        return f"{obj.name} — {obj.unit.name}"


class PlanChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: PerformancePlan) -> str:
        return f"{obj.employee.name} — {obj.position.name} ({obj.get_status_display()})"


class TemplateCreateForm(forms.Form):
    SOURCE_EMPTY = "empty"
    SOURCE_PLAN = "plan"

    source = forms.ChoiceField(
        label=_("Mulai dari"),
        choices=[
            (SOURCE_EMPTY, _("Template kosong untuk jabatan")),
            (SOURCE_PLAN, _("Salinan SKP seorang pegawai")),
        ],
        initial=SOURCE_EMPTY,
        widget=forms.RadioSelect,
    )
    position = PositionChoiceField(
        label=_("Jabatan"),
        queryset=Position.objects.none(),
        required=False,
        empty_label=_("— pilih jabatan —"),
    )
    plan = PlanChoiceField(
        label=_("SKP sumber"),
        queryset=PerformancePlan.objects.none(),
        required=False,
        empty_label=_("— pilih SKP —"),
        help_text=_("RHK dan IKI SKP ini disalin; template berlaku untuk jabatan SKP tersebut."),
    )
    name = forms.CharField(label=_("Nama template"), max_length=200)

    def __init__(
        self,
        *args: Any,
        positions: QuerySet[Position],
        plans: QuerySet[PerformancePlan],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        position_field = self.fields["position"]
        plan_field = self.fields["plan"]
        assert isinstance(position_field, forms.ModelChoiceField)
        assert isinstance(plan_field, forms.ModelChoiceField)
        position_field.queryset = positions.select_related("unit").order_by("name", "pk")
        plan_field.queryset = plans

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = data.get("source")
        if source == self.SOURCE_EMPTY and not data.get("position"):
            self.add_error("position", _("Pilih jabatan untuk template ini."))
        if source == self.SOURCE_PLAN and not data.get("plan"):
            self.add_error("plan", _("Pilih SKP yang akan disalin."))
        return data


class TemplateResultForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=PlannedResult.Kind.choices, initial=PlannedResult.Kind.UTAMA
    )
    text = forms.CharField(
        label=_("Rencana hasil kerja (RHK)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _decimal(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=16,
        decimal_places=4,
        max_value=MAX_TARGET,
        **kwargs,
    )


class TemplateIndicatorForm(forms.Form):
    catalogue = forms.ModelChoiceField(
        label=_("Indikator katalog"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("— tidak dari katalog, tulis sendiri —"),
        help_text=_(
            "Indikator katalog membawa satuan, polaritas dan cara agregasinya sendiri, "
            "sehingga data realisasinya dapat dipakai bersama."
        ),
    )
    name = forms.CharField(
        label=_("Indikator kinerja individu (IKI)"),
        max_length=300,
        required=False,
        help_text=_("Boleh dikosongkan bila memilih indikator katalog."),
    )
    aspect = forms.ChoiceField(label=_("Aspek"), choices=Aspect.choices, initial=Aspect.KUANTITAS)
    unit_of_measure = forms.CharField(label=_("Satuan"), max_length=40, required=False)
    polarity = forms.ChoiceField(
        label=_("Polaritas"),
        choices=[("", _("— pilih —")), *PolarityChoice.choices],
        required=False,
    )
    aggregation = forms.ChoiceField(
        label=_("Cara agregasi tahunan"),
        choices=[("", _("— pilih —")), *AggregationChoice.choices],
        required=False,
    )
    target_value = _decimal(_("Target bawaan"))
    target_low = _decimal(_("Target bawaan: batas bawah"), help_text=_("Hanya untuk rentang."))
    target_high = _decimal(_("Target bawaan: batas atas"), help_text=_("Hanya untuk rentang."))
    target_text = forms.CharField(
        label=_("Uraian target (opsional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    weight = forms.DecimalField(
        label=_("Bobot (%)"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        initial=Decimal(10),
        help_text=_("Persentase; bobot seluruh IKI sebuah SKP berjumlah 100."),
    )

    def __init__(self, *args: Any, catalogue: QuerySet[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["catalogue"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = catalogue

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("catalogue") is None:
            required = {
                "name": _("Tulis nama IKI, atau pilih indikator katalog."),
                "unit_of_measure": _("Tulis satuannya, atau pilih indikator katalog."),
                "polarity": _("Pilih polaritas, atau pilih indikator katalog."),
                "aggregation": _("Pilih cara agregasi, atau pilih indikator katalog."),
            }
            for name, message in required.items():
                if name not in self.errors and not data.get(name):
                    self.add_error(name, message)
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "catalogue": data["catalogue"],
            "target_value": data["target_value"],
            "target_low": data["target_low"],
            "target_high": data["target_high"],
            "target_text": data["target_text"],
            "weight": data["weight"],
            "aspect": data["aspect"],
            "unit_of_measure": data["unit_of_measure"],
            "polarity": data["polarity"],
            "aggregation": data["aggregation"],
        }


class YearChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: AppraisalYear) -> str:
        return str(obj.year)


class TemplateApplyForm(forms.Form):
    year = YearChoiceField(
        label=_("Tahun penilaian"), queryset=AppraisalYear.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, years: QuerySet[AppraisalYear], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = years


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the form field it names (else above the form)."""
    aliases = {"indicator": "catalogue"}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.error_dict.items():
        target = aliases.get(name, name)
        messages = [m for e in errors for m in e.messages]
        form.add_error(target if target in form.fields else None, messages)

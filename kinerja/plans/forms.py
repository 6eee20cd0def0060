"""Input parsing of the SKP editor: the plan, an RHK, an IKI and the expectations.

The rules about targets live in PlanIndicator.clean() and the rules about the
parent of an RHK in plans.services; the forms only parse input, and the views
put a service's ValidationError back onto the form's fields.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.agreements.models import AgreementGoal, Perspective
from kinerja.indicators.models import AggregationChoice, Indicator, PolarityChoice
from kinerja.plans.models import Aspect, CoreValue, PerformancePlan, PlanIndicator, PlannedResult

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class PlanForm(forms.Form):
    approach = forms.ChoiceField(
        label=_("Pendekatan"),
        choices=PerformancePlan.Approach.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Kuantitatif: setiap IKI memiliki target angka. "
            "Kualitatif: target diuraikan dengan kalimat."
        ),
    )
    supporting_resources = forms.CharField(
        label=_("Dukungan sumber daya"), required=False, widget=TEXTAREA
    )
    accountability_scheme = forms.CharField(
        label=_("Skema pertanggungjawaban"), required=False, widget=TEXTAREA
    )
    consequences = forms.CharField(label=_("Konsekuensi"), required=False, widget=TEXTAREA)


class ResultForm(forms.Form):
    """An RHK; the parent choice offers only the direct superior's RHKs (or the PK goals)."""

    kind = forms.ChoiceField(
        label=_("Jenis RHK"), choices=PlannedResult.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Rencana hasil kerja (RHK)"), widget=TEXTAREA, max_length=2000)
    supports = forms.ModelChoiceField(
        label=_("RHK atasan yang diintervensi"),
        queryset=PlannedResult.objects.none(),
        required=False,
        empty_label=_("— belum dihubungkan (hubungkan nanti) —"),
        help_text=_("Hanya RHK atasan langsung Anda pada tahun yang sama."),
        error_messages={
            "invalid_choice": _("RHK atasan yang dipilih bukan milik atasan langsung.")
        },
    )
    goal = forms.ModelChoiceField(
        label=_("Sasaran Perjanjian Kinerja"),
        queryset=AgreementGoal.objects.none(),
        required=False,
        empty_label=_("— belum dihubungkan —"),
        error_messages={
            "invalid_choice": _("Sasaran yang dipilih bukan dari Perjanjian Kinerja jabatan ini.")
        },
    )

    def __init__(
        self,
        *args: Any,
        jpt: bool,
        superior_results: Any,
        goals: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if jpt:
            del self.fields["supports"]
            cast("forms.ModelChoiceField[Any]", self.fields["goal"]).queryset = goals
        else:
            del self.fields["goal"]
            cast("forms.ModelChoiceField[Any]", self.fields["supports"]).queryset = superior_results
            if not superior_results.exists():
                self.fields["supports"].help_text = _(
                    "Atasan langsung Anda belum memiliki RHK. Simpan RHK ini dan "
                    "hubungkan nanti setelah SKP atasan tersedia."
                )


class IndicatorForm(forms.Form):
    """An IKI: from the catalogue, or written for the person."""

    catalogue = forms.ModelChoiceField(
        label=_("Indikator dari katalog"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("— tulis IKI sendiri —"),
        help_text=_(
            "Pilih dari katalog bila ada yang sesuai: satuan, polaritas dan agregasi ikut."
        ),
    )
    name = forms.CharField(
        label=_("Indikator kinerja individu (IKI)"),
        required=False,
        max_length=300,
        help_text=_("Boleh dikosongkan bila memilih dari katalog."),
    )
    aspect = forms.ChoiceField(label=_("Aspek"), choices=Aspect.choices)
    perspective = forms.ChoiceField(
        label=_("Perspektif"), choices=[("", "—"), *Perspective.choices], required=False
    )
    unit_of_measure = forms.CharField(label=_("Satuan"), required=False, max_length=40)
    polarity = forms.ChoiceField(
        label=_("Polaritas"), choices=[("", "—"), *PolarityChoice.choices], required=False
    )
    aggregation = forms.ChoiceField(
        label=_("Cara agregasi tahunan"),
        choices=[("", "—"), *AggregationChoice.choices],
        required=False,
    )
    target_value = forms.DecimalField(
        label=_("Target"), required=False, max_digits=16, decimal_places=4
    )
    target_low = forms.DecimalField(
        label=_("Target bawah (rentang)"), required=False, max_digits=16, decimal_places=4
    )
    target_high = forms.DecimalField(
        label=_("Target atas (rentang)"), required=False, max_digits=16, decimal_places=4
    )
    target_text = forms.CharField(
        label=_("Target (uraian kualitatif)"), required=False, widget=TEXTAREA
    )
    weight = forms.DecimalField(
        label=_("Bobot (%)"),
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        max_digits=6,
        decimal_places=2,
        help_text=_("Persen; jumlah bobot semua IKI dalam SKP harus 100."),
    )

    def __init__(self, *args: Any, plan: PerformancePlan, jpt: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Any]", self.fields["catalogue"]
        ).queryset = Indicator.objects.filter(instansi_id=plan.employee.instansi_id).order_by(
            "name"
        )
        if jpt:
            self.fields["perspective"].required = True
            cast(forms.ChoiceField, self.fields["perspective"]).choices = Perspective.choices
        else:
            del self.fields["perspective"]
        if plan.approach == PerformancePlan.Approach.QUALITATIVE:
            self.fields["target_text"].required = True
            self.fields["target_value"].help_text = _("Tidak wajib pada pendekatan kualitatif.")
        else:
            del self.fields["target_text"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("catalogue") is None:
            for name, message in (
                ("name", _("Tulis nama IKI atau pilih dari katalog.")),
                ("unit_of_measure", _("Satuan wajib diisi untuk IKI yang ditulis sendiri.")),
                ("polarity", _("Pilih polaritas untuk IKI yang ditulis sendiri.")),
                ("aggregation", _("Pilih cara agregasi untuk IKI yang ditulis sendiri.")),
            ):
                if name in self.fields and not data.get(name):
                    self.add_error(name, message)
        return data

    @staticmethod
    def initial_for(indicator: PlanIndicator) -> dict[str, Any]:
        return {
            "catalogue": indicator.indicator_id,
            "name": indicator.name,
            "aspect": indicator.aspect,
            "perspective": indicator.perspective,
            "unit_of_measure": indicator.unit_of_measure,
            "polarity": indicator.polarity,
            "aggregation": indicator.aggregation,
            "target_value": indicator.target_value,
            "target_low": indicator.target_low,
            "target_high": indicator.target_high,
            "target_text": indicator.target_text,
            "weight": indicator.weight,
        }


class ExpectationsForm(forms.Form):
    """The ekspektasi khusus pimpinan, one text per BerAKHLAK value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in CoreValue.choices:
            self.fields[value] = forms.CharField(
                label=label, required=False, widget=TEXTAREA, max_length=2000
            )

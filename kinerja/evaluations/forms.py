"""The penilai's evaluation form, the finalise form and the unit predikat form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja import scoring
from kinerja.evaluations.models import Evaluation, OrgPredikatChoice
from kinerja.evaluations.services import BehaviourInput
from kinerja.plans.models import CoreValue, RatingChoice

ACKNOWLEDGE_LABEL = _(
    "Saya memahami bahwa sebaran predikat unit tidak sesuai kurva predikat organisasi, "
    "dan tetap memfinalkan. Peringatan ini dicatat pada evaluasi."
)


class EvaluationForm(forms.Form):
    result_rating = forms.ChoiceField(
        label=_("Rating Hasil Kerja"), choices=RatingChoice.choices, widget=forms.RadioSelect
    )
    result_rating_reason = forms.CharField(
        label=_("Alasan (wajib bila berbeda dari usulan data)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    acknowledge_warning = forms.BooleanField(label=ACKNOWLEDGE_LABEL, required=False)

    def __init__(
        self, *args: Any, proposed: str, evaluation: Evaluation | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.proposed = proposed
        for value in CoreValue:
            self.fields[f"rating_{value.value}"] = forms.ChoiceField(
                label=value.label, choices=RatingChoice.choices, widget=forms.RadioSelect
            )
            self.fields[f"feedback_{value.value}"] = forms.CharField(
                label=_("Umpan balik: %(value)s") % {"value": value.label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=4000,
            )
            self.fields[f"evidence_{value.value}"] = forms.CharField(
                label=_("Bukti perilaku: %(value)s") % {"value": value.label},
                help_text=_("Peristiwa atau dokumen tempat perilaku ini terlihat."),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=4000,
            )
        if not self.is_bound:
            self._initial_from(evaluation)

    def _initial_from(self, evaluation: Evaluation | None) -> None:
        """A rated draft opens with its ratings; a new one with the data's proposal."""
        if evaluation is not None and evaluation.result_rating:
            self.initial["result_rating"] = evaluation.result_rating
            self.initial["result_rating_reason"] = evaluation.result_rating_reason
        elif self.proposed:
            self.initial["result_rating"] = self.proposed
        if evaluation is None or evaluation.pk is None:
            return
        for b in evaluation.behaviour_assessments.all():
            self.initial[f"rating_{b.value}"] = b.rating
            self.initial[f"feedback_{b.value}"] = b.feedback
            self.initial[f"evidence_{b.value}"] = b.evidence

    def behaviour_fields(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"rating_{v.value}"], self[f"feedback_{v.value}"], self[f"evidence_{v.value}"])
            for v in CoreValue
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rating = data.get("result_rating")
        reason = data.get("result_rating_reason", "").strip()
        if rating and self.proposed and rating != self.proposed and not reason:
            self.add_error(
                "result_rating_reason", _("Rating berbeda dari usulan data: tuliskan alasannya.")
            )
        return data

    def behaviour(self) -> dict[str, BehaviourInput]:
        return {
            v.value: BehaviourInput(
                scoring.Rating(self.cleaned_data[f"rating_{v.value}"]),
                self.cleaned_data[f"feedback_{v.value}"].strip(),
                self.cleaned_data[f"evidence_{v.value}"].strip(),
            )
            for v in CoreValue
        }


class FinaliseForm(forms.Form):
    """The calibration page's finalise button: which drafts, and the warning acknowledged."""

    evaluation = forms.TypedMultipleChoiceField(
        label=_("Evaluasi"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    acknowledge_warning = forms.BooleanField(label=ACKNOWLEDGE_LABEL, required=False)

    def __init__(self, *args: Any, drafts: list[Evaluation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["evaluation"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(e.pk, e.plan.employee.name) for e in drafts]
        self.fields["evaluation"].error_messages["required"] = _(
            "Pilih sedikitnya satu evaluasi untuk difinalkan."
        )
        self.fields["evaluation"].error_messages["invalid_choice"] = _(
            "Evaluasi yang dipilih bukan draf Anda yang siap difinalkan."
        )
        if not self.is_bound:
            self.initial["evaluation"] = [e.pk for e in drafts]


class UnitPredikatForm(forms.Form):
    predikat = forms.ChoiceField(
        label=_("Predikat kinerja organisasi"),
        choices=OrgPredikatChoice.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Catatan (dasar penetapan)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )

    def clean_note(self) -> str:
        note = str(self.cleaned_data["note"]).strip()
        if not note:
            raise forms.ValidationError(_("Tuliskan dasar penetapan predikat ini."))
        return note

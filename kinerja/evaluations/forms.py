"""The penilai's evaluation form: the Rating Hasil Kerja and the seven BerAKHLAK values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja import scoring
from kinerja.evaluations.services import BehaviourInput
from kinerja.plans.models import CoreValue, RatingChoice


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

    def __init__(self, *args: Any, proposed: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposed = proposed
        if proposed and not self.is_bound:
            self.initial["result_rating"] = proposed
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

    def behaviour_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"rating_{v.value}"], self[f"feedback_{v.value}"]) for v in CoreValue]

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
            )
            for v in CoreValue
        }

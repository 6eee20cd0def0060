"""Forms of the objection route: the objection, the penilai's explanation, the decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.evaluations.models import Objection
from kinerja.plans.models import RatingChoice

PREFIX = "objection"
TEXT_LIMIT = 4000


def _text(label: Any, required_message: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        error_messages={"required": required_message},
    )


class ObjectionFileForm(forms.Form):
    reason = _text(_("Alasan keberatan"), _("Tuliskan alasan keberatan."))


class ObjectionExplainForm(forms.Form):
    explanation = _text(_("Penjelasan penilai"), _("Tuliskan penjelasan atas keberatan."))


class ObjectionDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=Objection.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih keputusan: hasil evaluasi tetap atau diubah.")},
    )
    result_rating = forms.ChoiceField(
        label=_("Rating Hasil Kerja baru"),
        choices=[("", _("Tetap seperti semula")), *RatingChoice.choices],
        required=False,
    )
    behaviour_rating = forms.ChoiceField(
        label=_("Rating Perilaku Kerja baru"),
        choices=[("", _("Tetap seperti semula")), *RatingChoice.choices],
        required=False,
    )
    reason = _text(_("Alasan keputusan"), _("Tuliskan alasan keputusan."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        changed = data.get("decision") == Objection.Decision.CHANGED
        if changed and not (data.get("result_rating") or data.get("behaviour_rating")):
            self.add_error(
                "result_rating",
                _("Hasil evaluasi diubah: pilih Rating Hasil Kerja dan/atau Rating Perilaku baru."),
            )
        if not changed:
            # Ratings chosen and then "upheld" picked: the decision wins, nothing changes.
            data["result_rating"] = data["behaviour_rating"] = ""
        return data

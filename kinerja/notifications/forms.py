"""The preferences form: input parsing only."""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kinerja.notifications.models import KIND_GROUPS, Kind


class PreferenceForm(forms.Form):
    email_daily = forms.BooleanField(
        label=_("Kirim ringkasan harian lewat e-mail"),
        required=False,
        help_text=_("Paling banyak satu e-mail sehari, berisi notifikasi yang belum Anda baca."),
    )
    muted_kinds = forms.MultipleChoiceField(
        label=_("Jangan beri tahu saya tentang"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Jenis notifikasi tidak dikenal: %(value)s.")},
    )

    def muted_groups(self) -> list[tuple[Promise, list[BoundWidget]]]:
        """The checkboxes of muted_kinds under the headings of models.KIND_GROUPS."""
        boxes = {str(box.data["value"]): box for box in self["muted_kinds"]}
        return [
            (label, [boxes[kind.value] for kind in kinds if kind.value in boxes])
            for label, kinds in KIND_GROUPS
        ]

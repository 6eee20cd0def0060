"""Input parsing for the feedback page: field errors only, the rules are in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from kinerja.core.explanations import format_number
from kinerja.core.forms import IdChoiceField
from kinerja.feedback.selectors import ON_TARGET
from kinerja.feedback.services import MAX_TEXT
from kinerja.organisation.models import Employee
from kinerja.plans.models import PerformancePlan, PlanIndicator

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label: Any, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": _("Wajib diisi."),
            "max_length": _("Teks terlalu panjang: paling banyak %(limit_value)d karakter."),
        },
    )


class MessageForm(forms.Form):
    text = _text(_("Umpan balik"))


class CheckInForm(forms.Form):
    held_on = forms.DateField(
        label=_("Tanggal check-in"),
        widget=DATE_INPUT,
        error_messages={
            "required": _("Isi tanggal check-in."),
            "invalid": _("Tanggal tidak valid; gunakan format TTTT-BB-HH."),
        },
    )
    went_well = _text(_("Yang sudah berjalan baik"), required=False)
    to_improve = _text(_("Yang perlu diperbaiki"), required=False)
    agreed_actions = _text(_("Tindakan yang disepakati"), required=False)


class IndicatorChoice(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.achievement is None:
            return f"{obj.name} ({_('belum ada capaian')})"
        mark = f" · {_('di bawah target')}" if obj.achievement < ON_TARGET else ""
        return f"{obj.name} ({format_number(obj.achievement)}%{mark})"


class OwnerChoice(IdChoiceField):
    def __init__(self, *args: Any, plan: PerformancePlan, **kwargs: Any) -> None:
        self.plan = plan
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        role = _("pegawai") if obj.pk == self.plan.employee_id else _("pejabat penilai")
        return f"{obj.name} ({role})"


def indicators_behind_first(plan: PerformancePlan) -> QuerySet[PlanIndicator]:
    """The SKP's IKIs, those behind target first (lowest capaian first), as on the page."""
    return (
        PlanIndicator.objects.filter(result__plan=plan)
        .annotate(
            on_track=Case(
                When(achievement__lt=ON_TARGET, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("on_track", "achievement", "pk")
    )


class FollowUpForm(forms.Form):
    def __init__(
        self, *args: Any, plan: PerformancePlan, penilai: Employee | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        owners = [plan.employee_id] + ([penilai.pk] if penilai is not None else [])
        self.fields["indicator"] = IndicatorChoice(
            queryset=indicators_behind_first(plan),
            label=_("IKI"),
            empty_label=None,
            error_messages={"invalid_choice": _("Pilih IKI dari SKP ini.")},
        )
        self.fields["action"] = _text(_("Tindakan"))
        self.fields["owner"] = OwnerChoice(
            queryset=Employee.objects.filter(pk__in=owners).order_by("pk"),
            plan=plan,
            label=_("Penanggung jawab"),
            empty_label=None,
            initial=plan.employee_id,
            error_messages={"invalid_choice": _("Pilih pegawai atau pejabat penilainya.")},
        )
        self.fields["due"] = forms.DateField(
            label=_("Tenggat"),
            widget=DATE_INPUT,
            error_messages={
                "required": _("Isi tenggat."),
                "invalid": _("Tanggal tidak valid; gunakan format TTTT-BB-HH."),
            },
        )


class CloseForm(forms.Form):
    note = _text(_("Catatan penyelesaian"), rows=2)

"""The Perjanjian Kinerja in the admin, scoped to the HR admin's instansi.

The admin is a fallback for master data; the pages under /perjanjian-kinerja/
are the usual way in. The same rules hold here: the form asks the services'
checks, so the admin cannot save a PK the pages would refuse.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from kinerja.agreements.models import AgreementGoal, AgreementIndicator, PerformanceAgreement
from kinerja.agreements.services import agreement_check, indicator_values_check
from kinerja.core.admin import InstansiScopedAdmin, ScopedInline

SCOPED = {
    **InstansiScopedAdmin.scoped_choices,
    "agreement": "unit__instansi",
    "goal": "agreement__unit__instansi",
}


class AgreementAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PerformanceAgreement
        fields = ["unit", "year", "position", "signed_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit, year, position = data.get("unit"), data.get("year"), data.get("position")
        if unit is not None and year is not None and position is not None:
            agreement_check(unit=unit, year=year, position=position)
        return data


class IndicatorAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AgreementIndicator
        fields = ["name", "unit_of_measure", "target_value", "perspective", "order"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            values = indicator_values_check(
                name=data.get("name") or "",
                unit_of_measure=data.get("unit_of_measure") or "",
                target_value=data.get("target_value"),
                perspective=data.get("perspective") or "",
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name not in self.errors:
                    self.add_error(name, messages)
        else:
            data.update(name=values.name, unit_of_measure=values.unit_of_measure)
        return data


class GoalInline(ScopedInline):
    model = AgreementGoal
    scoped_choices = SCOPED
    fields = ["text", "order"]
    show_change_link = True


@admin.register(PerformanceAgreement)
class PerformanceAgreementAdmin(InstansiScopedAdmin):
    form = AgreementAdminForm
    instansi_path = "unit__instansi"
    scoped_choices = SCOPED
    list_display = ["unit", "year", "position", "signed_on"]
    list_filter = ["year__year"]
    search_fields = ["unit__name", "position__name"]
    list_select_related = ["unit", "year__instansi", "position__unit"]
    autocomplete_fields = ["unit", "position"]
    inlines = [GoalInline]


class IndicatorInline(ScopedInline):
    model = AgreementIndicator
    form = IndicatorAdminForm
    scoped_choices = SCOPED
    fields = ["name", "unit_of_measure", "target_value", "perspective", "order"]


@admin.register(AgreementGoal)
class AgreementGoalAdmin(InstansiScopedAdmin):
    instansi_path = "agreement__unit__instansi"
    scoped_choices = SCOPED
    list_display = ["text", "agreement", "order"]
    search_fields = ["text", "agreement__unit__name"]
    list_select_related = ["agreement__unit", "agreement__year"]
    raw_id_fields = ["agreement"]
    inlines = [IndicatorInline]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # A goal that RHKs draw on is PROTECTed; the admin would show a raw error page.
        if obj is not None and obj.results.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(AgreementIndicator)
class AgreementIndicatorAdmin(InstansiScopedAdmin):
    form = IndicatorAdminForm
    instansi_path = "goal__agreement__unit__instansi"
    scoped_choices = SCOPED
    list_display = ["name", "goal", "target_value", "unit_of_measure", "perspective"]
    search_fields = ["name", "goal__text"]
    list_select_related = ["goal"]
    raw_id_fields = ["goal"]
    fields = ["goal", "name", "unit_of_measure", "target_value", "perspective", "order"]

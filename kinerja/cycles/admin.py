from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kinerja.core.admin import InstansiScopedAdmin, ScopedInline
from kinerja.cycles.models import AppraisalYear, Period


class PeriodInline(ScopedInline):
    model = Period
    fields = ("kind", "number", "start", "end")
    readonly_fields = ("kind", "number", "start", "end")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class AppraisalYearForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AppraisalYear
        # The policy is changed on its own page (cycles:policy), which records every change.
        fields = ["instansi", "year", "cadence", "plan_deadline"]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean() or {}
        deadline, year = data.get("plan_deadline"), data.get("year")
        if deadline and year and deadline.year != year:
            self.add_error(
                "plan_deadline",
                _("Batas penetapan SKP harus jatuh pada tahun penilaian %(year)s.")
                % {"year": year},
            )
        return data


@admin.register(AppraisalYear)
class AppraisalYearAdmin(InstansiScopedAdmin):
    form = AppraisalYearForm
    list_display = ["instansi", "year", "cadence", "plan_deadline_effective"]
    list_filter = ["cadence", "instansi"]
    inlines = [PeriodInline]
    readonly_fields = ["policy_page"]

    @admin.display(description=_("kebijakan penilaian"))
    def policy_page(self, obj: AppraisalYear):  # type: ignore[no-untyped-def]
        if obj.pk is None:
            return _("Diatur di halaman Kebijakan Penilaian setelah tahun dibuat.")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("cycles:policy", args=[obj.pk]),
            _("Buka halaman Kebijakan Penilaian (versi %(version)s)")
            % {"version": obj.scoring_policy().version},
        )

    @admin.display(description=_("batas penetapan SKP"))
    def plan_deadline_effective(self, obj: AppraisalYear):  # type: ignore[no-untyped-def]
        return obj.plan_deadline_effective

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # A new year gets its months, quarters and annual period from the service.
        if change:
            super().save_model(request, obj, form, change)
            return
        from kinerja.cycles.services import appraisal_year_create

        created = appraisal_year_create(instansi=obj.instansi, year=obj.year, cadence=obj.cadence)
        # The service knows the periods; what HR typed besides is kept as typed.
        AppraisalYear.objects.filter(pk=created.pk).update(plan_deadline=obj.plan_deadline)
        obj.pk = created.pk

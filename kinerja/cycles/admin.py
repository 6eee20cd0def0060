from django.contrib import admin

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


@admin.register(AppraisalYear)
class AppraisalYearAdmin(InstansiScopedAdmin):
    list_display = ["instansi", "year", "cadence"]
    list_filter = ["cadence", "instansi"]
    inlines = [PeriodInline]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # A new year gets its months, quarters and annual period from the service.
        if change:
            super().save_model(request, obj, form, change)
            return
        from kinerja.cycles.services import appraisal_year_create

        created = appraisal_year_create(instansi=obj.instansi, year=obj.year, cadence=obj.cadence)
        obj.pk = created.pk

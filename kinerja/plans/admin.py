from django.contrib import admin

from kinerja.core.admin import InstansiScopedAdmin, ScopedInline
from kinerja.plans.models import PerformancePlan, PlanIndicator, PlannedResult


class PlannedResultInline(ScopedInline):
    model = PlannedResult
    fields = ["kind", "text", "supports", "order"]
    raw_id_fields = ["supports"]
    show_change_link = True


@admin.register(PerformancePlan)
class PerformancePlanAdmin(InstansiScopedAdmin):
    instansi_path = "employee__instansi"
    list_display = ["employee", "year", "position", "status", "achievement", "proposed_rating"]
    list_filter = ["status", "year__year"]
    search_fields = ["employee__name", "employee__nip"]
    list_select_related = ["employee", "year", "position"]
    autocomplete_fields = ["employee", "position"]
    readonly_fields = ["achievement", "proposed_rating", "computed_at"]
    exclude = ["explanation"]
    inlines = [PlannedResultInline]


class PlanIndicatorInline(ScopedInline):
    model = PlanIndicator
    fields = [
        "indicator",
        "name",
        "aspect",
        "unit_of_measure",
        "polarity",
        "aggregation",
        "target_value",
        "target_low",
        "target_high",
        "weight",
    ]


@admin.register(PlannedResult)
class PlannedResultAdmin(InstansiScopedAdmin):
    instansi_path = "plan__employee__instansi"
    list_display = ["text", "kind", "plan"]
    search_fields = ["text", "plan__employee__name"]
    raw_id_fields = ["plan", "supports"]
    inlines = [PlanIndicatorInline]

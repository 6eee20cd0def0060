from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kinerja.core.admin import InstansiScopedAdmin, ScopedInline
from kinerja.plans.models import (
    BehaviourExpectation,
    PerformancePlan,
    PlanEvent,
    PlanIndicator,
    PlannedResult,
    PlanVersion,
)


class PlannedResultInline(ScopedInline):
    model = PlannedResult
    fields = ["kind", "text", "supports", "goal", "order"]
    raw_id_fields = ["supports", "goal"]
    show_change_link = True


class BehaviourExpectationInline(ScopedInline):
    model = BehaviourExpectation
    fields = ["value", "expectation"]


@admin.register(PerformancePlan)
class PerformancePlanAdmin(InstansiScopedAdmin):
    instansi_path = "employee__instansi"
    list_display = ["employee", "year", "position", "status", "achievement", "proposed_rating"]
    list_filter = ["status", "approach", "year__year"]
    search_fields = ["employee__name", "employee__nip"]
    list_select_related = ["employee", "year", "position"]
    autocomplete_fields = ["employee", "position"]
    raw_id_fields = ["previous"]
    readonly_fields = ["achievement", "proposed_rating", "computed_at", "status_changed_at"]
    exclude = ["explanation"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "employee",
                    "position",
                    "year",
                    "approach",
                    "status",
                    "start",
                    "end",
                    "previous",
                    "closed_reason",
                    "status_changed_at",
                ]
            },
        ),
        (
            _("Lampiran SKP"),
            {"fields": ["supporting_resources", "accountability_scheme", "consequences"]},
        ),
        (_("Capaian"), {"fields": ["achievement", "proposed_rating", "computed_at"]}),
    ]
    inlines = [PlannedResultInline, BehaviourExpectationInline]


class PlanIndicatorInline(ScopedInline):
    model = PlanIndicator
    fields = [
        "indicator",
        "name",
        "aspect",
        "perspective",
        "unit_of_measure",
        "polarity",
        "aggregation",
        "target_value",
        "target_low",
        "target_high",
        "target_text",
        "weight",
    ]


@admin.register(PlannedResult)
class PlannedResultAdmin(InstansiScopedAdmin):
    instansi_path = "plan__employee__instansi"
    list_display = ["text", "kind", "plan"]
    search_fields = ["text", "plan__employee__name"]
    raw_id_fields = ["plan", "supports", "goal"]
    inlines = [PlanIndicatorInline]


class ReadOnlyHistoryAdmin(InstansiScopedAdmin):
    """An SKP's history is written by the services only: HR reads it, nobody edits it."""

    instansi_path = "plan__employee__instansi"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(PlanEvent)
class PlanEventAdmin(ReadOnlyHistoryAdmin):
    list_display = ["plan", "action", "actor", "on_behalf_of", "at"]
    list_filter = ["action"]
    search_fields = ["plan__employee__name", "plan__employee__nip", "note"]
    list_select_related = ["plan__employee", "plan__year", "actor", "on_behalf_of"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["plan", "number", "created_by", "created_at"]
    search_fields = ["plan__employee__name", "plan__employee__nip"]
    list_select_related = ["plan__employee", "plan__year", "created_by"]

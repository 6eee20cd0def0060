from django.contrib import admin

from kinerja.core.admin import InstansiScopedAdmin, ScopedInline
from kinerja.organisation.models import Assignment, Employee, Instansi, Position, Unit


@admin.register(Instansi)
class InstansiAdmin(InstansiScopedAdmin):
    instansi_path = "pk"
    list_display = ["name", "code"]
    search_fields = ["name", "code"]

    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return request.user.is_superuser


@admin.register(Unit)
class UnitAdmin(InstansiScopedAdmin):
    list_display = ["name", "code", "kind", "parent", "instansi"]
    list_filter = ["kind", "instansi"]
    search_fields = ["name", "code"]


@admin.register(Position)
class PositionAdmin(InstansiScopedAdmin):
    list_display = ["name", "kind", "unit", "parent", "heads_unit"]
    list_filter = ["kind", "heads_unit", "instansi"]
    search_fields = ["name", "unit__name"]
    list_select_related = ["unit", "parent__unit"]
    autocomplete_fields = ["parent", "unit"]


class AssignmentInline(ScopedInline):
    model = Assignment
    autocomplete_fields = ["position"]


@admin.register(Employee)
class EmployeeAdmin(InstansiScopedAdmin):
    list_display = ["name", "nip", "rank", "status", "instansi"]
    list_filter = ["status", "instansi"]
    search_fields = ["name", "nip"]
    inlines = [AssignmentInline]
    raw_id_fields = ["user"]

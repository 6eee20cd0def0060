"""The admin site for master data, open to HR admins (and superusers) only.

Every HR admin works inside their own instansi: lists, forms and foreign-key
choices are restricted to it, and an object of another instansi is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kinerja.organisation.access import viewer_for


class KinerjaAdminSite(admin.AdminSite):
    site_header = _("Kinerja · Data induk")
    site_title = _("Data induk Kinerja")
    index_title = _("Data induk kepegawaian")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        return bool(user.is_superuser or viewer_for(user).is_hr_admin)


def scope_ids(request: HttpRequest) -> frozenset[int] | None:
    """Instansi ids the admin user manages; None means every instansi (superuser)."""
    if request.user.is_superuser:
        return None
    return viewer_for(request.user).hr_instansi_ids


class ScopedChoicesMixin:
    """Limits foreign-key choices in admin forms to the HR admin's instansi."""

    #: Foreign keys with these names get their choices scoped, by the lookup given.
    scoped_choices: dict[str, str] = {
        "instansi": "pk",
        "unit": "instansi",
        "parent": "instansi",
        "position": "instansi",
        "employee": "instansi",
        "indicator": "instansi",
        "year": "instansi",
    }

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        ids = scope_ids(request)
        lookup = self.scoped_choices.get(db_field.name)
        if ids is not None and lookup is not None:
            kwargs["queryset"] = db_field.related_model._default_manager.filter(
                **{f"{lookup}__in": ids}
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class InstansiScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """A ModelAdmin whose rows and choices are limited to the HR admin's instansi.

    `instansi_path` is the lookup from the model to its instansi id.
    """

    instansi_path = "instansi"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        ids = scope_ids(request)
        if ids is None:
            return queryset
        return queryset.filter(**{f"{self.instansi_path}__in": ids})

    def _allowed(self, request: HttpRequest) -> bool:
        ids = scope_ids(request)
        return ids is None or bool(ids)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed(request)


class ScopedInline(ScopedChoicesMixin, admin.TabularInline):  # type: ignore[type-arg]
    """An inline that follows the same instansi scoping for its choices."""

    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return True

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return True

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return True

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return True

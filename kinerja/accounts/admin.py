from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from kinerja.accounts.models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RoleGrant
    extra = 0


@admin.register(User)
class KinerjaUserAdmin(UserAdmin):  # type: ignore[type-arg]
    """Accounts and office roles: a deployment-wide concern, for superusers only."""

    inlines = [RoleGrantInline]

    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return request.user.is_superuser

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "kinerja.core"
    verbose_name = _("Inti")
    label = "core"

    def ready(self) -> None:
        # Binds @shared_task to the configured Celery app in every Django process.
        import kinerja.celery  # noqa: F401


class KinerjaAdminConfig(admin_apps.AdminConfig):
    """Django's admin with Kinerja's site, which admits HR admins only."""

    default = False
    default_site = "kinerja.core.admin.KinerjaAdminSite"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceTimesConfig(AppConfig):
    name = "kinerja.servicetimes"
    verbose_name = _("Waktu layanan")
    label = "servicetimes"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "kinerja.cycles"
    verbose_name = _("Tahun dan periode penilaian")
    label = "cycles"

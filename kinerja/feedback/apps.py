from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "kinerja.feedback"
    verbose_name = _("Umpan balik berkelanjutan")
    label = "feedback"

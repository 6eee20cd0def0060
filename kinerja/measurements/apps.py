from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasurementsConfig(AppConfig):
    name = "kinerja.measurements"
    verbose_name = _("Realisasi")
    label = "measurements"

    def ready(self) -> None:
        # A change during the year shortens an SKP (plans.changes, a layer below):
        # its stored standing is recomputed on its own months in the same transaction.
        from kinerja.measurements.services import standing_recompute_plan
        from kinerja.plans.changes import on_months_changed

        on_months_changed(standing_recompute_plan)

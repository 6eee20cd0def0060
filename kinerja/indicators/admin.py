from django.contrib import admin

from kinerja.core.admin import InstansiScopedAdmin
from kinerja.indicators.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(InstansiScopedAdmin):
    list_display = ["name", "unit_of_measure", "polarity", "aggregation", "source_kind"]
    list_filter = ["polarity", "aggregation", "source_kind", "instansi"]
    search_fields = ["name", "code"]

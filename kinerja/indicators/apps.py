from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "kinerja.indicators"
    label = "indicators"

from django.apps import AppConfig


class MeasurementsConfig(AppConfig):
    name = "kinerja.measurements"
    label = "measurements"

from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "kinerja.cycles"
    label = "cycles"

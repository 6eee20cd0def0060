from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "kinerja.evaluations"
    label = "evaluations"

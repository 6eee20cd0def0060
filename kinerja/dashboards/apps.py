from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "kinerja.dashboards"
    label = "dashboards"

from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "kinerja.organisation"
    label = "organisation"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kinerja.core"
    label = "core"

    def ready(self) -> None:
        # Binds @shared_task to the configured Celery app in every Django process.
        import kinerja.celery  # noqa: F401

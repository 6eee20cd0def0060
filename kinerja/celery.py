"""The Celery application. Tasks are thin wrappers around services.

Start a worker with `celery -A kinerja worker`. Without CELERY_BROKER_URL the
tasks run in-process (CELERY_TASK_ALWAYS_EAGER), so the embedded install needs
no broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")

app = Celery("kinerja")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""Background jobs that belong to no domain app: a liveness probe of the task runner."""

from __future__ import annotations

import os
import socket
from typing import Any

from celery import Task, shared_task


@shared_task(bind=True, name="core.ping")
def ping(self: Task[Any, Any]) -> dict[str, object]:
    """Answer from whichever process ran the task, proving broker and worker are wired up.

    It touches neither the database nor any service, so it can check a worker
    (or the in-process eager mode) without test data and without side effects.
    """
    return {
        "pong": True,
        "eager": bool(self.request.is_eager),
        "hostname": self.request.hostname or socket.gethostname(),
        "pid": os.getpid(),
    }

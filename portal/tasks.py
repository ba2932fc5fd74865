"""Background work that belongs to the organisation."""

from __future__ import annotations

import socket
from typing import Any

from celery import shared_task
from django.db import connection

from portal.models import Committee


def health_report() -> dict[str, Any]:
    """What this process sees: its host, its database and how many committees it holds."""
    return {
        "worker": socket.gethostname(),
        "database_vendor": connection.vendor,
        "committees": Committee.objects.active().count(),
    }


@shared_task(name="portal.worker_health")
def worker_health() -> dict[str, Any]:
    """Proves a worker is running and reaches the same database as the web process
    (``manage.py check_worker`` queues it and waits for the answer)."""
    return health_report()

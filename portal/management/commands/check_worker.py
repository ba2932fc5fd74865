from __future__ import annotations

from typing import Any

from celery.exceptions import TimeoutError as CeleryTimeout
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.tasks import health_report, worker_health


class Command(BaseCommand):
    help = "Queues a task for a Celery worker and waits for its answer: is a worker running, on the same database?"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=15.0, help="Seconds to wait for the worker (default 15).")

    def handle(self, *args: Any, timeout: float, **options: Any) -> None:
        try:
            answer = worker_health.delay().get(timeout=timeout)
        except CeleryTimeout:
            raise CommandError(
                f"No Celery worker answered within {timeout:g} seconds. Start one with "
                "'celery -A portal worker' using the same CELERY_BROKER_URL/REDIS_URL as the web process."
            ) from None
        mine = health_report()
        self.stdout.write(f"Worker {answer['worker']} answered: {answer['committees']} committees in its database.")
        if answer["committees"] != mine["committees"] or answer["database_vendor"] != mine["database_vendor"]:
            raise CommandError(
                "The worker reaches a different database than this process. Give both the same DATABASE_URL."
            )
        self.stdout.write(self.style.SUCCESS("The worker is running and shares this database."))

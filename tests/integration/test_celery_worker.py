"""A task goes through Redis to a real Celery worker process and back."""

from __future__ import annotations

import pytest
from celery import Celery
from django.db import connection

from tests.factories import CommitteeFactory

pytestmark = pytest.mark.integration


def test_worker_answers_from_the_same_database(celery_worker_queue: str, redis_url: str) -> None:
    CommitteeFactory.create_batch(3)
    # A client app of its own, so that the project's app keeps its configuration.
    client = Celery("integration-test", broker=redis_url, backend=redis_url)
    try:
        result = client.send_task("portal.worker_health", queue=celery_worker_queue)
        answer = result.get(timeout=60)
    finally:
        client.close()

    assert answer["committees"] == 3
    assert answer["database_vendor"] == connection.vendor

"""Real services for the integration tests: Redis and a Celery worker process.

On a developer's machine without Redis these tests skip and say why; with
CI=true a missing service fails the run instead.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator

import pytest
import redis

from tests.workers import start_worker, stop


def unavailable(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} Integration tests must run when CI=true.")
    pytest.skip(message)


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        unavailable(f"Redis at {url} does not answer ({exc}); start it or set REDIS_URL.")
    return url


@pytest.fixture
def celery_worker_queue(redis_url: str, transactional_db: None) -> Iterator[str]:
    """A real ``celery worker`` process on the test database, serving a queue of its own.

    The queue name is unique so that no other worker on the machine takes the
    test's tasks. The test must use transactional_db: the worker is another
    process and sees only committed data.
    """
    queue = f"test-{uuid.uuid4().hex}"
    worker = start_worker(queue, redis_url)
    try:
        yield queue
    finally:
        stop(worker)


@pytest.fixture
def workers(redis_url: str, transactional_db: None) -> Iterator[list[subprocess.Popen[bytes]]]:
    """For a test that starts (and kills) its own workers with ``start_worker``: each is stopped at the end."""
    started: list[subprocess.Popen[bytes]] = []
    try:
        yield started
    finally:
        for worker in started:
            if worker.poll() is None:
                stop(worker)

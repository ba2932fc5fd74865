"""Real Celery worker processes for the tests: on the test database, serving a queue of the test's own.

Shared by the integration tests (tests/integration/conftest.py) and the browser journeys
(tests/e2e/test_journeys.py). The worker is another process: a test that uses one must use
transactional_db, and on SQLite the test database must be a file (portal/settings.py makes it one).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def database_url_of_test_database() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if connection.vendor == "postgresql":
        auth = quote(db["USER"] or "")
        if db.get("PASSWORD"):
            auth += ":" + quote(db["PASSWORD"])
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    raise AssertionError(f"no worker set-up for {connection.vendor}")


def start_worker(queue: str, redis_url: str, **settings: str) -> subprocess.Popen[bytes]:
    """A ``celery worker`` process on the test database serving ``queue``; ``settings`` go to its environment."""
    env = (
        os.environ
        | {
            "DATABASE_URL": database_url_of_test_database(),
            "CELERY_BROKER_URL": redis_url,
            "CELERY_RESULT_BACKEND": redis_url,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
        }
        | settings
    )
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "--queues", queue,
         "--loglevel=warning", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        env=env,
    )  # fmt: skip


def stop(worker: subprocess.Popen[bytes]) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()

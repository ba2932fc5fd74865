"""No countdown, ETA or retry delay reaches past Redis's visibility timeout.

With Redis as the broker and ``acks_late``, a message a worker has taken but not acknowledged goes back to
the queue after the visibility timeout, and another worker runs it again. A task held back longer than
that (a countdown, an ETA, a retry's delay) or running longer than that is run twice. These tests read
the settings as production has them (Redis as the broker), every task's retry options, every
``countdown=``/``eta=`` in the code, and the beat schedule.
"""

from __future__ import annotations

import ast
import datetime
from pathlib import Path
from typing import Any

import pytest
from celery import Celery

from portal.celery import app as portal_app
from tests.integration.services import ROOT, portal_settings_with

PACKAGES = ["portal", "budgets", "goals", "api", "kolada", "bench"]
REDIS = "redis://redis.kommun.example:6379/0"
KOMBU_DEFAULT_VISIBILITY_TIMEOUT = 3600


@pytest.fixture(scope="module")
def production() -> dict[str, Any]:
    """portal/settings.py with Redis as broker and result store, as in production."""
    return portal_settings_with(REDIS_URL=REDIS, CELERY_BROKER_URL=REDIS, CELERY_RESULT_BACKEND=REDIS)


@pytest.fixture(scope="module")
def visibility_timeout(production: dict[str, Any]) -> float:
    options = production.get("CELERY_BROKER_TRANSPORT_OPTIONS", {})
    assert "visibility_timeout" in options, "set the visibility timeout explicitly when Redis is the broker"
    timeout = float(options["visibility_timeout"])
    assert 0 < timeout <= KOMBU_DEFAULT_VISIBILITY_TIMEOUT
    return timeout


def seconds(value: object) -> float:
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    assert isinstance(value, int | float), f"not a number of seconds: {value!r}"
    return float(value)


def test_redis_as_broker_has_timeouts_and_a_visibility_timeout(production: dict[str, Any]) -> None:
    options = production["CELERY_BROKER_TRANSPORT_OPTIONS"]
    assert options["visibility_timeout"] == KOMBU_DEFAULT_VISIBILITY_TIMEOUT
    # A hung Redis costs a web request seconds, not forever (tests/integration/test_faults.py).
    assert 0 < options["socket_timeout"] <= 5 and 0 < options["socket_connect_timeout"] <= 5
    assert 0 < production["CELERY_REDIS_SOCKET_TIMEOUT"] <= 5


def test_tasks_run_and_retry_within_the_visibility_timeout(
    production: dict[str, Any], visibility_timeout: float
) -> None:
    # A task still running at the visibility timeout is given to another worker as well.
    assert seconds(production["CELERY_TASK_TIME_LIMIT"]) < visibility_timeout
    assert seconds(production["CELERY_TASK_SOFT_TIME_LIMIT"]) <= seconds(production["CELERY_TASK_TIME_LIMIT"])
    # A compilation whose worker died is given back by Redis after the visibility timeout; by then its
    # heartbeat must be stale, or the redelivered task finds the report "running" and does nothing.
    assert production["FULFILLMENT_STALE_SECONDS"] < visibility_timeout

    app = Celery("settings-test", set_as_current=False)
    app.config_from_object(
        type("Settings", (), {k: v for k, v in production.items() if k.startswith("CELERY_")}), namespace="CELERY"
    )
    portal_app.loader.import_default_modules()  # every app's tasks.py: the shared tasks are then known
    tasks = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert {"goals.send_notification", "goals.compile_fulfillment", "kolada.fetch"} <= tasks.keys()

    too_long = {}
    for name, task in tasks.items():
        delays = {"default_retry_delay": task.default_retry_delay, "time_limit": task.time_limit}
        if getattr(task, "retry_backoff", False):
            delays["retry_backoff_max"] = getattr(task, "retry_backoff_max", None)
        for option, value in delays.items():
            if value is not None and seconds(value) >= visibility_timeout:
                too_long[f"{name}.{option}"] = value
    assert not too_long


def delays_in(source: str, filename: str) -> list[str]:
    """Every ``countdown=``, ``eta=`` or retry delay in the source that is not a number of seconds
    below the visibility timeout, or cannot be read as one: those a person must look at."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            where = f"{filename}:{keyword.value.lineno} {keyword.arg}={ast.unparse(keyword.value)}"
            if keyword.arg == "eta":
                found.append(f"{where} (an ETA: use a countdown, which can be checked)")
            elif keyword.arg in {"countdown", "default_retry_delay", "retry_backoff_max"}:
                try:
                    value = ast.literal_eval(keyword.value)
                except ValueError:
                    found.append(f"{where} (not a constant: cannot be checked)")
                    continue
                if seconds(value) >= KOMBU_DEFAULT_VISIBILITY_TIMEOUT:
                    found.append(where)
    return found


def test_the_check_of_the_code_finds_long_and_unreadable_delays() -> None:
    code = """
send_notification.apply_async((1,), countdown=60)
send_notification.apply_async((1,), countdown=7200)
send_notification.apply_async((1,), eta=now + timedelta(hours=2))
self.retry(exc=exc, countdown=delay)
shared_task(default_retry_delay=4000)
"""
    assert [finding.split(" (")[0] for finding in delays_in(code, "x.py")] == [
        "x.py:3 countdown=7200",
        "x.py:4 eta=now + timedelta(hours=2)",
        "x.py:5 countdown=delay",
        "x.py:6 default_retry_delay=4000",
    ]


def test_no_countdown_or_eta_in_the_code_reaches_past_the_visibility_timeout(visibility_timeout: float) -> None:
    assert visibility_timeout <= KOMBU_DEFAULT_VISIBILITY_TIMEOUT  # the check above uses the longest allowed
    files = [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]
    assert len(files) > 50
    found = [finding for path in files for finding in delays_in(path.read_text(), str(Path(path).relative_to(ROOT)))]
    assert not found


def test_the_beat_schedule_holds_nothing_back_past_the_visibility_timeout(
    production: dict[str, Any], visibility_timeout: float
) -> None:
    schedule = production["CELERY_BEAT_SCHEDULE"]
    assert "followup-outbox" in schedule
    for name, entry in schedule.items():
        options = entry.get("options", {})
        assert "eta" not in options, name
        assert seconds(options.get("countdown", 0)) < visibility_timeout, name
        # An entry that expires only after the timeout could still be run twice; none needs to.
        if "expires" in options:
            assert seconds(options["expires"]) <= visibility_timeout, name

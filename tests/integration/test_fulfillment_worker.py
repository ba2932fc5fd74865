"""The annual compilation through a real Celery worker on Redis and the test database: once as it
should go, and once with the worker killed mid-run (SIGKILL), where a retry gives exactly one
complete snapshot.

These poll the database while another process works, so they wait with short sleeps: time-machine
cannot move another process's clock.
"""

from __future__ import annotations

import io
import signal
import subprocess
import time
import uuid
from collections.abc import Callable

import pytest
from celery import Celery
from django.contrib.auth.models import Group
from django.core.management import call_command

from fulfillment import services
from fulfillment.models import FulfillmentReport, ReportRow
from portal.models import Role
from tests.integration.conftest import start_worker

pytestmark = pytest.mark.integration


def send(redis_url: str, queue: str, report_id: int) -> Callable[[], object]:
    """Queues the task as the portal does, by name; returns a function that waits for its answer."""
    client = Celery("integration-test", broker=redis_url, backend=redis_url)
    result = client.send_task("goals.compile_fulfillment", args=[report_id], queue=queue)

    def answer() -> object:
        try:
            return result.get(timeout=120)
        finally:
            client.close()

    return answer


def wait_until(condition: Callable[[], bool], *, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.1)


def load_example() -> None:
    # transactional_db empties the tables between tests, the role groups of the data migration too.
    for role in Role.values:
        Group.objects.get_or_create(name=role)
    call_command("load_example", stdout=io.StringIO())


def test_the_compilation_through_a_worker(celery_worker_queue: str, redis_url: str) -> None:
    load_example()
    report = services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)

    assert send(redis_url, celery_worker_queue, report.pk)() is True

    report.refresh_from_db()
    assert (report.progress, report.state, report.verdict_met) == ("done", "draft", None)
    assert report.verdict_text.startswith("God ekonomisk hushållning kan inte avgöras ännu")
    rows = ReportRow.objects.filter(report=report, generation=report.generation)
    assert rows.count() == report.progress_total == 31  # 5 focus areas, 13 goals, 13 indicators
    assert rows.get(title__startswith="Årets resultat ska").status == "fulfilled"


def test_a_worker_killed_mid_run_and_a_retry_give_one_complete_snapshot(
    workers: list[subprocess.Popen[bytes]], redis_url: str
) -> None:
    load_example()
    report = services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    queue = f"test-{uuid.uuid4().hex}"
    # Three rows a batch and a second's pause after each: the run takes long enough to be killed in.
    slow = start_worker(
        queue,
        redis_url,
        FULFILLMENT_ROW_BATCH_SIZE="3",
        FULFILLMENT_TEST_PAUSE_SECONDS="1",
        FULFILLMENT_STALE_SECONDS="3",
    )
    workers.append(slow)
    send(redis_url, queue, report.pk)

    wait_until(lambda: FulfillmentReport.objects.get(pk=report.pk).progress_done >= 6)
    slow.send_signal(signal.SIGKILL)
    slow.wait(timeout=30)

    killed = FulfillmentReport.objects.get(pk=report.pk)
    assert killed.progress == "running" and 6 <= killed.progress_done < killed.progress_total
    written = ReportRow.objects.filter(report=report).count()
    assert 6 <= written < killed.progress_total  # half-done rows exist ...
    assert not ReportRow.objects.filter(report=report, generation=killed.generation).exists()  # ... and are not shown

    # The retry: a new worker, and the task queued again (as the nightly run or the strategist would) once
    # the dead run's heartbeat has gone stale.
    workers.append(start_worker(queue, redis_url, FULFILLMENT_STALE_SECONDS="3"))
    time.sleep(3.5)
    assert send(redis_url, queue, report.pk)() is True

    done = FulfillmentReport.objects.get(pk=report.pk)
    assert (done.progress, done.attempts, done.generation) == ("done", 2, 2)
    assert FulfillmentReport.objects.count() == 1
    assert ReportRow.objects.filter(report=report).count() == done.progress_total == 31
    assert set(ReportRow.objects.filter(report=report).values_list("generation", flat=True)) == {2}

"""Faults of the real services, each on a private instance the test may stop (tests/integration/services.py):

- Redis stopped while a reporter submits a follow-up: the submit succeeds at once, and the email goes out
  exactly once when Redis is back; the same with a Redis that hangs (accepts connections, never answers).
- An email that can never be sent: a real worker tries it exactly ``MAX_ATTEMPTS`` times, records the
  failure on the outbox row, and leaves it.
- PostgreSQL restarted under gunicorn's load: each gunicorn worker fails at most one request once the
  server is back, and then every request succeeds.

They wait for other processes, so they poll with short sleeps: time-machine cannot move another
process's clock.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from django.db import connection
from django.test import Client
from django.urls import reverse

from followups import notifications
from followups.models import FollowUp, Notification
from followups.services import followup_submit, period_open
from portal.models import Committee, Membership, User
from tests.factories import BudgetDocumentFactory, MembershipFactory, OperatingBudgetFactory, ReportingPeriodFactory
from tests.followups.helpers import fill_in
from tests.integration.services import (
    ROOT,
    PrivatePostgres,
    PrivateRedis,
    free_port,
    portal_celery_on,
    private_postgres,
    private_redis,
    wait_until,
)
from tests.workers import start_worker, stop

pytestmark = pytest.mark.integration
__all__ = ["private_postgres", "private_redis"]  # fixtures, used by name

APPROVER_EMAIL = "godkannare@kommun.example"
# A committee with two approvers: a submit queues two emails.
APPROVER_EMAILS = sorted([APPROVER_EMAIL, "godkannare2@kommun.example"])


# --- The outbox and Redis -----------------------------------------------------------


@pytest.fixture
def draft(transactional_db: None, committee: Committee, reporter: User, approver: User) -> FollowUp:
    """BUN's draft in an open period; the approver, who is emailed on submit, has an address.

    transactional_db: the worker is another process and sees only committed rows."""
    approver.email = APPROVER_EMAIL
    approver.save(update_fields=["email"])
    OperatingBudgetFactory(document=BudgetDocumentFactory(), committee=committee, amount=Decimal(1_131_226))
    (followup,) = period_open(period=ReportingPeriodFactory(), actor=None)
    return followup


@pytest.fixture
def second_approver(committee: Committee) -> User:
    return MembershipFactory(
        user__username="godkannare2",
        user__email="godkannare2@kommun.example",
        committee=committee,
        role=Membership.Role.APPROVER,
    ).user


@pytest.fixture
def portal_celery(private_redis: PrivateRedis) -> Iterator[Celery]:
    """The test process queues tasks as production does, through the private Redis."""
    with portal_celery_on(private_redis.url) as app:
        yield app


@pytest.fixture
def start_portal_worker(private_redis: PrivateRedis, portal_celery: Celery) -> Iterator[Callable[..., None]]:
    """Starts a real worker on the private Redis's default queue, where the portal queues its tasks, with
    these settings in its environment; returns when it has answered. Stopped at the end of the test."""
    processes: list[subprocess.Popen[bytes]] = []

    def start(**settings: str) -> None:
        processes.append(start_worker("celery", private_redis.url, **settings))
        barrier(portal_celery)

    try:
        yield start
    finally:
        for process in processes:
            stop(process)


def barrier(app: Celery) -> None:
    """Returns when the worker has done everything queued before: it takes one task at a time, in order."""
    app.send_task("portal.worker_health").get(timeout=60)


def submit(followup: FollowUp, reporter: User) -> tuple[int, float]:
    """The reporter submits through the page, as in the browser; the status and how long it took."""
    fill_in(followup)  # what the reporter filled in before: only the submit is under test
    client = Client()
    client.force_login(reporter)
    version = FollowUp.objects.get(pk=followup.pk).version
    started = time.monotonic()
    response = client.post(reverse("followups:followup_submit", args=[followup.pk]), {"submit-version": version})
    return response.status_code, time.monotonic() - started


def sweep(app: Celery) -> None:
    """What beat sends every five minutes: the outbox's sweep (no beat process here)."""
    app.send_task("goals.send_pending_notifications")


@pytest.fixture
def mail_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="styrportal-mail-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def emails_in(folder: Path) -> list[str]:
    """The file backend writes one file per email sent."""
    return [path.read_text() for path in sorted(folder.iterdir())]


def file_mail(folder: Path) -> dict[str, str]:
    """Worker settings: each email as a file in ``folder``."""
    return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_URL": f"file://{folder}"}


def assert_sent_once_when_redis_is_back(
    app: Celery, private_redis: PrivateRedis, followup: FollowUp, mail_folder: Path
) -> None:
    """Nothing went out while Redis was down; once it is back, beat's sweep sends each email once."""
    outbox = Notification.objects.filter(followup=followup).order_by("email")
    assert list(outbox.values_list("email", "sent_at", "attempts")) == [
        (address, None, 0) for address in APPROVER_EMAILS
    ]
    assert emails_in(mail_folder) == []

    wait_until(private_redis.answers, timeout=10, what="Redis back")
    sweep(app)
    wait_until(
        lambda: not outbox.filter(sent_at=None).exists(),
        timeout=30,
        what="the sweep to send the emails once the worker is connected again",
    )
    # Late arrivals send nothing more: another sweep, and the tasks that the submit could not queue.
    sweep(app)
    for notification in outbox:
        app.send_task("goals.send_notification", args=[notification.pk])
    barrier(app)

    emails = emails_in(mail_folder)
    assert sorted(re.findall(r"^To: (.*)$", "".join(emails), flags=re.MULTILINE)) == APPROVER_EMAILS
    assert all("har lämnat in uppföljningen" in email for email in emails)
    assert list(outbox.values_list("attempts", "last_error")) == [(1, "")] * len(APPROVER_EMAILS)


def test_redis_stopped_at_submit_the_submit_succeeds_and_the_email_goes_out_once_when_it_is_back(
    start_portal_worker: Callable[..., None],
    private_redis: PrivateRedis,
    portal_celery: Celery,
    draft: FollowUp,
    second_approver: User,
    reporter: User,
    mail_folder: Path,
) -> None:
    start_portal_worker(**file_mail(mail_folder))
    private_redis.stop()

    status, seconds = submit(draft, reporter)

    print(f"submit with Redis stopped: {seconds:.2f} s")
    assert status == 302
    assert seconds < 3, f"the submit took {seconds:.1f} s with Redis stopped"
    assert FollowUp.objects.get(pk=draft.pk).state == FollowUp.State.SUBMITTED
    private_redis.start()
    assert_sent_once_when_redis_is_back(portal_celery, private_redis, draft, mail_folder)


def test_redis_hung_at_submit_the_submit_still_succeeds_within_seconds(
    start_portal_worker: Callable[..., None],
    private_redis: PrivateRedis,
    portal_celery: Celery,
    draft: FollowUp,
    second_approver: User,
    reporter: User,
    mail_folder: Path,
) -> None:
    start_portal_worker(**file_mail(mail_folder))
    # SIGSTOP: the kernel still accepts connections, Redis never answers. Without socket timeouts the
    # request waits forever, so it runs in a thread that the test gives up on.
    private_redis.freeze()
    outcome: dict[str, Any] = {}

    def request() -> None:
        try:
            outcome["status"], outcome["seconds"] = submit(draft, reporter)
        finally:
            connection.close()

    thread = threading.Thread(target=request)
    thread.start()
    thread.join(timeout=30)
    hung = thread.is_alive()
    private_redis.thaw()  # lets a hung request end, whatever the outcome
    thread.join(timeout=30)

    print(f"submit with Redis hung: {outcome}")
    assert not hung, "the submit was still waiting for a hung Redis after 30 s"
    assert outcome["status"] == 302
    assert outcome["seconds"] < 15, f"the submit took {outcome['seconds']:.1f} s with Redis hung"
    assert FollowUp.objects.get(pk=draft.pk).state == FollowUp.State.SUBMITTED
    assert_sent_once_when_redis_is_back(portal_celery, private_redis, draft, mail_folder)


@pytest.fixture
def tries_log() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="styrportal-failing-mail-"))
    tries = folder / "tries.log"
    tries.touch()
    try:
        yield tries
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_an_email_that_always_fails_is_tried_a_bounded_number_of_times_and_recorded(
    start_portal_worker: Callable[..., None], portal_celery: Celery, draft: FollowUp, reporter: User, tries_log: Path
) -> None:
    # The worker's email backend refuses every email, like an SMTP server that is down, and logs each try.
    start_portal_worker(
        EMAIL_BACKEND="tests.integration.services.FailingEmailBackend", FAILING_EMAIL_LOG=str(tries_log)
    )
    fill_in(draft)
    followup_submit(followup=draft, actor=reporter)  # queues the email after the commit, as the page does
    barrier(portal_celery)
    assert tries_log.read_text().splitlines() == [APPROVER_EMAIL]

    # Beat's sweep, far more often than the bound: every run tries the row again until the bound is reached.
    for _ in range(notifications.MAX_ATTEMPTS + 5):
        sweep(portal_celery)
    notification = Notification.objects.get(followup=draft)
    portal_celery.send_task("goals.send_notification", args=[notification.pk])
    barrier(portal_celery)

    assert tries_log.read_text().splitlines() == [APPROVER_EMAIL] * notifications.MAX_ATTEMPTS
    notification.refresh_from_db()
    assert (notification.attempts, notification.sent_at, notification.claimed_at) == (
        notifications.MAX_ATTEMPTS,
        None,
        None,
    )
    assert "refused the connection (test)" in notification.last_error
    # Recorded as given up: not among what a sweep would still send.
    assert not Notification.objects.unsent().filter(attempts__lt=notifications.MAX_ATTEMPTS).exists()


# --- PostgreSQL restarted under load --------------------------------------------------


@dataclass
class Request:
    number: int
    started: float
    ended: float
    status: int | None  # None: no HTTP answer at all


@dataclass
class Load:
    """Threads that request a page again and again until stopped."""

    url: str
    threads: int = 4

    def __post_init__(self) -> None:
        self.done: list[Request] = []
        self.numbers = itertools.count()
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.workers = [threading.Thread(target=self.run) for _ in range(self.threads)]

    def run(self) -> None:
        while not self.stopping.is_set():
            with self.lock:
                number = next(self.numbers)
            started = time.monotonic()
            status: int | None
            try:
                with urllib.request.urlopen(f"{self.url}?n={number}", timeout=20) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = None
            with self.lock:
                self.done.append(Request(number, started, time.monotonic(), status))

    def __enter__(self) -> Load:
        for thread in self.workers:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self.workers:
            thread.join(timeout=30)


def served_by(access_log: Path) -> dict[int, tuple[int, int]]:
    """Request number → (gunicorn worker pid, status), from the access log."""
    served = {}
    for line in access_log.read_text().splitlines():
        match = re.fullmatch(r"<(\d+)> (\d+) n=(\d+)", line.strip())
        if match:
            served[int(match[3])] = (int(match[1]), int(match[2]))
    return served


@pytest.fixture
def gunicorn_on(private_postgres: PrivatePostgres) -> Iterator[tuple[str, Path]]:
    """gunicorn with two workers on the private cluster, as production runs it; its URL and access log.

    The page is /halsa/, the load balancer's: it asks the database on every request through Django's
    persistent connection (CONN_MAX_AGE) and answers 503 when the database fails. No tables are needed,
    so no migrations (which would take this test's whole time budget)."""
    private_postgres.create_database("styrportal")
    port = free_port()
    access_log = private_postgres.folder / "access.log"
    access_log.touch()
    environment = os.environ | {
        "DATABASE_URL": private_postgres.url("styrportal"),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DB_CONN_MAX_AGE": "600",
    }
    with open(private_postgres.folder / "gunicorn.log", "wb") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--workers", "2",
             "--bind", f"127.0.0.1:{port}", "--timeout", "30", "--access-logfile", str(access_log),
             "--access-logformat", "%(p)s %(s)s %(q)s"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )  # fmt: skip
    try:
        yield f"http://127.0.0.1:{port}/halsa/", access_log
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_postgresql_restarted_under_load_fails_at_most_one_request_per_worker(
    private_postgres: PrivatePostgres, gunicorn_on: tuple[str, Path]
) -> None:
    url, access_log = gunicorn_on
    with Load(url) as load:
        # Both workers have answered from the database, so each holds a persistent connection.
        wait_until(
            lambda: len({pid for pid, status in served_by(access_log).values() if status == 200}) == 2,
            timeout=30,
            what="both gunicorn workers to answer 200",
        )
        down = time.monotonic()  # gunicorn is up: from here on, no request may wait long
        private_postgres.restart()  # -m fast: every connection ended; returns when the server accepts again
        back = time.monotonic()
        wait_until(
            lambda: sum(1 for r in list(load.done) if r.started > back) >= 200,
            timeout=30,
            what="requests after the restart",
        )
    # gunicorn logs a request just after answering it: wait for the last lines.
    answered = {r.number for r in load.done if r.status is not None}
    wait_until(lambda: answered <= served_by(access_log).keys(), timeout=10, what="the access log")
    served = served_by(access_log)

    after = [r for r in load.done if r.started > back]
    unanswered = [r for r in after if r.status is None or r.number not in served]
    assert not unanswered, f"requests after the restart without an HTTP answer: {unanswered[:5]}"
    failures_by_worker: dict[int, int] = {}
    for r in after:
        if r.status != 200:
            pid = served[r.number][0]
            failures_by_worker[pid] = failures_by_worker.get(pid, 0) + 1
    assert all(count <= 1 for count in failures_by_worker.values()), failures_by_worker
    # ... and then normal service: both workers answer again, and the last requests all succeeded.
    assert {served[r.number][0] for r in after if r.status == 200} == {pid for pid, _ in served.values()}
    assert len({pid for pid, _ in served.values()}) == 2
    last = sorted(after, key=lambda r: r.started)[-40:]
    assert [r.status for r in last] == [200] * 40
    # While it was down, requests failed fast rather than hanging.
    assert max(r.ended - r.started for r in load.done if r.started >= down) < 10
    during = [r for r in load.done if r.ended > down and r.started < back]
    print(f"restart took {back - down:.2f} s; {sum(r.status != 200 for r in during)} of {len(during)} requests "
          f"during it failed; after it, failures by worker: {failures_by_worker}")  # fmt: skip

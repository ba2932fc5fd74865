"""Private service processes for the fault tests (tests/integration/test_faults.py): a Redis server and a
PostgreSQL cluster of the test's own, on free loopback ports, that a test may stop, freeze and restart.

The shared Redis and PostgreSQL that the rest of the suite uses are never touched. Each helper's
fixture stops its process and removes its folder at the end, however the test ended.
"""

from __future__ import annotations

import os
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import redis
from celery import Celery, current_app
from celery import _state as celery_state
from django.core.mail.backends.base import BaseEmailBackend

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = Path("/usr/bin/redis-server")


def unavailable(message: str) -> None:
    """Skip on a developer's machine without the service; fail with CI=true, where it must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} Fault tests must run when CI=true.")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], object], *, timeout: float, what: str) -> None:
    """Polls ``condition`` every 50 ms until it is true; fails the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {timeout} s waiting for {what}")
        time.sleep(0.05)


# --- Redis ------------------------------------------------------------------------


class PrivateRedis:
    """A ``redis-server`` on a free port, without persistence, in a folder of its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def answers(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5, socket_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(REDIS_SERVER), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder), "--logfile", str(self.folder / "redis.log")],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self.answers, timeout=10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        """Stops the server as an operator would (SIGTERM); the port refuses connections afterwards."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGCONT)  # a frozen server cannot stop
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def freeze(self) -> None:
        """SIGSTOP: connections are still accepted by the kernel, but nothing answers (a hung server)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    if not os.access(REDIS_SERVER, os.X_OK):
        unavailable(f"{REDIS_SERVER} is not installed (Debian's package redis-server).")
    folder = Path(tempfile.mkdtemp(prefix="styrportal-redis-"))
    server = PrivateRedis(folder)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def portal_settings_with(**environment: str) -> dict[str, Any]:
    """portal/settings.py as it comes out with these environment variables, read afresh: e.g. what the
    Celery settings are in production, where the broker is Redis, while the test run uses another."""
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        return runpy.run_path(str(ROOT / "portal" / "settings.py"))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def portal_celery_on(redis_url: str) -> Iterator[Celery]:
    """This process queues tasks as the portal does in production, with Redis at ``redis_url`` as
    broker and result store: a Celery app from the settings that ``REDIS_URL`` gives, made current, so
    that the portal's ``shared_task``s send through it. The portal's own app is current again after."""
    configured = portal_settings_with(CELERY_BROKER_URL=redis_url, CELERY_RESULT_BACKEND=redis_url)
    celery_settings = SimpleNamespace(
        **{name: value for name, value in configured.items() if name.startswith("CELERY_")}
    )
    app = Celery("portal-under-test", set_as_current=False)
    app.config_from_object(celery_settings, namespace="CELERY")
    # Current in this thread, and the default in every other (a request served in a thread).
    previous, previous_default = current_app._get_current_object(), celery_state.default_app  # type: ignore[attr-defined]
    app.set_current()
    app.set_default()
    try:
        yield app
    finally:
        previous.set_current()
        if previous_default is not None:
            previous_default.set_default()
        app.close()


class FailingEmailBackend(BaseEmailBackend):
    """An email backend that never gets an email out, like an SMTP server that refuses every connection;
    each try is written as a line to the file ``FAILING_EMAIL_LOG`` names, so a test can count them."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        with open(os.environ["FAILING_EMAIL_LOG"], "a", encoding="utf-8") as log:
            for message in email_messages:
                log.write(f"{','.join(message.to)}\n")
        raise ConnectionRefusedError("smtp.kommun.example:587 refused the connection (test)")


# --- PostgreSQL -------------------------------------------------------------------


def postgres_bin() -> Path | None:
    """The folder with initdb and pg_ctl: from PATH, else the newest of Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return candidates[-1].parent if candidates else None


class PrivatePostgres:
    """A PostgreSQL cluster of its own (initdb) on a free loopback port, trust authentication.

    PostgreSQL refuses to run as root: when the tests run as root (CI), the cluster runs as the
    ``postgres`` user through ``runuser``.
    """

    def __init__(self, bin_folder: Path, folder: Path) -> None:
        self.bin = bin_folder
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, *command: str, timeout: float = 60) -> None:
        """Runs one of PostgreSQL's programs; its output goes to a file, not a pipe, since the server it
        starts would hold a pipe open."""
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        output = self.folder / "commands.log"
        with open(output, "ab") as sink:
            result = subprocess.run(
                [*prefix, str(self.bin / command[0]), *command[1:]],
                stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT, timeout=timeout,
            )  # fmt: skip
        if result.returncode:
            logs = [output, self.folder / "postgres.log"]
            tails = "\n".join(log.read_text(errors="replace")[-2000:] for log in logs if log.exists())
            pytest.fail(f"{command[0]} failed ({result.returncode}):\n{tails}")

    def init(self) -> None:
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self.run("initdb", "--no-sync", "--auth=trust", "--username=postgres", "--encoding=UTF8", "-D", str(self.data))

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.run("pg_ctl", "start", "-w", "-t", "30", "-D", str(self.data), "-l", str(self.folder / "postgres.log"),
                 "-o", options)  # fmt: skip

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: every connection is ended, and the server is back when it returns."""
        self.run("pg_ctl", "restart", "-w", "-t", "30", "-m", "fast", "-D", str(self.data),
                 "-l", str(self.folder / "postgres.log"))  # fmt: skip

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "stop", "-w", "-t", "30", "-m", "immediate", "-D", str(self.data))

    def create_database(self, name: str) -> None:
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    bin_folder = postgres_bin()
    if bin_folder is None or not (bin_folder / "pg_ctl").exists():
        unavailable("PostgreSQL's initdb and pg_ctl are not installed (Debian's package postgresql).")
        raise AssertionError  # for the type checker: unavailable() does not return
    folder = Path(tempfile.mkdtemp(prefix="styrportal-pg-"))
    cluster = PrivatePostgres(bin_folder, folder)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        try:
            cluster.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def manage(*arguments: str, environment: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=os.environ | environment, check=True, timeout=120
    )

"""Load on loopback: gunicorn serving the benchmark's database, and a bounded thread-pool load generator.

``wrk`` is used when it is installed; otherwise Python threads with urllib, against
127.0.0.1 only, bounded in time and in number of requests. Both the pages and the trivial
view go through the same generator in the same run, so their ratio is fair even where the
generator itself is the bottleneck (it shares the machine's cores with gunicorn).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client

from bench.runner import MIN_LOAD_SHARE, TRIVIAL_URL, _ms, percentile
from portal.models import User

CONCURRENCY = (10, 50)
MAX_REQUESTS = 20_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _session_cookie(user_id: int) -> str:
    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _hammer(url: str, *, clients: int, seconds: float, cookie: str) -> dict[str, Any]:
    """``clients`` threads requesting ``url`` for ``seconds`` (or MAX_REQUESTS in all)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    headers = {"Cookie": cookie} if cookie else {}

    def worker() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            with lock:
                if len(latencies) + errors >= MAX_REQUESTS:
                    return
            before = time.perf_counter()
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
                    response.read()
                    ok = response.status == 200
            except (urllib.error.URLError, OSError):
                ok = False
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - before)
                else:
                    errors += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "p95_ms": _ms(percentile(latencies, 0.95)) if latencies else None,
    }


def _wait_until_up(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + TRIVIAL_URL, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within a minute")


def measure_load(context: dict[str, Any], *, workers: int, seconds: float) -> dict[str, Any]:
    """Starts gunicorn with bench.settings on a free loopback port, measures, and stops it."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
    if gunicorn is None:
        return {"skipped": "gunicorn not installed"}
    pages = {page["key"]: page for page in context["pages"] if page["built"]}
    public = pages.get("public_start") or pages["portal_start"]
    targets: list[tuple[str, str, str | None, bool]] = [("trivial view (anonymous)", TRIVIAL_URL, None, True)]
    targets.append(
        (
            f"{public['label']} (cached)" if public["key"] == "public_start" else public["label"],
            public["url"],
            None,
            True,
        )
    )
    if "cascade" in pages:
        targets.append((pages["cascade"]["label"], pages["cascade"]["url"], "manager", False))
    cookie = _session_cookie(context["users"]["manager"])

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    environment = os.environ | {"DJANGO_SETTINGS_MODULE": "bench.settings"}
    command = [
        gunicorn,
        "portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=environment, cwd=settings.BASE_DIR)
    runs: list[dict[str, Any]] = []
    try:
        _wait_until_up(base, process)
        for label, path, user, public_page in targets:
            url = base + path
            _hammer(url, clients=2, seconds=1, cookie=cookie if user else "")  # warm every worker's cache
            for clients in CONCURRENCY:
                row = _hammer(url, clients=clients, seconds=seconds, cookie=cookie if user else "")
                runs.append({"page": label, "url": path, "user": user or "anonymous", "public": public_page} | row)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    trivial = {row["clients"]: row["rps"] for row in runs if row["url"] == TRIVIAL_URL}
    for row in runs:
        if row["url"] == TRIVIAL_URL:
            continue
        row["share_of_trivial"] = (
            round(row["rps"] / trivial[row["clients"]], 2) if trivial.get(row["clients"]) else None
        )
        if row["public"] and row["clients"] == max(CONCURRENCY):
            row["meets_target"] = row["errors"] == 0 and (row["share_of_trivial"] or 0) >= MIN_LOAD_SHARE
    return {"workers": workers, "client": "python threads (urllib)", "seconds_per_run": seconds, "runs": runs}

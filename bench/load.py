"""Load on loopback: gunicorn serving the benchmark's database, and a bounded thread-pool load generator.

``wrk`` measures when it is installed (Debian's package); otherwise Python threads with urllib,
against 127.0.0.1 only, bounded in time and in number of requests (each thread has one request in
flight, so at most ``clients`` are). Each page is first requested for a few seconds by as many
clients as gunicorn has workers, so that every worker has its caches warm before it is measured.
Both the pages and the trivial view go through the same generator in the same run, so their ratio is fair even where the
generator itself is the bottleneck (it shares the machine's cores with gunicorn).
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
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


def _hammer(url: str, *, clients: int, seconds: float, cookie: str, vary: bool = False) -> dict[str, Any]:
    """``clients`` threads requesting ``url`` for ``seconds`` (or MAX_REQUESTS in all); with ``vary`` each
    request has a query string of its own (``?utm=<n>``: the query-string flood of issue 21)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = itertools.count()
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
                target = f"{url}?utm={next(counter)}" if vary else url
                with urllib.request.urlopen(urllib.request.Request(target, headers=headers), timeout=30) as response:
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


# wrk's requests with a query string of their own (the flood). Each wrk thread has its own Lua state,
# numbered in setup() (which runs in the main state), so that no two threads send the same one.
WRK_VARY = """
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "?utm=" .. id .. "-" .. counter)
end
"""

WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("STYRPORTAL %d %d %d %d %f\\n", summary.requests, summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout, summary.errors.status, summary.duration, latency:percentile(95)))
end
"""


def _wrk(wrk: str, url: str, *, clients: int, seconds: float, cookie: str, vary: bool = False) -> dict[str, Any]:
    """The same figures as ``_hammer``, from wrk (two threads, ``clients`` connections); wrk counts answers
    other than 2xx/3xx as errors."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write((WRK_VARY if vary else "") + WRK_REPORT)
    # The same 30 s a request may take as with the Python generator: a slow answer is slow, not an error.
    command = [wrk, "-t2", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--timeout", "30s", "-s", script.name, url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    try:
        output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("STYRPORTAL "))
    requests, socket_errors, status_errors, duration_us, p95_us = line.split()[1:]
    ok = int(requests) - int(status_errors)
    return {
        "clients": clients,
        "requests": ok,
        "errors": int(socket_errors) + int(status_errors),
        "rps": round(ok / (int(duration_us) / 1e6), 1),
        "p95_ms": round(float(p95_us) / 1000, 2),
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
    # (label, path, user, public, a query string of its own for every request)
    targets: list[tuple[str, str, str | None, bool, bool]] = [
        ("trivial view (anonymous)", TRIVIAL_URL, None, True, False)
    ]
    targets.append(
        (
            f"{public['label']} (cached)" if public["key"] == "public_start" else public["label"],
            public["url"],
            None,
            True,
            False,
        )
    )
    if public["key"] == "public_start":
        targets.append((f"{public['label']}, ?utm=<n> (flood)", public["url"], None, True, True))
    if "cascade" in pages:
        targets.append((pages["cascade"]["label"], pages["cascade"]["url"], "manager", False, False))
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
    wrk = shutil.which("wrk")
    try:
        _wait_until_up(base, process)
        for label, path, user, public_page, vary in targets:
            url = base + path
            # Warm every worker (its cache, and the cascade's year computed once per process) before measuring.
            _hammer(url, clients=workers, seconds=max(3.0, workers), cookie=cookie if user else "")
            for clients in CONCURRENCY:
                load = {"clients": clients, "seconds": seconds, "cookie": cookie if user else "", "vary": vary}
                row = _wrk(wrk, url, **load) if wrk else _hammer(url, **load)  # type: ignore[arg-type]
                runs.append(
                    {"page": label, "url": path + ("?utm=<n>" if vary else ""), "user": user or "anonymous"}
                    | {"public": public_page}
                    | row
                )
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
    client = "wrk (2 threads)" if wrk else "python threads (urllib)"
    return {"workers": workers, "client": client, "seconds_per_run": seconds, "runs": runs}

"""Hostile input in the benchmark (issue 21): Markdown that made the parser slow or crash, and a flood of
distinct query strings against the cached public start page.

- The hostile initiative: a published employer initiative whose text is the issue's inputs at the most
  the forms allow (13 000 nested ``[`` and ``"* " * 3000``, 19 002 characters). Its HTML is rendered once,
  when it is saved (timed here); its public page is then measured like the other pages (bench/pages.py).
- The flood: ``requests`` anonymous requests to the public start page, each with a ``?utm=`` of its own,
  in-process (Django's test Client), after one warm-up and as many requests without a query string.
  Reported: requests per second of both (the flood must keep at least half the plain page's: a query
  string must not make the kept page cost more), the share of the trivial view's, the public page entries
  in the cache and, when the cache is Redis, its ``used_memory`` (``INFO memory``) before and after.
  The page is kept under its path and the parameters it reads (portal/publiccache.py), so the flood must
  add no entry and leave the memory about where it was.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from django.utils import timezone

from goals.models import EmployerInitiative

HOSTILE_SLUG = "fientlig-markdown"
# The inputs: nested "[" (8 KB took 3,5 s, 20 KB 60 s) and 3 000 list markers (a RecursionError),
# together as long as a text may be (MARKDOWN_MAX_LENGTH, 20 000).
HOSTILE_MARKDOWN = "[" * 13_000 + "\n\n" + "* " * 3_000
FLOOD_REQUESTS = 1_000
# What the flood may add to Redis's memory: a kept start page is about 60 KB twice, a flood of distinct keys
# (before issue 21) added that for every request, 120 MB for a thousand.
MAX_FLOOD_GROWTH_BYTES = 2 * 1024 * 1024
# The flood's throughput next to the same page's without a query string.
MIN_FLOOD_SHARE = 0.5


def create_hostile_initiative() -> dict[str, Any]:
    """The published initiative with the hostile text; its rendering at save, timed."""
    initiative = EmployerInitiative(
        title="Fientlig Markdown (testdata)",
        slug=HOSTILE_SLUG,
        summary="Issue 21:s indata: nästlade hakparenteser och listmarkörer.",
        body=HOSTILE_MARKDOWN,
        category=EmployerInitiative.Category.DIGITAL,
        status=EmployerInitiative.Status.PUBLISHED,
        publish_at=timezone.now(),
    )
    before = time.perf_counter()
    initiative.save()  # renders body_html
    seconds = time.perf_counter() - before
    return {
        "markdown_chars": len(HOSTILE_MARKDOWN),
        "save_ms": round(seconds * 1000, 2),
        "html_chars": len(initiative.body_html),
    }


def _cache_state() -> dict[str, Any]:
    """The public page entries in the cache and, for Redis, the server's used memory."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        server = backend._cache.get_client()  # type: ignore[attr-defined]
        keys = {key.decode().removesuffix(":page") for key in server.scan_iter(match="*public:page:*", count=1000)}
        return {"backend": "redis", "page_entries": len(keys), "used_memory": int(server.info("memory")["used_memory"])}
    local = getattr(backend, "_cache", {})
    keys = {key.removesuffix(":page") for key in list(local) if "public:page:" in key}
    return {"backend": type(backend).__name__, "page_entries": len(keys), "used_memory": None}


def _requests_per_second(client: Client, url: str, queries: list[dict[str, str]]) -> tuple[float, int]:
    """Requests per second over ``queries`` (one request each) and how many did not answer 200."""
    errors = 0
    started = time.perf_counter()
    for query in queries:
        if client.get(url, query).status_code != 200:
            errors += 1
    elapsed = time.perf_counter() - started
    return (len(queries) / elapsed if elapsed else 0.0), errors


def measure_flood(url: str, *, requests: int, trivial_median_ms: float) -> dict[str, Any]:
    """``requests`` anonymous requests to ``url``, each with its own ``?utm=``; see the module's docstring."""
    client = Client()
    client.get(url)  # the page kept once, as any visitor would have it
    plain_rps, plain_errors = _requests_per_second(client, url, [{}] * requests)
    before = _cache_state()
    rps, errors = _requests_per_second(client, url, [{"utm": f"flood-{number}"} for number in range(requests)])
    after = _cache_state()
    trivial_rps = 1000 / trivial_median_ms if trivial_median_ms else None
    growth = (
        after["used_memory"] - before["used_memory"]
        if after["used_memory"] is not None and before["used_memory"] is not None
        else None
    )
    bounded = after["page_entries"] <= before["page_entries"] and (growth is None or growth <= MAX_FLOOD_GROWTH_BYTES)
    share = round(rps / plain_rps, 2) if plain_rps else None
    return {
        "url": url,
        "requests": requests,
        "errors": errors + plain_errors,
        "rps": round(rps, 1),
        "plain_rps": round(plain_rps, 1),
        "share_of_plain": share,
        "share_of_trivial": round(rps / trivial_rps, 2) if trivial_rps else None,
        "cache": after["backend"],
        "page_entries_before": before["page_entries"],
        "page_entries_after": after["page_entries"],
        "used_memory_before": before["used_memory"],
        "used_memory_after": after["used_memory"],
        "used_memory_growth": growth,
        "max_growth": MAX_FLOOD_GROWTH_BYTES,
        "memory_bounded": bounded,
        "meets_throughput_target": errors + plain_errors == 0 and share is not None and share >= MIN_FLOOD_SHARE,
    }

"""The public pages' cache: a version counter that publishing bumps, and a helper that renders a page's body once.

Every public page's body is cached under its path and language and the current
version; a service that publishes anything (a follow-up, a fulfillment report,
an initiative, a budget import) calls ``bump()``, and every earlier entry is
then never read again (it expires by itself). Only anonymous visitors get
cached bodies; the page around the body (header, CSRF token for the language
switch, messages) is rendered for each request, so no visitor ever sees
another's token or name.

The key is the path and only the query parameters the page reads, each as
the page reads it: a view passes ``query={"ar": read_year}``, a function that
turns the raw value into what the page uses (None: not given). Any other
parameter (``?utm_source=...``, a cache-busting ``?x=1``) hits the same key,
so a flood of distinct query strings renders the page once and stores it once.

An initiative scheduled for later becomes public without anything being
published at that moment, so an entry must not outlive it: the apps register
a function that says when the next scheduled thing becomes public, and no
entry is kept past it.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe

VERSION_KEY = "public:version"
VERSION_SECONDS = 24 * 60 * 60
CSRF_PLACEHOLDER = "\x00csrf-token\x00"  # never in a page: where a kept page gets the visitor's token
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_next_changes: list[Callable[[], datetime.datetime | None]] = []

# The whole pages this process served last, by key (the key holds the version, so a publication anywhere
# makes every one of them unreachable): a hit costs one small read of the version from the shared cache
# instead of moving about 60 KB out of Redis and unpickling it. Bounded, and each entry keeps its expiry.
LOCAL_PAGES = 32
_local_pages: OrderedDict[str, tuple[float, str]] = OrderedDict()
_local_lock = threading.Lock()


def _local_get(key: str) -> str | None:
    with _local_lock:
        entry = _local_pages.get(key)
        if entry is None:
            return None
        expires, page = entry
        if expires <= time.time():
            del _local_pages[key]
            return None
        _local_pages.move_to_end(key)
        return page


def _local_set(key: str, page: str, timeout: int) -> None:
    with _local_lock:
        _local_pages[key] = (time.time() + timeout, page)
        _local_pages.move_to_end(key)
        while len(_local_pages) > LOCAL_PAGES:
            _local_pages.popitem(last=False)


def forget_local() -> None:
    """Forgets this process's copies and the version it read (the tests, after clearing the shared cache)."""
    global _version_read
    _version_read = None
    with _local_lock:
        _local_pages.clear()


def register_next_change(function: Callable[[], datetime.datetime | None]) -> None:
    """Adds a function that returns when something scheduled next becomes public (None: nothing is)."""
    if function not in _next_changes:
        _next_changes.append(function)


def _version_seconds() -> int:
    """How long the version is kept: well past any page kept under it. Like every entry it expires, so that
    Redis may evict it under its memory limit (docs/configuration.md)."""
    return max(VERSION_SECONDS, 2 * settings.PUBLIC_CACHE_SECONDS)


# The version as this process read it last, and when (time.monotonic()). A kept page then costs no round trip
# to Redis at all; a publication in this process is seen at once (bump() forgets it), one in another process
# within VERSION_READ_SECONDS.
VERSION_READ_SECONDS = 1.0
_clock = time.monotonic
_version_read: tuple[int, float] | None = None


def version() -> int:
    global _version_read
    if _version_read is not None and _clock() - _version_read[1] < VERSION_READ_SECONDS:
        return _version_read[0]
    value = cache.get(VERSION_KEY)
    if value is None:
        # First use, or expired or evicted: start from the clock (milliseconds), above every version handed out
        # before (each publication adds one), so that no page kept under an earlier version is read again.
        cache.add(VERSION_KEY, time.time_ns() // 1_000_000, timeout=_version_seconds())
        value = cache.get(VERSION_KEY, 0)
    _version_read = (int(value), _clock())
    return int(value)


def _bump_now() -> None:
    global _version_read
    _version_read = None
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache: version() starts it anew, above every earlier version
        version()
    _version_read = None


def bump() -> None:
    """Forgets every cached public page: now, and again when the current transaction commits, so that a
    page rendered between the two from the old data is not kept."""
    _bump_now()
    transaction.on_commit(_bump_now)


def _timeout() -> int:
    seconds = settings.PUBLIC_CACHE_SECONDS
    now = timezone.now()
    for next_change in _next_changes:
        when = next_change()
        if when is not None:
            seconds = min(seconds, max(0, int((when - now).total_seconds())))
    return seconds


# A page's query parameters: each name with the function that reads its raw value (None: not given).
Query = Mapping[str, Callable[[str], object]]
NO_QUERY: Query = {}


def canonical_path(request: HttpRequest, query: Query = NO_QUERY) -> str:
    """The path with only the parameters the page reads, as it reads them, in a fixed order:
    ``/budget/?ar=02026&utm=x`` is ``/budget/?ar=2026`` for a page that reads ``ar`` as a year."""
    values = []
    for name in sorted(query):
        raw = request.GET.get(name)
        value = None if raw is None else query[name](raw)
        if value is not None:
            values.append((name, str(value)))
    return f"{request.path}?{urlencode(values)}" if values else request.path


def page_key(request: HttpRequest, query: Query = NO_QUERY) -> str:
    # Hashed: a path may be any length, a cache key may not (memcached: 250).
    address = hashlib.sha256(canonical_path(request, query).encode()).hexdigest()
    return f"public:page:{version()}:{translation.get_language()}:{address}"


def public_page(
    request: HttpRequest,
    template_name: str,
    build: Callable[[], tuple[str, dict[str, Any]]],
    *,
    query: Query = NO_QUERY,
) -> HttpResponse:
    """The page whose body is ``template_name`` rendered with what ``build()`` returns: (title, context).

    ``query`` names every query parameter ``build`` reads, with the function it reads the raw value with
    (``build`` must read it the same way); the page is kept per path and those values only.

    ``build`` runs only when the body is not cached; an exception in it (Http404) is never cached. An
    anonymous visitor without messages gets the whole page from the cache, with their own CSRF token (for
    the language switch) put in place of the placeholder it was kept with: a cache read and a string
    replace, so that a public page on budget day costs little more than the framework itself.
    """
    anonymous = not request.user.is_authenticated
    path = canonical_path(request, query)
    key = page_key(request, query)
    whole = anonymous and not len(messages.get_messages(request))
    if whole:
        page = _local_get(key)
        if page is None:
            page = cache.get(f"{key}:page")
            if page is not None:
                # kept here no longer than the shared entry may live from now
                _local_set(key, page, _timeout())
        if page is not None:
            response = HttpResponse(page.replace(CSRF_PLACEHOLDER, get_token(request)))
            patch_vary_headers(response, ("Cookie",))
            return response
    cached = cache.get(key) if anonymous else None
    timeout = _timeout()
    if cached is None:
        title, context = build()
        cached = (title, render_to_string(template_name, context, request))
        if anonymous and timeout > 0:
            cache.set(key, cached, timeout)
    title, body = cached
    # the language switch returns to the canonical path: a kept page must not carry one visitor's ?utm=...
    context = {"page_title": title, "body": mark_safe(body), "canonical_path": path}  # noqa: S308
    response = render(request, "public/page.html", context)
    if whole and timeout > 0 and response.status_code == 200:
        page = response.content.decode()
        used = CSRF_FIELD.search(page)  # the token this render used (each get_token() is masked anew)
        if used is not None:
            page = page.replace(used.group(1), CSRF_PLACEHOLDER)
            cache.set(f"{key}:page", page, timeout)
            _local_set(key, page, timeout)
    patch_vary_headers(response, ("Cookie",))
    return response

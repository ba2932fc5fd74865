"""Counting attempts in the cache, per scope and identity, in a fixed window: password reset requests
(per address and per client) and failed API keys (per client). The count is kept in Django's cache,
so every web process sees it (Redis in production)."""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address: the connecting one, or with ``API_TRUSTED_PROXIES`` proxies in front, the one
    the outermost trusted proxy saw (as the API's rate limits count it), so a made-up header changes nothing."""
    proxies = settings.API_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [address.strip() for address in forwarded.split(",")]
        return addresses[-min(proxies, len(addresses))]
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(scope: str, identity: str) -> str:
    digest = hashlib.sha256(identity.strip().lower().encode()).hexdigest()[:32]  # any length, any characters
    return f"throttle:{scope}:{digest}"


def wait_seconds(scope: str, identity: str, *, limit: int) -> int:
    """Seconds until another attempt is allowed (0: allowed now), without counting one."""
    key = _key(scope, identity)
    count = cache.get(key, 0)
    if count < limit:
        return 0
    until = cache.get(f"{key}:until")
    return max(1, math.ceil(until - time.time())) if until is not None else 0


def record(scope: str, identity: str, *, window: int) -> int:
    """Counts one attempt in the window that started with the first; returns the count so far."""
    key = _key(scope, identity)
    if cache.add(f"{key}:until", time.time() + window, window):
        cache.set(key, 0, window)
    try:
        return int(cache.incr(key))
    except ValueError:  # the count expired between the two calls: a new window
        cache.set(key, 1, window)
        return 1

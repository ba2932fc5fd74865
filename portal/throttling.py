"""Rate limits counted in the cache: every request per client address (the API's throttles and the public
site's downloads), and failed attempts per scope and identity (password resets, wrong API keys).

Django REST framework's ``SimpleRateThrottle`` does the counting (a sliding window of request times per key,
kept in the cache for the window's length); the rates are ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``, read
at each request so that changed settings (and tests) take effect. The client's address is DRF's: the
connection's, or with ``NUM_PROXIES`` (``API_TRUSTED_PROXIES``) set, the one the trusted proxies name.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle


class RateThrottle(SimpleRateThrottle):
    """A throttle whose rate is ``DEFAULT_THROTTLE_RATES[scope]``, read at each request."""

    def get_rate(self) -> str | None:
        rates = cast("dict[str, str]", api_settings.DEFAULT_THROTTLE_RATES)
        return rates.get(self.scope or "")


class AddressThrottle(RateThrottle):
    """Counts per client address."""

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


View = Callable[..., HttpResponse]


def throttled(scope: str, message: str | Promise) -> Callable[[View], View]:
    """A Django view limited to the rate ``scope`` per client address; past it the client gets 429 with
    ``message`` (a sentence that says to wait) and ``Retry-After``."""
    throttle_class = type(f"{scope.title()}Throttle", (AddressThrottle,), {"scope": scope})

    def decorate(view: View) -> View:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            throttle = throttle_class()
            if throttle.allow_request(request, None):
                return view(request, *args, **kwargs)
            seconds = max(1, math.ceil(throttle.wait() or 1))
            response = render(request, "429.html", {"message": message, "seconds": seconds}, status=429)
            response["Retry-After"] = str(seconds)
            return response

        return limited

    return decorate


# --- Attempts counted only when they fail ------------------------------------------------------------------
# Password reset requests (per address and per client) and wrong API keys (per client): a fixed window that
# starts with the first attempt; asking how long to wait counts nothing.


def client_address(request: HttpRequest) -> str:
    """The client's address as the rate limits above see it: the connecting one, or with
    ``API_TRUSTED_PROXIES`` proxies in front, the one the outermost trusted proxy saw."""
    return str(BaseThrottle().get_ident(cast("Any", request)))  # reads only request.META


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

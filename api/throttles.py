"""Rate limits, counted in the cache: per address without sign-in, per key, per signed-in user."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken

if TYPE_CHECKING:
    # Not at run time: rest_framework.views imports this module through its settings.
    from rest_framework.views import APIView


class _Throttle(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        # Read at each request, so that changed settings (and tests) take effect.
        rates = cast("dict[str, str]", api_settings.DEFAULT_THROTTLE_RATES)
        return rates.get(self.scope or "")


class AnonymousThrottle(_Throttle):
    scope = "anonymous"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if request.auth is not None or request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(_Throttle):
    scope = "token"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class UserThrottle(_Throttle):
    scope = "user"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}

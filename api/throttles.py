"""Rate limits, counted in the cache: per address without sign-in, per key, per signed-in user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.request import Request

from api.models import ApiToken
from portal.throttling import AddressThrottle, RateThrottle

if TYPE_CHECKING:
    # Not at run time: rest_framework.views imports this module through its settings.
    from rest_framework.views import APIView


class AnonymousThrottle(AddressThrottle):
    scope = "anonymous"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if request.auth is not None or request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class TokenThrottle(RateThrottle):
    scope = "token"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class UserThrottle(RateThrottle):
    scope = "user"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}

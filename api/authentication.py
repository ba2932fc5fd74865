"""Keys for the API: ``Authorization: Bearer sp_...``."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from api.models import ApiToken, hash_token
from portal import throttling as throttle
from portal.signals import loggable

KEYWORD = "Bearer"
FAILURES = "api-key-failures"  # the throttle's scope: wrong keys per client address
security_log = logging.getLogger("portal.security")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Finds the key by its hash. A request with a key has no user: ``request.auth`` is the key."""

    def authenticate(self, request: Request) -> tuple[AnonymousUser, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() != KEYWORD.lower():
            return None
        client = throttle.client_address(request._request)
        wait = throttle.wait_seconds(FAILURES, client, limit=settings.API_KEY_FAILURE_LIMIT)
        if wait:
            # Checked before the key is looked up: during the window the right key is refused too.
            raise exceptions.Throttled(wait)
        if len(header) != 2:
            raise self._failed(client, _("Skriv nyckeln efter ordet Bearer, med ett mellanslag emellan."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise self._failed(client, _("Nyckeln är ogiltig.")) from None
        token = ApiToken.objects.select_related("committee").filter(token_hash=hash_token(raw)).first()
        if token is None:
            raise self._failed(client, _("Nyckeln är ogiltig."))
        if token.is_revoked:
            raise self._failed(client, _("Nyckeln är återkallad. Be strategen om en ny."))
        now = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
        return AnonymousUser(), token

    @staticmethod
    def _failed(client: str, message: str) -> exceptions.AuthenticationFailed:
        """A wrong key, counted against the client: 401 with ``message``."""
        count = throttle.record(FAILURES, client, window=settings.API_KEY_FAILURE_WINDOW_MINUTES * 60)
        if count == settings.API_KEY_FAILURE_LIMIT:
            security_log.warning("api-key failures client=%s count=%d: keys refused", loggable(client), count)
        return exceptions.AuthenticationFailed(message)

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How drf-spectacular describes the key in the schema."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": _("En API-nyckel från portalen (sp_...).")}

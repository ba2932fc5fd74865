"""Keys for the API: ``Authorization: Bearer sp_...``."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from api.models import ApiToken, hash_token

KEYWORD = "Bearer"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Finds the key by its hash. A request with a key has no user: ``request.auth`` is the key."""

    def authenticate(self, request: Request) -> tuple[AnonymousUser, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() != KEYWORD.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Skriv nyckeln efter ordet Bearer, med ett mellanslag emellan."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Nyckeln är ogiltig.")) from None
        token = ApiToken.objects.select_related("committee").filter(token_hash=hash_token(raw)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Nyckeln är ogiltig."))
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(_("Nyckeln är återkallad. Be strategen om en ny."))
        now = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
        return AnonymousUser(), token

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How drf-spectacular describes the key in the schema."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": _("En API-nyckel från portalen (sp_...).")}

"""The relying party: Authlib's Django client, configured from the settings (OIDC_*).

Authlib (not mozilla-django-oidc) because its client checks the whole ID token as
OpenID Connect Core 3.1.3.7 asks: the signature against the provider's JWKS (fetched
again when a key id is new), the issuer against the discovery document, the audience
(our client id), the expiry and issue time, the nonce and at_hash; it reads the
provider's discovery document and sends PKCE (S256). mozilla-django-oidc leaves the
issuer and audience unchecked (its issue #340) and has no discovery.
"""

from __future__ import annotations

from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings

NAME = "municipality"

_clients: dict[tuple[str, ...], DjangoOAuth2App] = {}


def provider_client() -> DjangoOAuth2App:
    """The client for the configured provider; one per configuration, so that its discovery and keys are kept."""
    key = (
        settings.OIDC_DISCOVERY_URL,
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET,
        settings.OIDC_SCOPES,
        str(settings.OIDC_TIMEOUT_SECONDS),
    )
    client = _clients.get(key)
    if client is None:
        oauth = OAuth()
        client = oauth.register(
            name=NAME,
            client_id=settings.OIDC_CLIENT_ID,
            client_secret=settings.OIDC_CLIENT_SECRET,
            server_metadata_url=settings.OIDC_DISCOVERY_URL,
            client_kwargs={
                "scope": settings.OIDC_SCOPES,
                "code_challenge_method": "S256",
                "default_timeout": settings.OIDC_TIMEOUT_SECONDS,
            },
        )
        _clients[key] = client
    return client

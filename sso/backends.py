"""The backend that sessions from the identity provider name; it checks no password.

sso.views signs a user in with ``login(request, user, backend=...)`` only after
the ID token's signature, issuer, audience, expiry and nonce have been checked.
The backend reads the user back for each request and, like the password
backend, grants nothing: the rules decide (portal/rules.py).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from portal.backends import SignInBackend

PATH = "sso.backends.ProviderBackend"


class ProviderBackend(SignInBackend):
    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> Any:
        return None  # no credentials of its own: sign-in happens in sso.views after the token is verified

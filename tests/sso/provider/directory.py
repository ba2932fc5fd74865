"""The test provider's people and groups, read from a JSON file at each sign-in and token.

The file (PROVIDER_DIRECTORY) holds ``{"people": {username: {"password", "name", "email",
"groups"}}, "fault": null}``. ``fault`` makes the provider misbehave on purpose, as an
attacker or a broken provider would: "audience" (a token for another client),
"expired" (a token past its time), "tamper" (a signed token whose payload is then
changed: more groups), "issuer" (another issuer in ``iss``), "nonce" (another sign-in's nonce).
"""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from oauth2_provider.oauth2_validators import OAuth2Validator


def directory() -> dict[str, Any]:
    return json.loads(Path(os.environ["PROVIDER_DIRECTORY"]).read_text(encoding="utf-8"))


class DirectoryBackend(ModelBackend):
    """Signs a person of the directory in with their password; the provider's user is made on the way."""

    def authenticate(self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any):
        person = directory()["people"].get(username or "")
        if person is None or person["password"] != password:
            return None
        return User.objects.get_or_create(username=username)[0]


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _unb64(part: str) -> dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


class DirectoryValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim below goes into the ID token, as Entra ID and Keycloak send groups

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        person = directory()["people"][request.user.username]
        return {
            "name": person["name"],
            "email": person["email"],
            "preferred_username": request.user.username,
            "groups": person["groups"],
        }

    def get_id_token_dictionary(self, token: Any, token_handler: Any, request: Any) -> Any:
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        fault = directory().get("fault")
        if fault == "audience":
            claims["aud"] = "en-annan-tjanst"
        elif fault == "expired":
            claims["iat"] = int(time.time()) - 7200
            claims["exp"] = int(time.time()) - 3600
        elif fault == "nonce":
            claims["nonce"] = "ett-annat-nonce"  # a token made for another sign-in
        elif fault == "issuer":
            claims["iss"] = "https://fel-utfardare.example.se"
        return claims, expiration_time

    def finalize_id_token(self, id_token: Any, token: Any, token_handler: Any, request: Any) -> str:
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if directory().get("fault") != "tamper":
            return signed
        header, payload, signature = signed.split(".")
        claims = _unb64(payload)
        claims["groups"] = [*claims.get("groups", []), "styrportal-administratorer"]
        return ".".join([header, _b64(claims), signature])

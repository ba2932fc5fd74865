"""Django system checks that ``manage.py check --deploy`` runs before a production start."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def local_passwords_in_production(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if settings.LOCAL_PASSWORDS and not settings.DEBUG:
        return [
            checks.Warning(
                "Local passwords are on in production (LOCAL_PASSWORDS is true and DEBUG is false).",
                hint=(
                    "Sign staff in through the municipality's identity provider (OIDC_ISSUER, OIDC_CLIENT_ID, "
                    "OIDC_CLIENT_SECRET; docs/sso.md) and set LOCAL_PASSWORDS=false."
                ),
                id="portal.W001",
            )
        ]
    return []

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = _("Inloggningstjänst")

    def ready(self) -> None:
        from django.conf import settings
        from django.utils.translation import gettext

        from portal import signin

        signin.register(
            "oidc",
            signin.SignInMethod(
                url_name="sso:start",
                label=lambda: gettext("Logga in med %(provider)s") % {"provider": settings.OIDC_PROVIDER_NAME},
                is_enabled=lambda: bool(settings.OIDC_ISSUER),
            ),
        )

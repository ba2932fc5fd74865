from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from portal import checks, signals  # noqa: F401  (deploy checks; sign-in events to the security log)

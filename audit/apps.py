from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Revision")

    def ready(self) -> None:
        from audit import signals

        # Frozen copies when a fulfillment report is published, and the auditors' sign-ins in the log.
        signals.connect()

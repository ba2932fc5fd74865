from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Delårsrapport och årsredovisning")

    def ready(self) -> None:
        from portal import dashboard
        from reporting.dashboard import upcoming_deadlines

        # The law's next dates on the strategist's Min sida.
        dashboard.register(
            "reporting.deadlines", dashboard.Panel("reporting/dashboard_deadlines.html", upcoming_deadlines)
        )

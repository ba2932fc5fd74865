from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Mål och uppföljning")

    def ready(self) -> None:
        from goals.dashboard import my_followups
        from portal import dashboard

        # "Mina uppföljningar" on Min sida: portal shows it without importing goals.
        dashboard.register("goals.followups", dashboard.Panel("goals/dashboard_followups.html", my_followups))

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = _("Uppföljningar")

    def ready(self) -> None:
        from followups.dashboard import my_followups, up_for_decision
        from portal import dashboard

        # "Mina uppföljningar" on Min sida: portal shows it without importing followups.
        dashboard.register("followups.mine", dashboard.Panel("followups/dashboard_followups.html", my_followups))
        # For elected members: what their committees are to decide on.
        dashboard.register(
            "followups.decisions", dashboard.Panel("followups/dashboard_decisions.html", up_for_decision)
        )

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = _("Uppföljningar")

    def ready(self) -> None:
        from followups.dashboard import my_followups, up_for_decision
        from followups.planned import on_adopted, on_assigned
        from planning.signals import adopted, assigned
        from portal import dashboard

        # A goal or indicator adopted in the planning editor joins the open follow-ups (followups/planned.py).
        adopted.connect(on_adopted, dispatch_uid="followups_join_open_followups")
        assigned.connect(on_assigned, dispatch_uid="followups_report_assignments")

        # "Mina uppföljningar" on Min sida: portal shows it without importing followups.
        dashboard.register("followups.mine", dashboard.Panel("followups/dashboard_followups.html", my_followups))
        # For elected members: what their committees are to decide on.
        dashboard.register(
            "followups.decisions", dashboard.Panel("followups/dashboard_decisions.html", up_for_decision)
        )

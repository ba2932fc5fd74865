from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Mål och uppföljning")

    def ready(self) -> None:
        from goals import inputs
        from goals.dashboard import initiative_drafts, my_followups
        from goals.models import EmployerInitiative
        from portal import dashboard, publiccache

        # "Mina uppföljningar" on Min sida: portal shows it without importing goals.
        dashboard.register("goals.followups", dashboard.Panel("goals/dashboard_followups.html", my_followups))
        # The goal cascade's panels: the strategist's period overview and gaps, the manager's committees.
        from goals.dashboard_cascade import committees_overview, period_overview

        dashboard.register(
            "goals.cascade_period", dashboard.Panel("goals/cascade_dashboard_period.html", period_overview)
        )
        dashboard.register(
            "goals.cascade_committees", dashboard.Panel("goals/cascade_dashboard_committees.html", committees_overview)
        )
        dashboard.register("goals.initiatives", dashboard.Panel("goals/dashboard_initiatives.html", initiative_drafts))
        # A scheduled initiative becomes public at its time: no cached public page may outlive that moment.
        publiccache.register_next_change(EmployerInitiative.objects.next_publication)
        # Live statuses are computed once per change of what the fulfillment reads (goals/inputs.py).
        inputs.connect()

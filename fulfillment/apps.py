from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfillmentConfig(AppConfig):
    name = "fulfillment"
    verbose_name = _("Måluppfyllelse")

    def ready(self) -> None:
        from fulfillment import inputs
        from fulfillment.dashboard import committees_overview, latest_reports, period_overview
        from portal import dashboard

        # The goal cascade's panels: the strategist's period overview and gaps, the manager's committees.
        dashboard.register(
            "fulfillment.cascade_period", dashboard.Panel("fulfillment/cascade_dashboard_period.html", period_overview)
        )
        dashboard.register(
            "fulfillment.cascade_committees",
            dashboard.Panel("fulfillment/cascade_dashboard_committees.html", committees_overview),
        )
        dashboard.register("fulfillment.reports", dashboard.Panel("fulfillment/dashboard_reports.html", latest_reports))
        # Live statuses are computed once per change of what the fulfillment reads (fulfillment/inputs.py).
        inputs.connect()

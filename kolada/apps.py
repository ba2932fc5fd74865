from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KoladaConfig(AppConfig):
    name = "kolada"
    verbose_name = _("Nyckeltal från Kolada")

    def ready(self) -> None:
        from kolada.dashboard import kolada_panel
        from portal import dashboard

        # The way to the Kolada page, on Min sida: portal shows it without importing kolada.
        dashboard.register("kolada.fetches", dashboard.Panel("kolada/dashboard_panel.html", kolada_panel))

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Mål")

    def ready(self) -> None:
        from budgets.services import register_ratio_target
        from goals.dashboard import initiative_drafts
        from goals.models import EmployerInitiative, Target
        from portal import dashboard, publiccache

        dashboard.register("goals.initiatives", dashboard.Panel("goals/dashboard_initiatives.html", initiative_drafts))
        # A scheduled initiative becomes public at its time: no cached public page may outlive that moment.
        publiccache.register_next_change(EmployerInitiative.objects.next_publication)
        # The result ratio chart's goal line is the council's target for the ratio (budgets cannot import goals).
        register_ratio_target(Target.objects.ratio_floor)

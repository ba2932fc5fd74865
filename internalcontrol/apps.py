from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternalcontrolConfig(AppConfig):
    name = "internalcontrol"
    verbose_name = _("Internkontroll")

    def ready(self) -> None:
        from followups import sections
        from internalcontrol import followup_section

        # The control results in the quarterly follow-up: followups shows them without importing this app.
        sections.register(
            "internalcontrol.results",
            sections.Section("internalcontrol/followup_section.html", followup_section.context, followup_section.gaps),
        )

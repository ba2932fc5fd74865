from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Budget")

    def ready(self) -> None:
        from budgets import exchange_rules  # noqa: F401  (registers the import and export permissions)

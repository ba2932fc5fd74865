"""Who may read and keep the budget documents. The predicates come from portal/rules.py."""

from __future__ import annotations

import rules

from portal.rules import has_any_role, is_administrator

# The budget document is internal reading for everyone with a role, whatever the committee.
rules.add_perm("budgets.view_budget", has_any_role)

# Django admin: administrators keep the documents and their figures.
ADMIN_MODELS = (
    "budgetdocument",
    "documenttext",
    "statementline",
    "statementamount",
    "operatingbudget",
    "investmentbudget",
    "statedtotal",
)
rules.add_perm("budgets", is_administrator)
for model_name in ADMIN_MODELS:
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"budgets.{action}_{model_name}", is_administrator)

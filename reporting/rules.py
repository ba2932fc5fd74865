"""Who may read and keep the interim and annual reports. The predicates come from portal/rules.py."""

from __future__ import annotations

import rules

from portal.rules import has_any_role, is_administrator, is_strategist

# Read as the budget document is: internal reading for everyone with a role.
rules.add_perm("reporting.view_report", has_any_role)
# Report dates, outcome imports, balanskrav items and the RUR rule: the strategists keep them.
rules.add_perm("reporting.edit_report", is_strategist | is_administrator)
# The compiled report is adopted and published by a strategist (as the fulfillment report is).
rules.add_perm("reporting.publish_report", is_strategist)

ADMIN_MODELS = (
    "reportdate",
    "lineoutcome",
    "committeeoutcome",
    "investmentlineoutcome",
    "balanceadjustment",
    "equalisationrule",
    "taxbasegrowth",
    "deficitwaiver",
)
# Written by the compilation and the calendar task only: the administrator reads them (reporting/admin.py).
READ_ONLY_ADMIN_MODELS = ("compiledreport", "calendarevent")
rules.add_perm("reporting", is_administrator)
for model_name in ADMIN_MODELS:
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"reporting.{action}_{model_name}", is_administrator)
for model_name in READ_ONLY_ADMIN_MODELS:
    rules.add_perm(f"reporting.view_{model_name}", is_administrator)

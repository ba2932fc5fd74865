"""Who may see and keep the goals and the employer initiatives. The predicates come from portal/rules.py."""

from __future__ import annotations

import rules

from portal.rules import has_any_role, is_administrator, is_hr_editor

# Goals are internal reading for everyone with a role, whatever the committee.
rules.add_perm("goals.view_goals", has_any_role)

# Django admin: administrators keep the vision, goals, indicators, targets and measurements.
ADMIN_MODELS = ("vision", "focusarea", "goal", "indicator", "target", "measurement")
rules.add_perm("goals", is_administrator)
for model_name in ADMIN_MODELS:
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"goals.{action}_{model_name}", is_administrator)

# --- Employer initiatives -------------------------------------------------------------
# HR editors write, preview and publish them; nobody else, in the portal (administrators keep the
# admin's own pages). The public reads published ones on the public site without any rule.
rules.add_perm("goals.manage_initiatives", is_hr_editor)

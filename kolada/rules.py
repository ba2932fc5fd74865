"""Who may see and run the Kolada fetches. The predicates come from portal/rules.py."""

from __future__ import annotations

import rules

from portal.rules import is_administrator, is_strategist

# The strategist and the administrator see the bindings and the fetches, fetch now and import a file.
rules.add_perm("kolada.manage_kolada", is_strategist | is_administrator)

# Django admin: administrators keep the bindings; runs, changes and gender splits are read there.
ADMIN_MODELS = ("koladabinding", "fetchrun", "fetchchange", "gendersplit")
rules.add_perm("kolada", is_administrator)
for model_name in ADMIN_MODELS:
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"kolada.{action}_{model_name}", is_administrator)

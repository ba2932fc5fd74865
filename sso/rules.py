"""The admin pages of sso: for administrators, like the rest of the admin (portal/rules.py)."""

from __future__ import annotations

import rules

from portal.rules import is_administrator

rules.add_perm("sso", is_administrator)
for model_name in ("identity", "groupmapping", "groupgrant"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"sso.{action}_{model_name}", is_administrator)

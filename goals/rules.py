"""Who may see and keep the goals and the employer initiatives. The predicates come from portal/rules.py."""

from __future__ import annotations

from typing import Any

import rules

from portal.models import Committee
from portal.rules import has_any_role, is_administrator, is_committee_member, is_hr_editor, is_strategist

# Goals are internal reading for everyone with a role, whatever the committee.
rules.add_perm("goals.view_goals", has_any_role)


@rules.predicate
def sees_drafts_of(user: Any, committee: Committee | None) -> bool:
    """A draft of a plan (a goal not yet adopted) is read by strategists and administrators, and a committee's
    also by its own reporters and approvers; ``None`` stands for the council's plan."""
    if is_strategist(user) or is_administrator(user):
        return True
    return committee is not None and bool(is_committee_member(user, committee))


@rules.predicate
def sees_goal(user: Any, goal: Any) -> bool:
    """An adopted goal is read by every role; a draft only by those who see its plan's drafts."""
    if goal is None:
        return False
    if goal.status == "adopted":
        return bool(has_any_role(user))
    return bool(sees_drafts_of(user, goal.committee))


rules.add_perm("goals.read_goal", sees_goal)
# The council's drafts, in lists that hold no object to ask about.
rules.add_perm("goals.read_goal_drafts", is_strategist | is_administrator)

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

"""Who may read, draft and adopt internal control. The predicates come from portal/rules.py.

A committee's risk analysis and control plan are read, once adopted, by the internal readers and the
committee's own members; their drafts only by the committee's members, strategists and administrators
(goals/rules.py ``sees_drafts_of``): other committees' members and users without a role learn nothing (404).
The committee's reporter drafts; its approver adopts with the committee's decision. The year's summary
across committees is the executive board's: strategists and the board's approvers write and adopt it, the
internal readers and the board's members read it.
"""

from __future__ import annotations

from typing import Any

import rules

from goals.rules import sees_drafts_of
from portal.access import roles_for
from portal.models import Committee, Membership
from portal.rules import (
    has_any_role,
    is_administrator,
    is_approver_for,
    is_committee_member,
    is_internal_reader,
    is_reporter_for,
    is_strategist,
)


def executive_boards() -> list[Committee]:
    """The active executive boards (kommunstyrelsen): one query."""
    return list(Committee.objects.active().filter(kind=Committee.Kind.EXECUTIVE_BOARD).order_by("sort_order", "pk"))


def _in_executive_board(user: Any, role: str | None = None) -> bool:
    held = roles_for(user)
    if not held.committee_roles:
        return False
    return any(held.in_committee(board.pk, role) for board in executive_boards())


@rules.predicate
def is_executive_member(user: Any) -> bool:
    return _in_executive_board(user)


@rules.predicate
def is_executive_approver(user: Any) -> bool:
    return _in_executive_board(user, Membership.Role.APPROVER)


@rules.predicate
def reads_control_of(user: Any, committee: Committee | None) -> bool:
    return committee is not None and bool(is_internal_reader(user) or is_committee_member(user, committee))


rules.add_perm("internalcontrol.view_index", has_any_role)
rules.add_perm("internalcontrol.view_control", reads_control_of)
rules.add_perm("internalcontrol.view_drafts", sees_drafts_of)
rules.add_perm("internalcontrol.draft_control", is_reporter_for)
rules.add_perm("internalcontrol.adopt_control", is_approver_for)
rules.add_perm("internalcontrol.view_summary", is_internal_reader | is_executive_member)
rules.add_perm("internalcontrol.view_summary_draft", is_strategist | is_administrator | is_executive_member)
rules.add_perm("internalcontrol.write_summary", is_strategist | is_executive_approver)
# The admin: the administrator reads the documents (internalcontrol/admin.py); the steps above write them.
rules.add_perm("internalcontrol", is_administrator)
# (not Control: "internalcontrol.view_control" is the committee-level rule above, so its plan's page lists them)
for model_name in ("riskanalysis", "risk", "controlplan", "yearsummary"):
    rules.add_perm(f"internalcontrol.view_{model_name}", is_administrator)

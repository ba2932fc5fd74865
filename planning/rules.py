"""Who may read, draft and adopt a plan. ``None`` as the object stands for the council's plan.

A committee's plan is read by everyone who may see the committee; its drafts
only by the committee's own reporters and approvers, strategists and
administrators (goals/rules.py ``sees_drafts_of``). The reporter (and the
approver) drafts; the approver adopts with the committee's decision. The
council's plan is drafted and adopted by strategists, who record the council's
decision.
"""

from __future__ import annotations

from typing import Any

import rules

from goals.rules import sees_drafts_of
from portal.models import Committee
from portal.rules import (
    has_any_role,
    is_approver_for,
    is_committee_member,
    is_internal_reader,
    is_reporter_for,
    is_strategist,
)


@rules.predicate
def reads_plan_of(user: Any, committee: Committee | None) -> bool:
    if committee is None:
        return bool(has_any_role(user))
    return bool(is_internal_reader(user) or is_committee_member(user, committee))


@rules.predicate
def drafts_plan_of(user: Any, committee: Committee | None) -> bool:
    if committee is None:
        return bool(is_strategist(user))
    return bool(is_reporter_for(user, committee) or is_approver_for(user, committee))


@rules.predicate
def adopts_plan_of(user: Any, committee: Committee | None) -> bool:
    if committee is None:
        return bool(is_strategist(user))
    return bool(is_approver_for(user, committee))


rules.add_perm("planning.view_plan", reads_plan_of)
rules.add_perm("planning.view_drafts", sees_drafts_of)
rules.add_perm("planning.draft_plan", drafts_plan_of)
rules.add_perm("planning.adopt_plan", adopts_plan_of)


@rules.predicate
def reads_assignment(user: Any, assignment: Any) -> bool:
    return assignment is not None and bool(reads_plan_of(user, assignment.owner))


# Strategists write the assignments the council and the executive board give; the owner reports on them in
# its follow-ups (followups.AssignmentReport). Everyone who may see the owner reads them.
rules.add_perm("planning.manage_assignments", is_strategist)
rules.add_perm("planning.view_assignment", reads_assignment)

# The year rollover copies every plan of a year to the next: the strategist's.
rules.add_perm("planning.roll_over", is_strategist)

"""Who may see, fill in, approve, accept and publish follow-ups, and keep the reporting periods.
The predicates come from portal/rules.py."""

from __future__ import annotations

from typing import Any

import rules

from followups.models import FollowUp
from portal.access import roles_for
from portal.models import Membership
from portal.rules import is_auditor, is_internal_reader, is_strategist

# --- Follow-ups -------------------------------------------------------------------
# A follow-up's committee roles are read from the user's role set by committee
# id, so asking costs no query for the committee.


def _committee_role(role: str) -> Any:
    @rules.predicate(name=f"is_followup_{role}")
    def predicate(user: Any, followup: FollowUp | None) -> bool:
        return followup is not None and roles_for(user).in_committee(followup.committee_id, role)

    return predicate


def _in_state(state: str) -> Any:
    @rules.predicate(name=f"followup_is_{state}")
    def predicate(user: Any, followup: FollowUp | None) -> bool:
        return followup is not None and followup.state == state

    return predicate


is_followup_reporter = _committee_role(Membership.Role.REPORTER)
is_followup_approver = _committee_role(Membership.Role.APPROVER)
followup_is_draft = _in_state(FollowUp.State.DRAFT)
followup_is_submitted = _in_state(FollowUp.State.SUBMITTED)
followup_is_approved = _in_state(FollowUp.State.APPROVED)
followup_is_accepted = _in_state(FollowUp.State.ACCEPTED)


@rules.predicate
def followup_period_is_open(user: Any, followup: FollowUp | None) -> bool:
    return followup is not None and followup.period.is_open


# Internal readers read every follow-up; committee members read their own committee's.
rules.add_perm("followups.view_all_followups", is_internal_reader)
rules.add_perm("followups.view_followup", is_internal_reader | is_followup_reporter | is_followup_approver)
# Readers comment on the values; the auditor reads and changes nothing (their questions go through audit).
rules.add_perm(
    "followups.comment_followup", (is_internal_reader & ~is_auditor) | is_followup_reporter | is_followup_approver
)
# The reporter drafts, while the period is open; a follow-up that is not a draft cannot be edited.
rules.add_perm("followups.edit_followup", is_followup_reporter & followup_is_draft & followup_period_is_open)
rules.add_perm("followups.submit_followup", is_followup_reporter & followup_is_draft & followup_period_is_open)
rules.add_perm("followups.approve_followup", is_followup_approver & followup_is_submitted)
# The approver may send back what was submitted; the strategist also what the committee approved.
rules.add_perm(
    "followups.return_followup",
    is_followup_approver & followup_is_submitted | is_strategist & (followup_is_submitted | followup_is_approved),
)
rules.add_perm("followups.accept_followup", is_strategist & followup_is_approved)
rules.add_perm("followups.publish_followup", is_strategist & followup_is_accepted)

# Reporting periods: the strategist keeps them; internal readers see the overview.
rules.add_perm("followups.view_periods", is_internal_reader)
rules.add_perm("followups.manage_periods", is_strategist)
rules.add_perm("followups.export_periods", is_strategist)

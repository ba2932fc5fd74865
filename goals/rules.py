"""Who may see and keep the goals. The predicates come from portal/rules.py."""

from __future__ import annotations

from typing import Any

import rules

from goals.models import FollowUp, FulfillmentReport
from portal.access import roles_for
from portal.models import Membership
from portal.rules import has_any_role, is_administrator, is_hr_editor, is_internal_reader, is_strategist

# Goals are internal reading for everyone with a role, whatever the committee.
rules.add_perm("goals.view_goals", has_any_role)

# Django admin: administrators keep the vision, goals, indicators, targets and measurements.
ADMIN_MODELS = ("vision", "focusarea", "goal", "indicator", "target", "measurement")
rules.add_perm("goals", is_administrator)
for model_name in ADMIN_MODELS:
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"goals.{action}_{model_name}", is_administrator)

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
rules.add_perm("goals.view_all_followups", is_internal_reader)
rules.add_perm("goals.view_followup", is_internal_reader | is_followup_reporter | is_followup_approver)
# The reporter drafts, while the period is open; a follow-up that is not a draft cannot be edited.
rules.add_perm("goals.edit_followup", is_followup_reporter & followup_is_draft & followup_period_is_open)
rules.add_perm("goals.submit_followup", is_followup_reporter & followup_is_draft & followup_period_is_open)
rules.add_perm("goals.approve_followup", is_followup_approver & followup_is_submitted)
# The approver may send back what was submitted; the strategist also what the committee approved.
rules.add_perm(
    "goals.return_followup",
    is_followup_approver & followup_is_submitted | is_strategist & (followup_is_submitted | followup_is_approved),
)
rules.add_perm("goals.accept_followup", is_strategist & followup_is_approved)
rules.add_perm("goals.publish_followup", is_strategist & followup_is_accepted)

# Reporting periods: the strategist keeps them; internal readers see the overview.
rules.add_perm("goals.view_periods", is_internal_reader)
rules.add_perm("goals.manage_periods", is_strategist)
rules.add_perm("goals.export_periods", is_strategist)

# --- Annual fulfillment -------------------------------------------------------------


@rules.predicate
def report_is_published(user: Any, report: FulfillmentReport | None) -> bool:
    return report is not None and report.state == FulfillmentReport.State.PUBLISHED


@rules.predicate
def report_is_publishable(user: Any, report: FulfillmentReport | None) -> bool:
    return report is not None and report.is_draft and report.is_done


# Published reports are read by everyone with a role; drafts by internal readers.
rules.add_perm("goals.view_fulfillment_reports", has_any_role)
rules.add_perm("goals.view_draft_fulfillment_reports", is_internal_reader)
rules.add_perm("goals.view_fulfillment_report", has_any_role & report_is_published | is_internal_reader)
# The strategist compiles and publishes.
rules.add_perm("goals.compile_fulfillment", is_strategist)
rules.add_perm("goals.publish_fulfillment_report", is_strategist & report_is_publishable)

# --- Employer initiatives -------------------------------------------------------------
# HR editors write, preview and publish them; nobody else, in the portal (administrators keep the
# admin's own pages). The public reads published ones on the public site without any rule.
rules.add_perm("goals.manage_initiatives", is_hr_editor)

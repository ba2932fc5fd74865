"""Who may read, compile and publish the annual fulfillment. The predicates come from portal/rules.py."""

from __future__ import annotations

from typing import Any

import rules

from fulfillment.models import FulfillmentReport
from portal.rules import has_any_role, is_internal_reader, is_strategist

# --- Annual fulfillment -------------------------------------------------------------


@rules.predicate
def report_is_published(user: Any, report: FulfillmentReport | None) -> bool:
    return report is not None and report.state == FulfillmentReport.State.PUBLISHED


@rules.predicate
def report_is_publishable(user: Any, report: FulfillmentReport | None) -> bool:
    return report is not None and report.is_draft and report.is_done


# Published reports are read by everyone with a role; drafts by internal readers.
rules.add_perm("fulfillment.view_fulfillment_reports", has_any_role)
rules.add_perm("fulfillment.view_draft_fulfillment_reports", is_internal_reader)
rules.add_perm("fulfillment.view_fulfillment_report", has_any_role & report_is_published | is_internal_reader)
# The strategist compiles and publishes.
rules.add_perm("fulfillment.compile", is_strategist)
rules.add_perm("fulfillment.publish_fulfillment_report", is_strategist & report_is_publishable)

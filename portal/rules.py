"""Who may do what: every access decision in Styrportal is made here.

Views ask with ``request.user.has_perm("app.action", obj)`` and templates with
``{% has_perm "app.action" user obj as allowed %}`` (from ``rules``). The
predicates read the roles once per request through ``portal.access``.
docs/roles.md describes the roles in words; tests/test_access.py walks every
URL as every role against one table.
"""

from __future__ import annotations

from typing import Any

import rules

from portal.access import roles_for
from portal.models import Committee, Membership, Role


def _has_role(role: str) -> Any:
    @rules.predicate(name=f"is_{role}")
    def predicate(user: Any) -> bool:
        return roles_for(user).has(role)

    return predicate


is_strategist = _has_role(Role.STRATEGIST)
is_hr_editor = _has_role(Role.HR_EDITOR)
is_viewer = _has_role(Role.VIEWER)
is_manager = _has_role(Role.MANAGER)
is_administrator = _has_role(Role.ADMINISTRATOR)
# The municipality's auditors (revisorer): read everything internal, change nothing (docs/audit.md).
is_auditor = _has_role(Role.AUDITOR)


@rules.predicate
def is_reporter_for(user: Any, committee: Committee | None) -> bool:
    return committee is not None and roles_for(user).in_committee(committee.pk, Membership.Role.REPORTER)


@rules.predicate
def is_approver_for(user: Any, committee: Committee | None) -> bool:
    return committee is not None and roles_for(user).in_committee(committee.pk, Membership.Role.APPROVER)


@rules.predicate
def has_any_role(user: Any) -> bool:
    role_set = roles_for(user)
    return bool(role_set.roles or role_set.committee_roles)


# Reads everything internal, whatever the committee. Every rule built on it reads: a write that an internal
# reader may make (a comment on a follow-up's value) leaves the auditor out by name.
is_internal_reader = is_strategist | is_viewer | is_manager | is_administrator | is_auditor
is_committee_member = is_reporter_for | is_approver_for

rules.add_perm("portal.view_dashboard", rules.is_authenticated)
rules.add_perm("portal.use_admin", is_administrator)
rules.add_perm("portal.view_committee", is_internal_reader | is_committee_member)

# Django admin: administrators keep users, committees, memberships and master
# data. Later apps add their models the same way in their own rules.py.
ADMIN_MODELS = {
    "portal": ("user", "municipality", "committee", "membership"),
    "auth": ("group",),
    "axes": ("accessattempt", "accesslog", "accessfailurelog"),
}
for app_label, model_names in ADMIN_MODELS.items():
    rules.add_perm(app_label, is_administrator)
    for model_name in model_names:
        for action in ("view", "add", "change", "delete"):
            name = f"{app_label}.{action}_{model_name}"
            if not rules.perm_exists(name):  # a domain rule above (view_committee) already decides
                rules.add_perm(name, is_administrator)

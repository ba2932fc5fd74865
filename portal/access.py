"""Who holds which role: read once per request and shared by every rule.

The rules themselves live in ``portal/rules.py``; this module only answers
"which municipality-wide roles and which committee roles does this user
have", with one query for groups and one for memberships per request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from portal.models import Committee, Membership, Role, User
from portal.signals import loggable

security_log = logging.getLogger("portal.security")


@dataclass(frozen=True)
class RoleSet:
    """A user's municipality-wide roles and committee roles."""

    roles: frozenset[str] = frozenset()
    committee_roles: dict[int, frozenset[str]] = field(default_factory=dict)

    def has(self, role: str) -> bool:
        return role in self.roles

    def in_committee(self, committee_id: int, role: str | None = None) -> bool:
        held = self.committee_roles.get(committee_id, frozenset())
        return bool(held) if role is None else role in held


NO_ROLES = RoleSet()


def roles_for(user: User | AnonymousUser | None) -> RoleSet:
    """The user's roles; two queries the first time per user object, none after."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ROLES
    assert isinstance(user, User)
    if user._role_set is None:
        roles = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
        if user.is_superuser:
            roles.add(Role.ADMINISTRATOR)
        committee_roles: dict[int, set[str]] = {}
        for committee_id, role in Membership.objects.filter(user=user, committee__is_active=True).values_list(
            "committee_id", "role"
        ):
            committee_roles.setdefault(committee_id, set()).add(role)
        user._role_set = RoleSet(
            roles=frozenset(roles),
            committee_roles={key: frozenset(value) for key, value in committee_roles.items()},
        )
    return user._role_set


def log_refusal(request: HttpRequest, reason: str, **details: Any) -> None:
    """Write a refused access to the security log: who, what, why."""
    user = getattr(request, "user", None)
    who = loggable(user.get_username()) if user is not None and user.is_authenticated else "anonymous"
    extra = " ".join(f"{key}={loggable(value)}" for key, value in sorted(details.items()))
    security_log.warning(
        "access refused user=%s path=%s reason=%s %s", who, loggable(request.path), loggable(reason), extra
    )


def get_committee_for_user(request: HttpRequest, slug: str, perm: str) -> Committee:
    """The committee named in the URL, if the user may see it and holds ``perm``.

    Outsiders get 404 (they learn nothing about what exists); users who may see
    the committee but lack ``perm`` get 403.
    """
    try:
        committee = Committee.objects.active().get(slug=slug)
    except Committee.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("portal.view_committee", committee):
        log_refusal(request, "not-visible", committee=committee.slug)
        raise Http404
    if not request.user.has_perm(perm, committee):
        raise PermissionDenied(f"missing-permission perm={perm} committee={committee.slug}")
    return committee


def require_perm(request: HttpRequest, perm: str) -> None:
    """403 unless the signed-in user holds ``perm`` (a rule without an object); the refusal is logged."""
    if not request.user.has_perm(perm):
        raise PermissionDenied(f"missing-permission perm={perm}")


def request_user(request: HttpRequest) -> User:
    """The signed-in user, typed: for views behind ``login_required``."""
    assert isinstance(request.user, User)
    return request.user

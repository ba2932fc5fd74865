"""What an API request may read: the same rules as the portal's pages.

A signed-in user (session) is asked through ``user.has_perm``; a request with
a key reads with the key's roles (``ApiToken.role_set``): the strategist, or a
reporter of its committee. Everyone else reads published data only.
"""

from __future__ import annotations

from typing import Any

import rules
from rest_framework.request import Request

from api.models import ApiToken
from portal.models import User


def _token_principal(token: ApiToken) -> User:
    """An unsaved user holding the key's roles, for the rules to judge; never saved or signed in."""
    principal = User(username=f"api-token-{token.pk}", is_active=True)
    principal._role_set = token.role_set()
    return principal


def may(request: Request, perm: str, obj: Any = None) -> bool:
    """Whether the request's user or key holds ``perm``."""
    if isinstance(request.auth, ApiToken):
        return bool(rules.has_perm(perm, _token_principal(request.auth), obj))
    return bool(request.user.has_perm(perm, obj))


def sees_unpublished_goals(request: Request) -> bool:
    """Draft goals are internal reading (goals.view_goals); without it only adopted goals are shown."""
    return may(request, "goals.view_goals")


def sees_unpublished_budgets(request: Request) -> bool:
    """Budget proposals are internal reading (budgets.view_budget); without it only adopted documents are shown."""
    return may(request, "budgets.view_budget")
